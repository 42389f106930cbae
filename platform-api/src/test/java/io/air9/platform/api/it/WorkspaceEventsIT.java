package io.air9.platform.api.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.air9.platform.model.Workspace;
import io.air9.platform.model.WorkspaceNames;
import io.air9.platform.sim.cluster.KubernetesCluster;
import io.air9.platform.sim.junit.KubernetesClusterTest;
import io.fabric8.kubernetes.api.model.EventBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A workspace's events are those whose involved object is the workspace or one of its children: workspace
 * {@code ev} does not show the events of {@code ev-b} (whose names all start with {@code ev-}), and the events of
 * its home volume (PVC {@code home-ev}) do show.
 */
@KubernetesClusterTest
class WorkspaceEventsIT {

  static final String A = "/api/v1/teams/a/workspaces";
  static ApiOnCluster api;

  @BeforeAll
  static void start(KubernetesCluster cluster) {
    api = ApiOnCluster.start(cluster);
  }

  @Test
  void eventsAreMatchedByInvolvedObjectNotByNamePrefix() {
    String alice = api.token("alice");
    for (String ws : List.of("ev", "ev-b")) {
      ApiOnCluster.Response r = api.send("POST", A, alice, """
          {"name":"%s","class":"rstudio","state":"Stopped"}""".formatted(ws));
      assertThat(r.status()).as(r.body()).isEqualTo(201);
    }
    // One event on the workspace itself and on each of its children, with a message naming the workspace.
    List<String> expectedOfEv = new ArrayList<>();
    for (String ws : List.of("ev", "ev-b")) {
      Workspace w = api.client.resources(Workspace.class).inNamespace("team-a").withName(ws).get();
      record(ws, "Workspace", ws, w.getMetadata().getUid());
      for (WorkspaceNames.Child child : WorkspaceNames.children(ws)) {
        record(ws, child.kind(), child.name(), null);
        if (ws.equals("ev")) {
          expectedOfEv.add(child.kind() + "/" + child.name());
        }
      }
    }
    expectedOfEv.add("Workspace/ev");

    JsonNode ev = api.send("GET", A + "/ev/events", alice, null).json();
    assertThat(tested(ev, "ev")).containsExactlyInAnyOrderElementsOf(expectedOfEv)
        .contains("PersistentVolumeClaim/home-ev");
    // Every event shown (the operator's and the cluster's too) is about ev or one of its children.
    ev.get("events").forEach(e -> assertThat(e.get("object").asString()).isIn(expectedOfEv));

    JsonNode evB = api.send("GET", A + "/ev-b/events", alice, null).json();
    assertThat(tested(evB, "ev-b")).hasSameSizeAs(expectedOfEv).contains("PersistentVolumeClaim/home-ev-b");
    for (String ws : List.of("ev", "ev-b")) {
      assertThat(api.send("DELETE", A + "/" + ws, alice, null).status()).isEqualTo(204);
    }
  }

  /** The objects of this test's events in an answer; each must be about {@code ws}. */
  private static List<String> tested(JsonNode answer, String ws) {
    List<String> objects = new ArrayList<>();
    answer.get("events").forEach(e -> {
      if ("Tested".equals(e.get("reason").asString())) {
        assertThat(e.get("message").asString()).as(e.toString()).isEqualTo("about " + ws);
        objects.add(e.get("object").asString());
      }
    });
    return objects;
  }

  private static void record(String ws, String kind, String name, String uid) {
    String now = Instant.now().toString();
    api.client.v1().events().inNamespace("team-a").resource(new EventBuilder()
        .withNewMetadata().withGenerateName(name + ".").withNamespace("team-a").endMetadata()
        .withNewInvolvedObject().withKind(kind).withName(name).withNamespace("team-a").withUid(uid)
        .endInvolvedObject()
        .withType("Normal").withReason("Tested").withMessage("about " + ws)
        .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
        .withNewSource().withComponent("workspace-events-it").endSource()
        .build()).create();
  }
}
