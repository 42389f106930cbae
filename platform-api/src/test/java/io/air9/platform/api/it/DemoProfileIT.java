package io.air9.platform.api.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.air9.platform.sim.cluster.KubernetesCluster;
import io.air9.platform.sim.junit.KubernetesClusterTest;
import io.air9.platform.sim.junit.Waits;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/** The demo profile as a user runs it: built-in issuer, demo users and teams, tokens from /demo/token with curl. */
@KubernetesClusterTest
class DemoProfileIT {

  static ConfigurableApplicationContext demo;
  static URI base;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start(KubernetesCluster cluster) {
    demo = ApiOnCluster.start(cluster).startDemo(cluster); // CRDs, classes and the operator, then the demo API
    base = ApiOnCluster.baseOf(demo);
  }

  @AfterAll
  static void stop() {
    if (demo != null) {
      demo.close();
    }
  }

  @Test
  void demoUsersGetTokensAndSeeTheirSeededTeams() {
    String alice = token("alice", "alice");
    Waits.await("seeded team a in the cache", Duration.ofSeconds(30),
        () -> call("GET", "/api/v1/me", alice, null, null).body().contains("\"team\":\"a\""));
    JsonNode me = ApiOnCluster.JSON.readTree(call("GET", "/api/v1/me", alice, null, null).body());
    assertThat(me.get("name").asString()).isEqualTo("alice");
    assertThat(me.get("teams").toString()).contains("{\"team\":\"a\",\"role\":\"admin\"}");

    JsonNode dave = ApiOnCluster.JSON.readTree(call("GET", "/api/v1/me", token("dave", "dave"), null, null).body());
    assertThat(dave.get("platformAdmin").asBoolean()).isTrue();

    HttpResponse<String> byCarol = call("POST", "/api/v1/teams/a/workspaces", token("carol", "carol"),
        "application/json", "{\"name\":\"demo-carol\",\"class\":\"vscode\"}");
    assertThat(byCarol.statusCode()).isEqualTo(403);

    HttpResponse<String> wrong = call("POST", "/demo/token", null, "application/x-www-form-urlencoded",
        "grant_type=password&username=alice&password=bob");
    assertThat(wrong.statusCode()).isEqualTo(401);
    // Tokens of another issuer (the IT's) are refused by the demo instance.
    assertThat(call("GET", "/api/v1/me", ApiOnCluster.start(null).token("alice"), null, null).statusCode())
        .isEqualTo(401);
  }

  @Test
  void servesTheDashboardWithoutATokenAndItsApiCallsStillNeedOne() {
    HttpResponse<String> index = call("GET", "/", null, null, null);
    assertThat(index.statusCode()).isEqualTo(200);
    assertThat(index.body()).contains("<title>AIR9", "app.js");
    HttpResponse<String> script = call("GET", "/app.js", null, null, null);
    assertThat(script.statusCode()).isEqualTo(200);
    assertThat(script.headers().firstValue("Content-Type").orElse("")).contains("javascript");
    assertThat(script.body()).contains("/api/v1/me");
    assertThat(call("GET", "/api/v1/classes", null, null, null).statusCode()).isEqualTo(401);
  }

  static String token(String user, String password) {
    HttpResponse<String> r = call("POST", "/demo/token", null, "application/x-www-form-urlencoded",
        "grant_type=password&username=" + user + "&password=" + password);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return ApiOnCluster.JSON.readTree(r.body()).get("access_token").asString();
  }

  static HttpResponse<String> call(String method, String path, String token, String contentType, String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).method(method,
        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    try {
      return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
