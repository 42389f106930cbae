package io.air9.platform.api.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.air9.platform.sim.cluster.KubernetesCluster;
import io.air9.platform.sim.junit.KubernetesClusterTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The fit check on the simulated cluster: a request too large for the team's quota does not fit and gets a
 * suggestion, which then creates and runs; once the quota is used up, the answer says when the running workspace's
 * idle cull frees it. The check itself writes nothing.
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
}
