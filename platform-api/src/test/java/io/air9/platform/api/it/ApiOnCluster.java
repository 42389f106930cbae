package io.air9.platform.api.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.air9.platform.api.PlatformApiApplication;
import io.air9.platform.api.security.LocalIssuer;
import io.air9.platform.model.Crds;
import io.air9.platform.operator.Air9Operator;
import io.air9.platform.operator.DefaultClasses;
import io.air9.platform.operator.OperatorSettings;
import io.air9.platform.sim.cluster.KubernetesCluster;
import io.air9.platform.sim.junit.Waits;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The API and the operator running in this JVM against the simulated cluster, started once and shared by
 * every IT class. Tokens are minted by the API's built-in issuer (no network), teams are created through the
 * API by a platform admin: team a (alice admin, bob member, carol viewer), team b (erin admin), team fuzz
 * (fuzzer admin, a small quota) for Schemathesis.
 */
final class ApiOnCluster {

  static final Path REPO = Path.of(System.getProperty("air9.repo.root", ".."));
  static final JsonMapper JSON = JsonMapper.builder().build();
  private static ApiOnCluster instance;

  final KubernetesClient client;
  final ConfigurableApplicationContext app;
  final URI base;
  final HttpClient http = HttpClient.newHttpClient();
  private final LocalIssuer issuer;

  private ApiOnCluster(KubernetesCluster cluster) {
    this.client = cluster.newClient();
    Crds.install(client);
    DefaultClasses.apply(client, REPO);
    Air9Operator operator = Air9Operator.start(client, OperatorSettings.defaults());
    this.app = runApi(cluster, 0);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      app.close();
      operator.close();
    }));
    this.base = baseOf(app);
    this.issuer = app.getBean(LocalIssuer.class);
    awaitReady();
    seedTeams();
  }

  /**
   * A second API on the same cluster in the demo profile, as {@code ./air9 up} runs it: built-in issuer with the demo
   * users, seeded teams, tokens from /demo/token. The caller closes it.
   */
  ConfigurableApplicationContext startDemo(KubernetesCluster cluster) {
    ConfigurableApplicationContext demo = new SpringApplicationBuilder(PlatformApiApplication.class).profiles("demo")
        .run("--server.port=0", "--air9.kubernetes.kubeconfig=" + cluster.kubeconfig().toAbsolutePath());
    URI demoBase = baseOf(demo);
    Waits.await("demo readiness", Duration.ofSeconds(60), () -> {
      try {
        return http.send(HttpRequest.newBuilder(demoBase.resolve("/actuator/health/readiness")).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
      } catch (IOException e) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    });
    return demo;
  }

  static URI baseOf(ConfigurableApplicationContext app) {
    return URI.create("http://localhost:" + app.getEnvironment().getProperty("local.server.port"));
  }

  /** Starts an API (one more, for example to restart it) on the port (0: any free one) against the cluster. */
  static ConfigurableApplicationContext runApi(KubernetesCluster cluster, int port) {
    return new SpringApplicationBuilder(PlatformApiApplication.class).run(
        "--server.port=" + port,
        "--air9.kubernetes.kubeconfig=" + cluster.kubeconfig().toAbsolutePath(),
        "--air9.security.local-issuer.enabled=true",
        "--air9.security.local-issuer.issuer=air9-it");
  }

  static synchronized ApiOnCluster start(KubernetesCluster cluster) {
    if (instance == null) {
      instance = new ApiOnCluster(cluster);
    }
    return instance;
  }

  private void awaitReady() {
    Waits.await("readiness", Duration.ofSeconds(60),
        () -> send("GET", "/actuator/health/readiness", null, null).status() == 200);
  }

  private void seedTeams() {
    String dave = token("dave");
    for (String team : List.of(
        """
        {"name":"a","displayName":"Team A","members":[{"name":"alice","role":"admin"},
         {"name":"bob","role":"member"},{"name":"carol","role":"viewer"}],
         "quota":{"cpu":"32","memory":"128Gi","gpu":2,"storage":"500Gi","maxWorkspaces":20}}""",
        """
        {"name":"b","displayName":"Team B","members":[{"name":"erin","role":"admin"}]}""",
        """
        {"name":"fuzz","displayName":"Fuzzing","members":[{"name":"fuzzer","role":"admin"}],
         "quota":{"cpu":"4","memory":"8Gi","gpu":0,"storage":"50Gi","maxWorkspaces":50}}""")) {
      Response r = send("POST", "/api/v1/teams", dave, team);
      assertThat(r.status()).as(r.body()).isIn(201, 409);
    }
    for (String ns : List.of("team-a", "team-b", "team-fuzz")) {
      client.serviceAccounts().inNamespace(ns).withName("default")
          .waitUntilCondition(sa -> sa != null, 60, TimeUnit.SECONDS);
    }
    // The API reads teams from its cache: wait until it has them.
    Waits.await("teams in cache", Duration.ofSeconds(30),
        () -> send("GET", "/api/v1/teams/b", dave, null).status() == 200);
  }

  /** A token of a user; dave is in the platform admin group. */
  String token(String user) {
    return issuer.mint(user, "dave".equals(user) ? List.of("air9-admins") : List.of(), Duration.ofMinutes(30));
  }

  record Response(int status, String body, java.net.http.HttpHeaders headers) {
    JsonNode json() {
      return JSON.readTree(body);
    }
  }

  Response send(String method, String path, String token, String body) {
    return send(method, path, token, body, null);
  }

  Response send(String method, String path, String token, String body, String ifMatch) {
    return send(method, path, token, body, ifMatch, Duration.ofSeconds(30));
  }

  Response send(String method, String path, String token, String body, String ifMatch, Duration timeout) {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (ifMatch != null) {
      b.header("If-Match", ifMatch);
    }
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(r.statusCode(), r.body(), r.headers());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Waits until a GET's JSON answer satisfies the condition; returns that answer. */
  JsonNode awaitJson(String path, String token, Duration timeout, Predicate<JsonNode> condition) {
    AtomicReference<Response> last = new AtomicReference<>();
    try {
      Waits.await(path, timeout, () -> {
        last.set(send("GET", path, token, null));
        return last.get().status() == 200 && condition.test(last.get().json());
      });
    } catch (AssertionError e) {
      Response r = last.get();
      throw new AssertionError(e.getMessage() + "; last answer: " + (r == null ? null : r.status() + " " + r.body()));
    }
    return last.get().json();
  }

}
