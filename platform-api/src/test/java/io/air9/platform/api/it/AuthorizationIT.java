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
 * The authorization matrix on the real API: no token 401, another team's workspaces 404 (never 403), viewers
 * cannot write (403), members change only their own workspaces, platform admins see and manage all teams.
 */
@KubernetesClusterTest
class AuthorizationIT {

  static ApiOnCluster api;
  static final String A = "/api/v1/teams/a/workspaces";
  static final String B = "/api/v1/teams/b/workspaces";

  @BeforeAll
  static void start(KubernetesCluster cluster) {
    api = ApiOnCluster.start(cluster);
    create(A, "alice", "authz-a");
    create(B, "erin", "authz-b");
    api.awaitJson(A + "/authz-a", api.token("alice"), Duration.ofSeconds(30), w -> true);
    api.awaitJson(B + "/authz-b", api.token("erin"), Duration.ofSeconds(30), w -> true);
  }

  private static void create(String path, String user, String name) {
    ApiOnCluster.Response r = api.send("POST", path, api.token(user),
        "{\"name\":\"" + name + "\",\"class\":\"vscode\",\"state\":\"Stopped\"}");
    assertThat(r.status()).as(r.body()).isIn(201, 409);
  }

  @Test
  void noTokenOrABadTokenIs401() {
    for (String path : List.of(A, "/api/v1/me", "/api/v1/classes", "/api/v1/cluster/capacity")) {
      ApiOnCluster.Response r = api.send("GET", path, null, null);
      assertThat(r.status()).as(path).isEqualTo(401);
      assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    }
    assertThat(api.send("GET", A, "not.a.jwt", null).status()).isEqualTo(401);
    String forged = api.token("alice").substring(0, api.token("alice").lastIndexOf('.')) + ".AAAA";
    assertThat(api.send("GET", A, forged, null).status()).isEqualTo(401);
  }

  @Test
  void anotherTeamIs404NotForbidden() {
    String bob = api.token("bob");
    for (String[] call : new String[][] {
        {"GET", B}, {"GET", B + "/authz-b"}, {"POST", B + "/authz-b/stop"}, {"DELETE", B + "/authz-b"},
        {"GET", "/api/v1/teams/b"}, {"GET", "/api/v1/teams/b/quota"}, {"GET", "/api/v1/teams/b/connections"},
        {"GET", "/api/v1/teams/b/workspace-events"}, {"GET", "/api/v1/teams/no-such-team/workspaces"}}) {
      ApiOnCluster.Response r = api.send(call[0], call[1], bob, null);
      assertThat(r.status()).as(String.join(" ", call) + " " + r.body()).isEqualTo(404);
    }
    ApiOnCluster.Response create = api.send("POST", B, bob, "{\"name\":\"sneaky\",\"class\":\"vscode\"}");
    assertThat(create.status()).isEqualTo(404);
    JsonNode teams = api.send("GET", "/api/v1/teams", bob, null).json();
    assertThat(names(teams.get("items"))).containsExactly("a");
    // Erin's workspace is untouched.
    assertThat(api.send("GET", B + "/authz-b", api.token("erin"), null).json().get("state").asString())
        .isEqualTo("Stopped");
  }

  @Test
  void viewerReadsButCannotWrite() {
    String carol = api.token("carol");
    assertThat(api.send("GET", A + "/authz-a", carol, null).status()).isEqualTo(200);
    assertThat(api.send("GET", A, carol, null).status()).isEqualTo(200);
    for (String[] call : new String[][] {
        {"POST", A, "{\"name\":\"by-carol\",\"class\":\"vscode\"}"}, {"POST", A + "/authz-a/start", null},
        {"PUT", A + "/authz-a", "{\"displayName\":\"x\"}"}, {"DELETE", A + "/authz-a", null},
        {"POST", "/api/v1/teams/a/connections", "{\"name\":\"c\",\"type\":\"s3\",\"values\":{}}"}}) {
      ApiOnCluster.Response r = api.send(call[0], call[1], carol, call[2]);
      assertThat(r.status()).as(call[0] + " " + call[1] + " " + r.body()).isEqualTo(403);
      assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    }
    assertThat(api.send("GET", A + "/by-carol", api.token("alice"), null).status()).isEqualTo(404);
  }

  @Test
  void memberCannotChangeSomeoneElsesWorkspaceButTheTeamAdminCan() {
    ApiOnCluster.Response byBob = api.send("PUT", A + "/authz-a", api.token("bob"),
        "{\"displayName\":\"bob was here\",\"state\":\"Stopped\"}");
    assertThat(byBob.status()).as(byBob.body()).isEqualTo(403);
    ApiOnCluster.Response byAlice = api.send("PUT", A + "/authz-a", api.token("alice"),
        "{\"displayName\":\"alice's\",\"state\":\"Stopped\"}");
    assertThat(byAlice.status()).as(byAlice.body()).isEqualTo(200);
    assertThat(byAlice.json().get("displayName").asString()).isEqualTo("alice's");
  }

  @Test
  void platformAdminSeesAndManagesEveryTeam() {
    String dave = api.token("dave");
    JsonNode me = api.send("GET", "/api/v1/me", dave, null).json();
    assertThat(me.get("platformAdmin").asBoolean()).isTrue();
    assertThat(names(api.send("GET", "/api/v1/teams", dave, null).json().get("items"))).contains("a", "b");
    assertThat(names(api.send("GET", A, dave, null).json().get("items"))).contains("authz-a");
    assertThat(names(api.send("GET", B, dave, null).json().get("items"))).contains("authz-b");
    ApiOnCluster.Response edit = api.send("PUT", B + "/authz-b", dave, "{\"displayName\":\"by admin\"}");
    assertThat(edit.status()).as(edit.body()).isEqualTo(200);
    // Non-admins cannot create teams.
    assertThat(api.send("POST", "/api/v1/teams", api.token("alice"), "{\"name\":\"c\"}").status()).isEqualTo(403);
  }

  @Test
  void meNamesTheCallersTeamsAndRoles() {
    JsonNode me = api.send("GET", "/api/v1/me", api.token("carol"), null).json();
    assertThat(me.get("name").asString()).isEqualTo("carol");
    assertThat(me.get("platformAdmin").asBoolean()).isFalse();
    assertThat(me.get("teams").toString()).isEqualTo("[{\"team\":\"a\",\"role\":\"viewer\"}]");
  }

  @Test
  void teamAdminsManageMembersWithOptimisticConcurrency() {
    String alice = api.token("alice");
    String frank = api.token("frank");
    assertThat(api.send("GET", "/api/v1/teams/a", frank, null).status()).isEqualTo(404);
    ApiOnCluster.Response team = api.send("GET", "/api/v1/teams/a", alice, null);
    String etag = team.headers().firstValue("ETag").orElseThrow();
    String withFrank = """
        [{"name":"alice","role":"admin"},{"name":"bob","role":"member"},{"name":"carol","role":"viewer"},
         {"name":"frank","role":"viewer"}]""";
    // Members and viewers cannot change the members.
    assertThat(api.send("PUT", "/api/v1/teams/a/members", api.token("bob"), withFrank).status()).isEqualTo(403);
    assertThat(api.send("PUT", "/api/v1/teams/a/members", alice, "[{\"name\":\"x\",\"role\":\"owner\"}]")
        .status()).isEqualTo(400);

    ApiOnCluster.Response added = api.send("PUT", "/api/v1/teams/a/members", alice, withFrank, etag);
    assertThat(added.status()).as(added.body()).isEqualTo(200);
    JsonNode seen = api.awaitJson("/api/v1/teams/a", frank, Duration.ofSeconds(20), t -> true);
    assertThat(seen.get("myRole").asString()).isEqualTo("viewer");
    assertThat(api.send("POST", A, frank, "{\"name\":\"by-frank\",\"class\":\"vscode\"}").status())
        .isEqualTo(403);

    // The old ETag is stale now.
    assertThat(api.send("PUT", "/api/v1/teams/a/members", alice, withFrank, etag).status()).isEqualTo(412);
    String without = withFrank.replace(",\n {\"name\":\"frank\",\"role\":\"viewer\"}", "");
    assertThat(without).doesNotContain("frank");
    assertThat(api.send("PUT", "/api/v1/teams/a/members", alice, without).status()).isEqualTo(200);
    Waits.await("frank loses team a", Duration.ofSeconds(20),
        () -> api.send("GET", "/api/v1/teams/a", frank, null).status() == 404);
  }

  static List<String> names(JsonNode items) {
    List<String> names = new ArrayList<>();
    items.forEach(i -> names.add(i.get("name").asString()));
    return names;
  }
}
