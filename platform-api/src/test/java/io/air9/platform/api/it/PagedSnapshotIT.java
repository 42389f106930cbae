package io.air9.platform.api.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.air9.platform.sim.cluster.KubernetesCluster;
import io.air9.platform.sim.junit.KubernetesClusterTest;
import io.air9.platform.sim.junit.Waits;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The event stream's snapshot is the first page of the team's list (a team of 5000 does not send 5000 workspaces
 * to every stream): its size as asked, the team's count and the cursor of the next page; the list's pages after
 * that cursor hold the rest, each workspace once, and later changes arrive as events.
 */
@KubernetesClusterTest
class PagedSnapshotIT {

  static final String PATH = "/api/v1/teams/a/workspaces";
  static ApiOnCluster api;

  @BeforeAll
  static void start(KubernetesCluster cluster) {
    api = ApiOnCluster.start(cluster);
  }

  @Test
  void theSnapshotIsTheFirstPageAndTheListsCursorBringsTheRest() throws Exception {
    String alice = api.token("alice");
    for (String name : List.of("paged-1", "paged-2", "paged-3")) {
      ApiOnCluster.Response r = api.send("POST", PATH, alice, """
          {"name":"%s","class":"vscode","state":"Stopped"}""".formatted(name));
      assertThat(r.status()).as(r.body()).isIn(201, 409);
    }
    Waits.await("the three in the API's cache", Duration.ofSeconds(30),
        () -> api.send("GET", PATH + "?size=500", alice, null).body().contains("paged-3"));
    List<String> all = names(api.send("GET", PATH + "?size=500", alice, null).json());

    List<String> lines = new CopyOnWriteArrayList<>();
    HttpRequest sse = HttpRequest.newBuilder(api.base.resolve("/api/v1/teams/a/workspace-events?size=2"))
        .header("Authorization", "Bearer " + alice).header("Accept", "text/event-stream").build();
    HttpResponse<Stream<String>> stream = api.http.send(sse, HttpResponse.BodyHandlers.ofLines());
    assertThat(stream.statusCode()).isEqualTo(200);
    AtomicReference<String> event = new AtomicReference<>("");
    Thread reader = new Thread(() -> {
      try {
        stream.body().forEach(line -> {
          if (line.startsWith("event:")) {
            event.set(line.substring(6).strip());
          } else if (line.startsWith("data:")) {
            lines.add(event.get() + " " + line.substring(5));
          }
        });
      } catch (java.io.UncheckedIOException e) {
        // the test closed the stream
      }
    });
    reader.setDaemon(true);
    reader.start();
    try {
      Waits.await("the snapshot", Duration.ofSeconds(30), () -> lines.stream().anyMatch(l -> l.startsWith("snapshot ")));
      assertThat(lines.get(0)).as("the snapshot comes before any change").startsWith("snapshot ");
      JsonNode snapshot = ApiOnCluster.JSON.readTree(lines.get(0).substring("snapshot ".length()));
      assertThat(names(snapshot.get("workspaces"))).isEqualTo(all.subList(0, 2));
      assertThat(snapshot.get("totalItems").asLong()).isEqualTo(all.size());
      assertThat(snapshot.get("next").asString()).isEqualTo(all.get(1));
      assertThat(snapshot.get("resourceVersion").asString()).isNotBlank();

      // The rest, page by page after the cursor: every workspace once, in order.
      List<String> paged = new ArrayList<>(names(snapshot.get("workspaces")));
      String after = snapshot.get("next").asString();
      while (after != null) {
        JsonNode page = api.send("GET", PATH + "?size=2&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8),
            alice, null).json();
        paged.addAll(names(page.get("items")));
        after = page.hasNonNull("next") ? page.get("next").asString() : null;
      }
      assertThat(paged).isEqualTo(all);

      // And changes after the snapshot arrive as events.
      assertThat(api.send("DELETE", PATH + "/paged-2", alice, null).status()).isEqualTo(204);
      Waits.await("the deletion on the stream", Duration.ofSeconds(30),
          () -> lines.stream().anyMatch(l -> l.startsWith("workspace ") && l.contains("\"paged-2\"")));
    } finally {
      stream.body().close();
      reader.interrupt();
      for (String name : List.of("paged-1", "paged-2", "paged-3")) {
        api.send("DELETE", PATH + "/" + name, alice, null);
      }
    }
  }

  private static List<String> names(JsonNode items) {
    List<String> names = new ArrayList<>();
    (items.has("items") ? items.get("items") : items).forEach(w -> names.add(w.get("name").asString()));
    return names;
  }
}
