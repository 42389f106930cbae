package io.air9.platform.api.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.air9.platform.model.Air9;
import io.air9.platform.model.Workspace;
import io.air9.platform.sim.cluster.KubernetesCluster;
import io.air9.platform.sim.junit.KubernetesClusterTest;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Keep-alive through the API on the simulated cluster: a member moves the idle deadline (the annotation the API
 * writes, then status.cullAt from the operator), bounded by the class's maxKeepAlive, maximum runtime and GPU lease;
 * viewers get 403 and refusals are problem details.
 */
@KubernetesClusterTest
class KeepAliveIT {

  static ApiOnCluster api;
  static final String WORKSPACES = "/api/v1/teams/keep/workspaces";
  static final Duration RUNNING = Duration.ofSeconds(120);

  @BeforeAll
  static void start(KubernetesCluster cluster) throws Exception {
    api = ApiOnCluster.start(cluster);
    ApiOnCluster.Response team = api.send("POST", "/api/v1/teams", api.token("dave"), """
        {"name":"keep","displayName":"Keep-alive","members":[{"name":"alice","role":"admin"},
         {"name":"keep-member","role":"member"},{"name":"keep-viewer","role":"viewer"}],
         "quota":{"cpu":"16","memory":"64Gi","gpu":1,"storage":"100Gi","maxWorkspaces":10}}""");
    assertThat(team.status()).as(team.body()).isIn(201, 409);
    api.awaitJson("/api/v1/teams/keep", api.token("alice"), Duration.ofSeconds(30), t -> true);
    api.client.serviceAccounts().inNamespace("team-keep").withName("default")
        .waitUntilCondition(sa -> sa != null, 60, java.util.concurrent.TimeUnit.SECONDS);
    // jupyterlab as deployed, but with a maximum runtime of 6h: 4h idle + 8h keep-alive would pass it
    String jupyter = Files.readString(ApiOnCluster.REPO.resolve("deploy/classes/jupyterlab.yaml"));
    api.client.resource(jupyter.replace("name: jupyterlab", "name: keep-short").replace("maxRuntime: 24h",
        "maxRuntime: 6h")).serverSideApply();
    api.awaitJson("/api/v1/classes/keep-short", api.token("alice"), Duration.ofSeconds(30), c -> true);
  }

  /** Creates a workspace as alice and waits until it runs with a cull time; returns it. */
  static JsonNode running(String name, String cls, String resources) {
    ApiOnCluster.Response created = api.send("POST", WORKSPACES, api.token("alice"), """
        {"name":"%s","class":"%s","resources":%s}""".formatted(name, cls, resources));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return api.awaitJson(WORKSPACES + "/" + name, api.token("alice"), RUNNING,
        w -> "Running".equals(w.path("phase").asString()) && !w.path("cullAt").isNull()
            && !w.path("cullAt").isMissingNode());
  }

  static ApiOnCluster.Response keepAlive(String name, String user, String body) {
    return api.send("POST", WORKSPACES + "/" + name + "/keep-alive", api.token(user), body);
  }

  @Test
  void aMemberKeepsAWorkspaceAliveWithinTheClassMaximumAndViewersCannot() {
    JsonNode ws = running("notebook", "jupyterlab", "{\"cpu\":\"1\",\"memory\":\"2Gi\"}");
    Instant started = Instant.parse(ws.get("startedAt").asString());
    assertThat(Instant.parse(ws.get("cullAt").asString())).isEqualTo(started.plus(Duration.ofHours(4)));
    assertThat(ws.get("cullReason").asString()).isEqualTo("Idle");
    assertThat(ws.get("cullWarning").asBoolean()).isFalse();

    ApiOnCluster.Response viewer = keepAlive("notebook", "keep-viewer", null);
    assertThat(viewer.status()).as(viewer.body()).isEqualTo(403);
    assertThat(viewer.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");

    ApiOnCluster.Response tooLong = keepAlive("notebook", "keep-member", "{\"duration\":\"9h\"}");
    assertThat(tooLong.status()).as(tooLong.body()).isEqualTo(400);
    assertThat(tooLong.json().get("errors").get(0).get("field").asString()).isEqualTo("duration");
    assertThat(tooLong.json().get("errors").get(0).get("message").asString()).contains("at most 8h");
    assertThat(keepAlive("notebook", "keep-member", "{\"duration\":\"soon\"}").status()).isEqualTo(400);

    // a member (not the owner) keeps it alive for 6h: the annotation is written, the operator moves cullAt there
    Instant before = Instant.now();
    ApiOnCluster.Response kept = keepAlive("notebook", "keep-member", "{\"duration\":\"6h\"}");
    assertThat(kept.status()).as(kept.body()).isEqualTo(200);
    Instant until = Instant.parse(kept.json().get("keepAliveUntil").asString());
    assertThat(until).isBetween(before.plus(Duration.ofHours(6)).minusSeconds(1),
        Instant.now().plus(Duration.ofHours(6)));
    assertThat(kept.json().get("cullAt").asString()).isEqualTo(until.toString());
    assertThat(kept.json().get("cullReason").asString()).isEqualTo("Idle");
    Workspace stored = api.client.resources(Workspace.class).inNamespace("team-keep").withName("notebook").get();
    assertThat(stored.getMetadata().getAnnotations()).containsEntry(Air9.ANNOTATION_KEEP_ALIVE_UNTIL,
        until.toString());
    JsonNode moved = api.awaitJson(WORKSPACES + "/notebook", api.token("alice"), Duration.ofSeconds(30),
        w -> until.toString().equals(w.path("cullAt").asString()));
    assertThat(moved.get("keepAliveUntil").asString()).isEqualTo(until.toString());

    // without a body: the class maximum, bounded at 8h beyond the idle deadline without keep-alive
    ApiOnCluster.Response longest = keepAlive("notebook", "alice", null);
    assertThat(longest.status()).as(longest.body()).isEqualTo(200);
    assertThat(Instant.parse(longest.json().get("keepAliveUntil").asString()))
        .isAfter(until).isBeforeOrEqualTo(started.plus(Duration.ofHours(12)));
  }

  @Test
  void keepAliveNeverPassesTheMaximumRuntimeOrTheGpuLease() {
    running("capped", "keep-short", "{\"cpu\":\"1\",\"memory\":\"2Gi\"}");
    ApiOnCluster.Response kept = keepAlive("capped", "alice", null);
    assertThat(kept.status()).as(kept.body()).isEqualTo(200);
    Workspace capped = api.client.resources(Workspace.class).inNamespace("team-keep").withName("capped").get();
    Instant maxRuntime = Instant.parse(capped.getStatus().getStartedAt()).plus(Duration.ofHours(6));
    assertThat(kept.json().get("keepAliveUntil").asString()).isEqualTo(maxRuntime.toString());
    assertThat(kept.json().get("cullReason").asString()).isEqualTo("MaxRuntime");
    assertThat(kept.json().get("message").asString()).contains("the most its class allows");
    api.awaitJson(WORKSPACES + "/capped", api.token("alice"), Duration.ofSeconds(30),
        w -> "MaxRuntime".equals(w.path("cullReason").asString()));
    ApiOnCluster.Response again = keepAlive("capped", "alice", null);
    assertThat(again.status()).as(again.body()).isEqualTo(409);
    assertThat(again.json().get("detail").asString()).contains("keep-alive cannot extend");

    // a GPU workspace of jupyterlab: its 4h GPU lease comes with its 4h idle deadline, and keep-alive cannot pass it
    JsonNode gpu = running("trainer", "jupyterlab", "{\"cpu\":\"1\",\"memory\":\"2Gi\",\"gpu\":1}");
    assertThat(gpu.get("cullReason").asString()).isEqualTo("GpuLease");
    ApiOnCluster.Response leased = keepAlive("trainer", "alice", "{\"duration\":\"1h\"}");
    assertThat(leased.status()).as(leased.body()).isEqualTo(409);
    assertThat(leased.json().get("detail").asString()).contains("GPU lease");

    // a stopped workspace has nothing to keep alive
    assertThat(api.send("POST", WORKSPACES + "/trainer/stop", api.token("alice"), null).status()).isEqualTo(200);
    api.awaitJson(WORKSPACES + "/trainer", api.token("alice"), Duration.ofSeconds(60),
        w -> "Stopped".equals(w.path("phase").asString()));
    assertThat(keepAlive("trainer", "alice", null).status()).isEqualTo(409);
  }
}
