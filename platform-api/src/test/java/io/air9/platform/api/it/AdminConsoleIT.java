package io.air9.platform.api.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.air9.platform.model.Team;
import io.air9.platform.sim.cluster.KubernetesCluster;
import io.air9.platform.sim.junit.KubernetesClusterTest;
import io.air9.platform.sim.junit.Waits;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * What the admin console and the connections panel use: a team's quota set by a platform admin (validation,
 * If-Match), the teams overview and the phase history (platform admins only), and connections rotated and
 * deleted by team admins without a value ever coming back.
 */
@KubernetesClusterTest
class AdminConsoleIT {

  static ApiOnCluster api;
  static final String TEAM = "console";

  @BeforeAll
  static void start(KubernetesCluster cluster) {
    api = ApiOnCluster.start(cluster);
    ApiOnCluster.Response created = api.send("POST", "/api/v1/teams", api.token("dave"), """
        {"name":"console","members":[{"name":"alice","role":"admin"},{"name":"bob","role":"member"}],
         "quota":{"cpu":"8","memory":"16Gi","gpu":0,"storage":"100Gi","maxWorkspaces":10}}""");
    assertThat(created.status()).as(created.body()).isIn(201, 409);
    api.awaitJson("/api/v1/teams/" + TEAM, api.token("alice"), Duration.ofSeconds(30), t -> true);
  }

  @Test
  void consoleEndpointsAre403ProblemsForOthersThanPlatformAdmins() {
    for (String user : List.of("alice", "bob")) {
      for (String[] call : new String[][] {{"GET", "/api/v1/admin/teams", null},
          {"GET", "/api/v1/admin/phase-history", null},
          {"PUT", "/api/v1/teams/" + TEAM + "/quota", "{\"cpu\":\"64\"}"}}) {
        ApiOnCluster.Response r = api.send(call[0], call[1], api.token(user), call[2]);
        assertThat(r.status()).as(user + " " + call[0] + " " + call[1] + ": " + r.body()).isEqualTo(403);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(r.json().get("detail").asString()).startsWith("only platform admins");
      }
    }
    assertThat(api.send("GET", "/api/v1/teams/" + TEAM + "/quota", api.token("alice"), null).json()
        .get("quota").get("cpu").asString()).as("alice's refused quota changed nothing").isNotEqualTo("64");
  }

  @Test
  void platformAdminSetsAQuotaWithIfMatchAndGetsFieldErrors() {
    String dave = api.token("dave");
    String quota = "/api/v1/teams/" + TEAM + "/quota";
    ApiOnCluster.Response invalid = api.send("PUT", quota, dave,
        "{\"cpu\":\"lots\",\"memory\":\"-1Gi\",\"gpu\":-1,\"maxWorkspaces\":100000}");
    assertThat(invalid.status()).as(invalid.body()).isEqualTo(400);
    assertThat(invalid.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    assertThat(ValidationAndResourcesIT.fields(invalid.json()))
        .containsExactlyInAnyOrder("cpu", "memory", "gpu", "maxWorkspaces");
    assertThat(invalid.body()).contains("'lots' is not a quantity");

    String etag = api.send("GET", "/api/v1/teams/" + TEAM, dave, null).headers().firstValue("ETag").orElseThrow();
    // A write that leaves the spec alone (as the operator's status writes do) does not make the ETag stale.
    Team touched = api.client.resources(Team.class).withName(TEAM).get();
    Map<String, String> annotations = new HashMap<>(touched.getMetadata().getAnnotations() == null ? Map.of()
        : touched.getMetadata().getAnnotations());
    annotations.put("test.air9.io/touched", String.valueOf(System.nanoTime()));
    touched.getMetadata().setAnnotations(annotations);
    api.client.resource(touched).update();
    ApiOnCluster.Response set = api.send("PUT", quota, dave,
        "{\"cpu\":\"12\",\"memory\":\"24Gi\",\"gpu\":1,\"storage\":\"200Gi\",\"maxWorkspaces\":12}", etag);
    assertThat(set.status()).as(set.body()).isEqualTo(200);
    assertThat(set.json().get("quota").get("cpu").asString()).isEqualTo("12");
    assertThat(set.json().get("usage").get("workspaces").asInt()).isGreaterThanOrEqualTo(0);
    assertThat(set.headers().firstValue("ETag").orElseThrow()).isNotEqualTo(etag);
    ApiOnCluster.Response stale = api.send("PUT", quota, dave, "{\"cpu\":\"1\"}", etag);
    assertThat(stale.status()).as(stale.body()).isEqualTo(412);
    assertThat(api.client.resources(Team.class).withName(TEAM).get().getSpec().getQuota()
        .getMemory().toString()).isEqualTo("24Gi");

    JsonNode teams = api.awaitJson("/api/v1/admin/teams", dave, Duration.ofSeconds(20), list -> {
      for (JsonNode t : list) {
        if (TEAM.equals(t.get("team").get("name").asString())) {
          return "12".equals(t.get("team").get("quota").get("cpu").asString());
        }
      }
      return false;
    });
    assertThat(teams.toString()).contains("\"usage\"");
  }

  /**
   * Deleting a team: platform admins only; while it has a workspace a 409 problem names it unless forced; If-Match
   * taken before a quota change is stale (412); then the Team goes and the operator's owner references take its
   * namespace. The API deletes nothing else itself.
   */
  @Test
  void platformAdminDeletesATeamWithIfMatchAndOnlyWhenForcedWhileItHasWorkspaces() {
    String dave = api.token("dave");
    String team = "/api/v1/teams/doomed";
    ApiOnCluster.Response created = api.send("POST", "/api/v1/teams", dave, """
        {"name":"doomed","members":[{"name":"alice","role":"admin"}],
         "quota":{"cpu":"4","memory":"8Gi","gpu":0,"storage":"50Gi","maxWorkspaces":5}}""");
    assertThat(created.status()).as(created.body()).isIn(201, 409);
    api.client.serviceAccounts().inNamespace("team-doomed").withName("default")
        .waitUntilCondition(sa -> sa != null, 60, java.util.concurrent.TimeUnit.SECONDS);
    String alice = api.token("alice");
    ApiOnCluster.Response ws = api.send("POST", team + "/workspaces", alice,
        "{\"name\":\"nb\",\"class\":\"vscode\",\"state\":\"Stopped\"}");
    assertThat(ws.status()).as(ws.body()).isEqualTo(201);

    ApiOnCluster.Response byAlice = api.send("DELETE", team + "?force=true", alice, null);
    assertThat(byAlice.status()).as(byAlice.body()).isEqualTo(403);
    assertThat(byAlice.json().get("detail").asString()).isEqualTo("only platform admins delete teams");

    String etag = api.send("GET", team, dave, null).headers().firstValue("ETag").orElseThrow();
    ApiOnCluster.Response refused = api.send("DELETE", team, dave, null, etag);
    assertThat(refused.status()).as(refused.body()).isEqualTo(409);
    assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    assertThat(refused.json().get("detail").asString())
        .startsWith("team 'doomed' still has 1 workspace (nb): deleting the team deletes its namespace team-doomed")
        .endsWith("delete the team with force=true");

    ApiOnCluster.Response changed = api.send("PUT", team + "/quota", dave, "{\"cpu\":\"6\"}", etag);
    assertThat(changed.status()).as(changed.body()).isEqualTo(200);
    ApiOnCluster.Response stale = api.send("DELETE", team + "?force=true", dave, null, etag);
    assertThat(stale.status()).as(stale.body()).isEqualTo(412);
    assertThat(api.client.resources(Team.class).withName("doomed").get()).as("a refused delete keeps it").isNotNull();

    String fresh = changed.headers().firstValue("ETag").orElseThrow();
    ApiOnCluster.Response deleted = api.send("DELETE", team + "?force=true", dave, null, fresh);
    assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);
    Waits.await("team doomed gone", Duration.ofSeconds(60),
        () -> api.client.resources(Team.class).withName("doomed").get() == null);
    Waits.await("namespace team-doomed deleted with its team", Duration.ofSeconds(120), () -> {
      var ns = api.client.namespaces().withName("team-doomed").get();
      return ns == null || ns.getMetadata().getDeletionTimestamp() != null;
    });
    Waits.await("the API's view of the team gone", Duration.ofSeconds(30),
        () -> api.send("GET", team, dave, null).status() == 404);
  }

  @Test
  void phaseHistoryCountsWorkspacesByPhaseFromTheCache() {
    String bob = api.token("bob");
    ApiOnCluster.Response ws = api.send("POST", "/api/v1/teams/" + TEAM + "/workspaces", bob,
        "{\"name\":\"counted\",\"class\":\"vscode\",\"state\":\"Stopped\"}");
    assertThat(ws.status()).as(ws.body()).isIn(201, 409);
    JsonNode history = api.awaitJson("/api/v1/admin/phase-history", api.token("dave"), Duration.ofSeconds(60),
        h -> h.get("samples").size() > 0
            && h.get("samples").get(h.get("samples").size() - 1).get("phases").path("Stopped").asInt() > 0);
    assertThat(history.get("since").asString()).isNotBlank();
    assertThat(history.get("intervalSeconds").asLong()).isPositive();
    assertThat(history.get("phases").toString()).contains("Stopped");
  }

  @Test
  void teamAdminsRotateAndDeleteConnectionsWhoseValuesNeverComeBack() {
    String alice = api.token("alice");
    String bob = api.token("bob");
    String path = "/api/v1/teams/" + TEAM + "/connections";
    ApiOnCluster.Response created = api.send("POST", path, bob, """
        {"name":"lake","type":"s3","values":{"accessKeyId":"AKIA-FIRST","secretAccessKey":"first-S3cret","region":"eu"}}""");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String first = created.headers().firstValue("ETag").orElseThrow();
    assertThat(created.body()).doesNotContain("first-S3cret").doesNotContain(b64("first-S3cret"));

    String rotate = "{\"values\":{\"accessKeyId\":\"AKIA-SECOND\",\"secretAccessKey\":\"second-S3cret\"}}";
    assertThat(api.send("PUT", path + "/lake", bob, rotate, first).status()).as("members do not rotate")
        .isEqualTo(403);
    ApiOnCluster.Response invalid = api.send("PUT", path + "/lake", alice,
        "{\"values\":{\"accessKeyId\":\"x\",\"colour\":\"red\"}}", first);
    assertThat(invalid.status()).isEqualTo(400);
    assertThat(ValidationAndResourcesIT.fields(invalid.json()))
        .containsExactlyInAnyOrder("values.secretAccessKey", "values.colour");

    ApiOnCluster.Response rotated = api.send("PUT", path + "/lake", alice, rotate, first);
    assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
    assertThat(rotated.body()).doesNotContain("second-S3cret").doesNotContain(b64("second-S3cret"))
        .doesNotContain("AKIA-SECOND");
    assertThat(rotated.json().get("keys").toString()).isEqualTo("[\"accessKeyId\",\"secretAccessKey\"]");
    assertThat(rotated.json().get("rotatedAt").asString()).isNotBlank();
    Secret secret = api.client.secrets().inNamespace("team-" + TEAM).withName("lake").get();
    assertThat(new String(Base64.getDecoder().decode(secret.getData().get("secretAccessKey")), StandardCharsets.UTF_8))
        .isEqualTo("second-S3cret");
    assertThat(secret.getData()).doesNotContainKey("region");

    ApiOnCluster.Response stale = api.send("PUT", path + "/lake", alice, rotate, first);
    assertThat(stale.status()).as(stale.body()).isEqualTo(412);
    assertThat(stale.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    assertThat(api.send("DELETE", path + "/lake", alice, null, first).status()).as("stale delete").isEqualTo(412);

    JsonNode list = api.awaitJson(path, alice, Duration.ofSeconds(20), l -> l.toString().contains("rotatedAt"));
    assertThat(list.toString()).doesNotContain("second-S3cret").doesNotContain("AKIA-SECOND");
    ApiOnCluster.Response one = api.send("GET", path + "/lake", alice, null);
    assertThat(one.headers().firstValue("ETag")).contains(rotated.headers().firstValue("ETag").orElseThrow());

    // In use by a workspace: refused, naming it; then removed from it, the connection can go.
    ApiOnCluster.Response ws = api.send("POST", "/api/v1/teams/" + TEAM + "/workspaces", bob,
        "{\"name\":\"uses-lake\",\"class\":\"vscode\",\"state\":\"Stopped\",\"dataConnections\":[\"lake\"]}");
    assertThat(ws.status()).as(ws.body()).isEqualTo(201);
    api.awaitJson("/api/v1/teams/" + TEAM + "/workspaces/uses-lake", bob, Duration.ofSeconds(20), w -> true);
    ApiOnCluster.Response inUse = api.send("DELETE", path + "/lake", alice, null);
    assertThat(inUse.status()).as(inUse.body()).isEqualTo(409);
    assertThat(inUse.json().get("detail").asString()).contains("uses-lake");
    assertThat(api.send("DELETE", "/api/v1/teams/" + TEAM + "/workspaces/uses-lake", bob, null).status())
        .isEqualTo(204);
    Waits.await("workspace uses-lake gone from the cache", Duration.ofSeconds(60),
        () -> api.send("DELETE", path + "/lake", alice, null).status() == 204);
    assertThat(api.client.secrets().inNamespace("team-" + TEAM).withName("lake").get()).isNull();
    assertThat(api.send("GET", path + "/lake", alice, null).status()).isEqualTo(404);
  }

  @Test
  void secretsThatAreNotConnectionsCannotBeRotatedOrDeleted() {
    api.client.secrets().inNamespace("team-" + TEAM).resource(new io.fabric8.kubernetes.api.model.SecretBuilder()
        .withNewMetadata().withName("not-a-connection").withNamespace("team-" + TEAM).endMetadata()
        .addToStringData("token", "keep-me").build()).createOr(r -> r.update());
    String alice = api.token("alice");
    String path = "/api/v1/teams/" + TEAM + "/connections/not-a-connection";
    assertThat(api.send("PUT", path, alice, "{\"values\":{\"accessKeyId\":\"a\",\"secretAccessKey\":\"b\"}}")
        .status()).isEqualTo(404);
    assertThat(api.send("DELETE", path, alice, null).status()).isEqualTo(404);
    assertThat(api.send("GET", path, alice, null).status()).isEqualTo(404);
    assertThat(api.client.secrets().inNamespace("team-" + TEAM).withName("not-a-connection").get()).isNotNull();
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
