package io.air9.platform.api.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.air9.platform.api.PlatformApiApplication;
import io.air9.platform.api.security.LocalIssuer;
import io.air9.platform.sim.cluster.KubernetesCluster;
import io.air9.platform.sim.junit.KubernetesClusterTest;
import io.air9.platform.sim.junit.Waits;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The API does its job as its ServiceAccount bound to platform-api/deploy/rbac.yaml only. */
@KubernetesClusterTest
class LeastPrivilegeIT {

  static final String SA = "system:serviceaccount:air9-system:air9-api";

  @Test
  void apiWorksWithItsShippedClusterRole(KubernetesCluster cluster) throws Exception {
    ApiOnCluster.start(cluster); // CRDs, classes, operator, teams
    cluster.kubectl().run("create", "namespace", "air9-system");
    cluster.kubectl().run("apply", "-f", Path.of("deploy/rbac.yaml").toAbsolutePath().toString()).orThrow();
    for (String[] denied : new String[][] {{"delete", "nodes"}, {"delete", "namespaces"},
        {"create", "statefulsets.apps", "-n", "team-a"}, {"delete", "configmaps", "-n", "team-a"}}) {
      List<String> args = new java.util.ArrayList<>(List.of("auth", "can-i"));
      args.addAll(List.of(denied));
      args.add("--as=" + SA);
      assertThat(cluster.kubectl().run(args.toArray(String[]::new)).stdout().trim()).as(String.join(" ", denied))
          .isEqualTo("no");
    }
    assertThat(cluster.kubectl().run("auth", "can-i", "patch", "workspaces.air9.io", "--subresource=status", "-n", "team-a",
        "--as=" + SA).stdout().trim()).isEqualTo("no");

    Config asApi = new ConfigBuilder(cluster.config())
        .withImpersonateUsername(SA)
        .withImpersonateGroups("system:serviceaccounts", "system:serviceaccounts:air9-system", "system:authenticated")
        .build();
    KubernetesClient client = new KubernetesClientBuilder().withConfig(asApi).build();
    try (ConfigurableApplicationContext app = new SpringApplicationBuilder(PlatformApiApplication.class)
        .initializers(ctx -> ctx.getBeanFactory().registerSingleton("kubernetesClient", client))
        .run("--server.port=0", "--air9.security.local-issuer.enabled=true")) {
      URI base = URI.create("http://localhost:" + app.getEnvironment().getProperty("local.server.port"));
      String bob = app.getBean(LocalIssuer.class).mint("bob", List.of(), Duration.ofMinutes(5));
      HttpClient http = HttpClient.newHttpClient();
      Waits.await("readiness as the ServiceAccount", Duration.ofSeconds(60),
          () -> send(http, base, "GET", "/actuator/health/readiness", null, null).statusCode() == 200);

      HttpResponse<String> created = send(http, base, "POST", "/api/v1/teams/a/workspaces", bob,
          "{\"name\":\"least-privilege\",\"class\":\"vscode\",\"state\":\"Stopped\"}");
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      HttpResponse<String> connection = send(http, base, "POST", "/api/v1/teams/a/connections", bob,
          "{\"name\":\"lp-s3\",\"type\":\"s3\",\"values\":{\"accessKeyId\":\"a\",\"secretAccessKey\":\"b\"}}");
      assertThat(connection.statusCode()).as(connection.body()).isEqualTo(201);
      for (String path : List.of("/api/v1/classes", "/api/v1/teams/a/quota", "/api/v1/teams/a/connections")) {
        assertThat(send(http, base, "GET", path, bob, null).statusCode()).as(path).isEqualTo(200);
      }
      String dave = app.getBean(LocalIssuer.class).mint("dave", List.of("air9-admins"), Duration.ofMinutes(5));
      assertThat(send(http, base, "GET", "/api/v1/cluster/capacity", dave, null).statusCode()).isEqualTo(200);
      // Team admins rotate and delete connections: the API replaces and deletes the labelled Secret.
      String alice = app.getBean(LocalIssuer.class).mint("alice", List.of(), Duration.ofMinutes(5));
      HttpResponse<String> rotated = send(http, base, "PUT", "/api/v1/teams/a/connections/lp-s3", alice,
          "{\"values\":{\"accessKeyId\":\"c\",\"secretAccessKey\":\"d\"}}");
      assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
      HttpResponse<String> removed = send(http, base, "DELETE", "/api/v1/teams/a/connections/lp-s3", alice, null);
      assertThat(removed.statusCode()).as(removed.body()).isEqualTo(204);
      Waits.await("workspace in the cache", Duration.ofSeconds(20), () -> send(http, base, "GET",
          "/api/v1/teams/a/workspaces/least-privilege/events", bob, null).statusCode() == 200);
      HttpResponse<String> started = send(http, base, "POST", "/api/v1/teams/a/workspaces/least-privilege/start",
          bob, null);
      assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
      HttpResponse<String> deleted = send(http, base, "DELETE", "/api/v1/teams/a/workspaces/least-privilege",
          bob, null);
      assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
      // Platform admins create and delete teams: the API deletes the Team only (its namespace goes by owner reference).
      HttpResponse<String> team = send(http, base, "POST", "/api/v1/teams", dave, "{\"name\":\"lp-gone\"}");
      assertThat(team.statusCode()).as(team.body()).isEqualTo(201);
      HttpResponse<String> gone = send(http, base, "DELETE", "/api/v1/teams/lp-gone", dave, null);
      assertThat(gone.statusCode()).as(gone.body()).isEqualTo(204);
    }
  }

  private static HttpResponse<String> send(HttpClient http, URI base, String method, String path, String token,
      String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).method(method,
        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
