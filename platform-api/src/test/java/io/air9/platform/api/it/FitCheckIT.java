package io.air9.platform.api.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.air9.platform.sim.cluster.KubernetesCluster;
import io.air9.platform.sim.junit.KubernetesClusterTest;
import io.air9.platform.sim.junit.Waits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The fit check on the simulated cluster: a request too large for the team's quota does not fit and gets a
 * suggestion, which then creates and runs; once the quota is used up, the answer says when the running workspace's
 * idle cull frees it. Room the nodes show free but the admission queue takes first: the check says the workspace
 * would be queued, and where. The check itself writes nothing.
 */
@KubernetesClusterTest
class FitCheckIT {

  static ApiOnCluster api;
  static final String FIT = "/api/v1/teams/fit/workspace-fit";
  static final String WORKSPACES = "/api/v1/teams/fit/workspaces";

  @BeforeAll
  static void start(KubernetesCluster cluster) {
    api = ApiOnCluster.start(cluster);
    ApiOnCluster.Response team = api.send("POST", "/api/v1/teams", api.token("dave"), """
        {"name":"fit","displayName":"Fit check","members":[{"name":"alice","role":"admin"},
         {"name":"fit-viewer","role":"viewer"}],
         "quota":{"cpu":"4","memory":"8Gi","gpu":0,"storage":"50Gi","maxWorkspaces":5}}""");
    assertThat(team.status()).as(team.body()).isIn(201, 409);
    api.awaitJson("/api/v1/teams/fit", api.token("alice"), Duration.ofSeconds(30), t -> true);
    api.client.serviceAccounts().inNamespace("team-fit").withName("default")
        .waitUntilCondition(sa -> sa != null, 60, java.util.concurrent.TimeUnit.SECONDS);
  }

  @Test
  void tooLargeSaysWhatFitsWhichThenRunsAndThenWhenMoreFits() {
    String alice = api.token("alice");
    ApiOnCluster.Response tooLarge = api.send("POST", FIT, alice, """
        {"name":"big","class":"jupyterlab","resources":{"cpu":"2","memory":"16Gi"}}""");
    assertThat(tooLarge.status()).as(tooLarge.body()).isEqualTo(200);
    JsonNode fit = tooLarge.json();
    assertThat(fit.get("fits").asBoolean()).isFalse();
    assertThat(fit.get("requested").get("memory").asString()).isEqualTo("16Gi");
    assertThat(fit.get("reasons").get(0).get("dimension").asString()).isEqualTo("memory");
    assertThat(fit.get("reasons").get(0).get("scope").asString()).isEqualTo("quota");
    JsonNode suggested = fit.get("suggestion").get("resources");
    assertThat(suggested.get("memory").asString()).isEqualTo("8Gi");
    assertThat(suggested.get("cpu").asString()).isEqualTo("2");
    assertThat(fit.get("suggestion").get("message").asString()).isEqualTo("fits at 8Gi memory");
    // Nothing was written.
    assertThat(api.send("GET", WORKSPACES + "/big", alice, null).status()).isEqualTo(404);

    ApiOnCluster.Response created = api.send("POST", WORKSPACES, alice, """
        {"name":"big","class":"jupyterlab","resources":{"cpu":"%s","memory":"%s"}}"""
        .formatted(suggested.get("cpu").asString(), suggested.get("memory").asString()));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    api.awaitJson(WORKSPACES + "/big", alice, Duration.ofSeconds(120),
        w -> "Running".equals(w.path("phase").asString()) && !w.path("startedAt").isMissingNode()
            && !w.path("startedAt").isNull());

    // The quota's memory is used up; the jupyterlab class culls after 4h idle, counted from the start.
    JsonNode full = api.awaitJson(WORKSPACES + "/big", alice, Duration.ofSeconds(5), w -> true);
    ApiOnCluster.Response more = api.send("POST", FIT, alice, """
        {"class":"jupyterlab","resources":{"cpu":"1","memory":"1Gi"}}""");
    assertThat(more.status()).as(more.body()).isEqualTo(200);
    JsonNode none = more.json();
    assertThat(none.get("fits").asBoolean()).as(none.toString()).isFalse();
    assertThat(none.path("suggestion").isMissingNode()).as("no memory left to suggest: %s", none).isTrue();
    assertThat(none.get("when").get("message").asString())
        .as(full.toString()).matches("fits when alice's workspace 'big' is culled in 2(39|40) min");

    // A start of a stopped workspace that fits again once 'big' is stopped.
    assertThat(api.send("POST", WORKSPACES + "/big/stop", alice, null).status()).isEqualTo(200);
    JsonNode start = api.awaitJson(WORKSPACES + "/big/fit", alice, Duration.ofSeconds(30),
        f -> "Fits now".equals(f.path("message").asString()));
    assertThat(start.get("requested").get("memory").asString()).isEqualTo("8Gi");
  }

  @Test
  void badInputIsAProblemNamingTheFieldsAndViewersCannotCheckCreates() {
    ApiOnCluster.Response bad = api.send("POST", FIT, api.token("alice"), """
        {"class":"jupyterlab","resources":{"cpu":"lots","memory":"64Gi"}}""");
    assertThat(bad.status()).as(bad.body()).isEqualTo(400);
    assertThat(bad.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    List<String> fields = new ArrayList<>();
    bad.json().get("errors").forEach(e -> fields.add(e.get("field").asString()));
    assertThat(fields).containsExactlyInAnyOrder("resources.cpu", "resources.memory");
    assertThat(api.send("POST", FIT, api.token("fit-viewer"), "{\"class\":\"jupyterlab\"}").status()).isEqualTo(403);
  }

  /**
   * A tainted pool node of 2 GPUs whose pods cannot bind (no pod slot): it shows 2 GPUs free, but the operator
   * admits fq's first two GPU workspaces and holds the room for them until their pods bind, so fq's third waits in
   * the queue. A new GPU workspace would not start either: fq's would be queued right behind it (first come first
   * served), fr's, holding nothing, before it (fair share). Without the queue the fit check said "Fits now".
   */
  @Test
  void roomTheQueueTakesFirstSaysWouldBeQueuedAndWhere() throws Exception {
    String node = java.nio.file.Files.readString(ApiOnCluster.REPO.resolve("deploy/sim/node-template.yaml"))
        .replace("__NAME__", "fit-pool-1").replace("__POOL__", "fit-pool").replace("__GPU__", "2")
        .replace("__PODS__", "0")
        .replace("spec: {}", "spec: {taints: [{key: air9.io/fit-it, value: gpu, effect: NoSchedule}]}");
    String jupyter = java.nio.file.Files.readString(ApiOnCluster.REPO.resolve("deploy/classes/jupyterlab.yaml"));
    api.client.resource(node).forceConflicts().serverSideApply();
    api.client.resource(jupyter.replace("name: jupyterlab", "name: fit-pool-gpu") + """
          nodeSelector: {air9.io/pool: fit-pool}
          tolerations: [{key: air9.io/fit-it, operator: Exists, effect: NoSchedule}]
        """).forceConflicts().serverSideApply();
    String alice = api.token("alice");
    for (String team : List.of("fq", "fr")) {
      ApiOnCluster.Response created = api.send("POST", "/api/v1/teams", api.token("dave"), """
          {"name":"%s","members":[{"name":"alice","role":"admin"}],
           "quota":{"cpu":"32","memory":"128Gi","gpu":8,"storage":"100Gi","maxWorkspaces":10}}""".formatted(team));
      assertThat(created.status()).as(created.body()).isIn(201, 409);
      api.client.serviceAccounts().inNamespace("team-" + team).withName("default")
          .waitUntilCondition(sa -> sa != null, 60, java.util.concurrent.TimeUnit.SECONDS);
    }
    String gpu = """
        {"name":"%s","class":"fit-pool-gpu","resources":{"cpu":"1","memory":"2Gi","gpu":1}}""";
    api.awaitJson("/api/v1/classes/fit-pool-gpu", alice, Duration.ofSeconds(30), c -> true);
    try {
      for (String name : List.of("q1", "q2", "q3")) {
        ApiOnCluster.Response created = api.send("POST", "/api/v1/teams/fq/workspaces", alice, gpu.formatted(name));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        // one at a time: first come, first served
        api.awaitJson("/api/v1/teams/fq/workspaces/" + name, alice, Duration.ofSeconds(90),
            w -> !w.path("phase").isMissingNode() && !w.path("phase").isNull());
      }
      for (String admitted : List.of("q1", "q2")) {
        api.awaitJson("/api/v1/teams/fq/workspaces/" + admitted, alice, Duration.ofSeconds(90),
            x -> List.of("Pending", "Provisioning").contains(x.path("phase").asString()));
      }
      // Their pods exist but cannot bind (no pod slot on the pool). The API's cache has them, not bound: each still
      // holds its GPU on the pool (the operator's rule); counted as bound, q3 would look admitted and the place 1 less.
      Waits.await("q1's and q2's pods created", Duration.ofSeconds(90), () -> api.client.pods()
          .inNamespace("team-fq").list().getItems().stream().map(p -> p.getMetadata().getName())
          .filter(n -> n.equals("q1-0") || n.equals("q2-0")).count() == 2);
      assertThat(api.client.pods().inNamespace("team-fq").list().getItems())
          .as("no pod slot on the pool: none bound").allMatch(p -> p.getSpec().getNodeName() == null);
      JsonNode q3 = api.awaitJson("/api/v1/teams/fq/workspaces/q3", alice, Duration.ofSeconds(90),
          w -> "Queued".equals(w.path("phase").asString()) && w.path("queuePosition").asInt(0) > 0);
      int q3Place = q3.get("queuePosition").asInt();

      JsonNode same = api.send("POST", "/api/v1/teams/fq/workspace-fit", alice,
          "{\"class\":\"fit-pool-gpu\",\"resources\":{\"cpu\":\"1\",\"memory\":\"2Gi\",\"gpu\":1}}").json();
      assertThat(same.get("fits").asBoolean()).as(same.toString()).isFalse();
      assertThat(same.get("queue").get("position").asInt()).as(same.toString()).isEqualTo(q3Place + 1);
      assertThat(same.get("message").asString())
          .isEqualTo("Would be queued: " + ordinal(q3Place + 1) + " in line for 1 GPU");
      assertThat(same.get("reasons").get(0).get("scope").asString()).isEqualTo("queue");

      JsonNode other = api.send("POST", "/api/v1/teams/fr/workspace-fit", alice,
          "{\"class\":\"fit-pool-gpu\",\"resources\":{\"cpu\":\"1\",\"memory\":\"2Gi\",\"gpu\":1}}").json();
      assertThat(other.get("fits").asBoolean()).as(other.toString()).isFalse();
      assertThat(other.get("queue").get("position").asInt()).as("fr holds nothing: before fq's q3 (%s)", other)
          .isLessThanOrEqualTo(q3Place);

      // the checks wrote nothing
      assertThat(api.send("GET", "/api/v1/teams/fr/workspaces", alice, null).json().path("items").size())
          .isZero();
    } finally {
      for (String name : List.of("q1", "q2", "q3")) {
        api.send("DELETE", "/api/v1/teams/fq/workspaces/" + name, alice, null);
      }
      api.client.nodes().withName("fit-pool-1").delete();
      // the class too: the dashboard's create form offers classes by name, and "fit-pool-gpu" sorts first
      api.client.resources(io.air9.platform.model.WorkspaceClass.class).withName("fit-pool-gpu").delete();
    }
  }

  private static String ordinal(int n) {
    return io.air9.platform.model.capacity.Admission.ordinal(n);
  }
}
