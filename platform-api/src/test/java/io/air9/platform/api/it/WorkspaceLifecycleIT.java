package io.air9.platform.api.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.air9.platform.api.kube.Writes;
import io.air9.platform.api.problem.ApiException;
import io.air9.platform.model.Workspace;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import org.springframework.http.HttpStatus;

import io.air9.platform.sim.cluster.KubernetesCluster;
import io.air9.platform.sim.junit.KubernetesClusterTest;
import io.air9.platform.sim.junit.Waits;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Through the API with the operator running: create -> Ready -> stop -> start (watched over SSE) -> delete. */
@KubernetesClusterTest
class WorkspaceLifecycleIT {

  static ApiOnCluster api;

  @BeforeAll
  static void start(KubernetesCluster cluster) {
    api = ApiOnCluster.start(cluster);
  }

  @Test
  void createReadyStopStartDelete() throws Exception {
    String bob = api.token("bob");
    String path = "/api/v1/teams/a/workspaces";

    ApiOnCluster.Response created = api.send("POST", path, bob, """
        {"name":"lifecycle","class":"jupyterlab","image":"scipy","resources":{"cpu":"2","memory":"4Gi"},
         "storage":"5Gi","env":[{"name":"MODE","value":"it"}]}""");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.json().get("owner").asString()).isEqualTo("bob");
    assertThat(created.headers().firstValue("ETag")).isPresent();
    // The API wrote only the custom resource, with its own field manager (a create, so that of two concurrent
    // creates only one succeeds).
    var ws = api.client.resources(io.air9.platform.model.Workspace.class).inNamespace("team-a")
        .withName("lifecycle").get();
    assertThat(ws.getMetadata().getManagedFields()).anySatisfy(m -> assertThat(m.getManager()).isEqualTo("air9-api"));

    JsonNode running = api.awaitJson(path + "/lifecycle", bob, Duration.ofSeconds(90),
        w -> "Running".equals(w.path("phase").asString()) && ready(w));
    assertThat(running.get("url").asString()).isNotBlank();
    assertThat(running.get("resources").get("cpu").asString()).isEqualTo("2");
    JsonNode events = api.send("GET", path + "/lifecycle/events", bob, null).json();
    assertThat(events.get("conditions").toString()).contains("\"type\":\"Ready\"");
    assertThat(events.get("events").size()).as(events.toString()).isPositive();
    assertThat(events.get("events").toString()).contains("lifecycle");

    ApiOnCluster.Response stopped = api.send("POST", path + "/lifecycle/stop", bob, null);
    assertThat(stopped.status()).as(stopped.body()).isEqualTo(200);
    assertThat(stopped.json().get("state").asString()).isEqualTo("Stopped");
    api.awaitJson(path + "/lifecycle", bob, Duration.ofSeconds(90), w -> "Stopped".equals(w.path("phase").asString()));
    assertThat(api.client.pods().inNamespace("team-a").withLabel("air9.io/workspace", "lifecycle").list().getItems())
        .isEmpty();

    // Start while listening to the team's event stream: the phases of the start arrive as they happen.
    List<String> phases = new CopyOnWriteArrayList<>();
    HttpRequest sse = HttpRequest.newBuilder(api.base.resolve("/api/v1/teams/a/workspace-events"))
        .header("Authorization", "Bearer " + bob).header("Accept", "text/event-stream").build();
    CompletableFuture<HttpResponse<Stream<String>>> stream = api.http.sendAsync(sse, HttpResponse.BodyHandlers.ofLines());
    HttpResponse<Stream<String>> streamResponse = stream.get();
    assertThat(streamResponse.statusCode()).isEqualTo(200);
    assertThat(streamResponse.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
    AtomicBoolean snapshot = new AtomicBoolean();
    AtomicReference<String> event = new AtomicReference<>("message");
    Thread reader = new Thread(() -> readQuietly(streamResponse.body(), line -> {
      if (line.startsWith("event:")) {
        event.set(line.substring(6).strip());
      } else if (line.startsWith("data:") && event.get().equals("snapshot")) {
        snapshot.set(true);
      } else if (line.startsWith("data:") && event.get().equals("workspace")) {
        JsonNode change = ApiOnCluster.JSON.readTree(line.substring(5));
        JsonNode w = change.get("workspace");
        if ("lifecycle".equals(w.get("name").asString())) {
          String phase = w.path("phase").asString();
          if (phases.isEmpty() || !phases.get(phases.size() - 1).equals(phase)) {
            phases.add(phase);
          }
        }
      }
    }));
    reader.setDaemon(true);
    reader.start();
    // The stream starts with a snapshot of the team's workspaces: from then on, every change arrives.
    Waits.await("the stream's snapshot", Duration.ofSeconds(30), snapshot::get);
    ApiOnCluster.Response started = api.send("POST", path + "/lifecycle/start", bob, null);
    assertThat(started.status()).as(started.body()).isEqualTo(200);
    Waits.await("Running over SSE", Duration.ofSeconds(90), () -> phases.contains("Running"));
    streamResponse.body().close();
    reader.interrupt();
    // Stopped (the spec change) first, then the operator's progress, ending Running.
    List<String> seen = new ArrayList<>(phases);
    assertThat(seen.get(0)).isEqualTo("Stopped");
    assertThat(seen.get(seen.size() - 1)).isEqualTo("Running");
    assertThat(seen.subList(1, seen.size() - 1)).isNotEmpty().doesNotContain("Running", "Stopped", "Failed");
    System.out.println("SSE phases of a start: " + seen);

    ApiOnCluster.Response deleted = api.send("DELETE", path + "/lifecycle", bob, null);
    assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);
    Waits.await("workspace gone", Duration.ofSeconds(60),
        () -> api.send("GET", path + "/lifecycle", bob, null).status() == 404);
  }

  @Test
  void staleWritesAreRefusedNotOverwritten() {
    String alice = api.token("alice");
    String path = "/api/v1/teams/a/workspaces";
    ApiOnCluster.Response created = api.send("POST", path, alice, """
        {"name":"concurrency","class":"rstudio","state":"Stopped"}""");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String v1 = created.json().get("resourceVersion").asString();
    String etag1 = created.headers().firstValue("ETag").orElseThrow();

    ApiOnCluster.Response first = api.send("PUT", path + "/concurrency", alice, """
        {"displayName":"first","state":"Stopped","resourceVersion":"%s"}""".formatted(v1));
    assertThat(first.status()).as(first.body()).isEqualTo(200);
    assertThat(first.json().get("resourceVersion").asString()).isNotEqualTo(v1);

    ApiOnCluster.Response staleBody = api.send("PUT", path + "/concurrency", alice, """
        {"displayName":"second","state":"Stopped","resourceVersion":"%s"}""".formatted(v1));
    assertThat(staleBody.status()).as(staleBody.body()).isEqualTo(409);
    assertThat(staleBody.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");

    ApiOnCluster.Response staleIfMatch = api.send("POST", path + "/concurrency/start", alice, null, etag1);
    assertThat(staleIfMatch.status()).as(staleIfMatch.body()).isEqualTo(412);

    ApiOnCluster.Response staleDelete = api.send("DELETE", path + "/concurrency", alice, null, etag1);
    assertThat(staleDelete.status()).isEqualTo(412);

    Workspace now = api.client.resources(Workspace.class).inNamespace("team-a")
        .withName("concurrency").get();
    assertThat(now.getSpec().getDisplayName()).isEqualTo("first");
    assertThat(now.getSpec().isStopped()).isTrue();

    // The API server enforces the resourceVersion of the apply itself, so a write that raced past the check
    // above still cannot overwrite: apply the whole spec again based on the first version.
    Workspace stale = new Workspace();
    stale.setMetadata(new ObjectMetaBuilder().withName("concurrency").withNamespace("team-a").withResourceVersion(v1)
        .build());
    stale.setSpec(now.getSpec());
    stale.getSpec().setDisplayName("overwrite");
    assertThatThrownBy(() -> api.app.getBean(Writes.class).apply(stale))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(HttpStatus.CONFLICT));
    assertThat(api.client.resources(Workspace.class).inNamespace("team-a").withName("concurrency").get()
        .getSpec().getDisplayName()).isEqualTo("first");

    String current = api.client.resources(Workspace.class).inNamespace("team-a").withName("concurrency").get()
        .getMetadata().getResourceVersion();
    ApiOnCluster.Response deleted = api.send("DELETE", path + "/concurrency", alice, null, "\"" + current + "\"");
    assertThat(deleted.status()).as(deleted.body()).isIn(204, 412);
    if (deleted.status() == 412) { // the operator wrote the status in between: delete unconditionally
      assertThat(api.send("DELETE", path + "/concurrency", alice, null).status()).isEqualTo(204);
    }
  }

  private static void readQuietly(Stream<String> lines, java.util.function.Consumer<String> consumer) {
    try {
      lines.forEach(consumer);
    } catch (java.io.UncheckedIOException e) {
      // the test closed the stream
    }
  }

  private static boolean ready(JsonNode w) {
    for (JsonNode c : w.path("conditions")) {
      if ("Ready".equals(c.path("type").asString()) && "True".equals(c.path("status").asString())) {
        return true;
      }
    }
    return false;
  }
}
