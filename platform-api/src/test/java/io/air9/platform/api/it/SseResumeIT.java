package io.air9.platform.api.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.air9.platform.api.security.LocalIssuer;
import io.air9.platform.sim.cluster.KubernetesCluster;
import io.air9.platform.sim.junit.KubernetesClusterTest;
import io.air9.platform.sim.junit.Waits;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Fault: the API restarts (its Spring context stops, another starts on the same port) while dashboards hold open
 * event streams. The clients reconnect as a browser's EventSource would (after the server's retry time), the
 * first event of the new stream (a snapshot) brings in what changed while the API was down, and later changes
 * arrive as before. Tokens stay valid across the restart, as an identity provider's do (the built-in issuer's key
 * is per process, so each client asks the running API's issuer).
 */
@KubernetesClusterTest
class SseResumeIT {

  static final int CLIENTS = 5;
  static ApiOnCluster api;
  static KubernetesCluster cluster;

  @BeforeAll
  static void start(KubernetesCluster c) {
    cluster = c;
    api = ApiOnCluster.start(c);
  }

  @Test
  void clientsResumeAfterAnApiRestart() throws Exception {
    int port = freePort();
    AtomicReference<ConfigurableApplicationContext> running = new AtomicReference<>(ApiOnCluster.runApi(cluster, port));
    URI stream = URI.create("http://localhost:" + port + "/api/v1/teams/a/workspace-events");
    List<SseClient> clients = new ArrayList<>();
    try {
      for (int i = 0; i < CLIENTS; i++) {
        clients.add(new SseClient(stream, () -> running.get().getBean(LocalIssuer.class)
            .mint("alice", List.of(), Duration.ofMinutes(10))));
      }
      Waits.await("every client's first snapshot", Duration.ofSeconds(60),
          () -> clients.stream().allMatch(c -> c.snapshots.size() == 1));
      assertThat(clients).allSatisfy(c -> assertThat(c.retryMillis()).isEqualTo(1000));

      // Stop the API. Its streams end at once, not after a graceful shutdown's timeout.
      Instant stopping = Instant.now();
      running.get().close();
      Duration stopTime = Duration.between(stopping, Instant.now());

      // A change while the API is down: only a resynchronisation can bring it to the clients.
      ApiOnCluster.Response created = api.send("POST", "/api/v1/teams/a/workspaces", api.token("alice"), """
          {"name":"sse-gap","class":"vscode","state":"Stopped","displayName":"made while the API was down"}""");
      assertThat(created.status()).as(created.body()).isEqualTo(201);

      Instant restarting = Instant.now();
      running.set(ApiOnCluster.runApi(cluster, port));
      Instant restarted = Instant.now();
      Waits.await("every client reconnected", Duration.ofSeconds(60),
          () -> clients.stream().allMatch(c -> c.snapshots.size() == 2));
      List<Duration> reconnect = clients.stream()
          .map(c -> Duration.between(restarted, c.snapshots.get(1))).sorted().toList();
      assertThat(clients).allSatisfy(c -> assertThat(c.workspaces.get("sse-gap")).isNotNull());

      // And the new streams carry later changes.
      ApiOnCluster.Response changed = api.send("PUT", "/api/v1/teams/a/workspaces/sse-gap", api.token("alice"), """
          {"state":"Stopped","displayName":"changed after the restart"}""");
      assertThat(changed.status()).as(changed.body()).isEqualTo(200);
      Waits.await("the change after the restart on every client", Duration.ofSeconds(30),
          () -> clients.stream().allMatch(c -> c.workspaces.get("sse-gap") != null
              && "changed after the restart".equals(c.workspaces.get("sse-gap").get("displayName").asString())));

      System.out.printf("SSE resume: %d clients; API stop %d ms, restart %d ms; reconnected after the new API was up "
              + "in %d..%d ms (median %d ms); failed attempts while down: %s%n",
          CLIENTS, stopTime.toMillis(), Duration.between(restarting, restarted).toMillis(),
          reconnect.get(0).toMillis(), reconnect.get(reconnect.size() - 1).toMillis(),
          reconnect.get(reconnect.size() / 2).toMillis(),
          clients.stream().map(c -> c.failures.size()).toList());
      assertThat(stopTime).as("streams must not hold the shutdown").isLessThan(Duration.ofSeconds(10));
    } finally {
      clients.forEach(SseClient::close);
      running.get().close();
      api.send("DELETE", "/api/v1/teams/a/workspaces/sse-gap", api.token("alice"), null);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
