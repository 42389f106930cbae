package io.air9.platform.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.air9.platform.model.Crds;
import io.air9.platform.sim.cluster.KubernetesCluster;
import io.air9.platform.sim.junit.KubernetesClusterTest;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The runnable jar that ./air9 up and the container image start: it boots and serves health and metrics. */
@KubernetesClusterTest
class ExecutableJarIT {

  @Test
  void execJarStartsAndBecomesReady(KubernetesCluster cluster, KubernetesClient client) throws Exception {
    Crds.install(client);
    Path jar = execJar();
    int port = freePort();
    Path log = Files.createTempFile("operator-exec", ".log");
    Process process = new ProcessBuilder(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString(),
        "--server.port=" + port, "--air9.kubeconfig=" + cluster.kubeconfig(),
        "--air9.leader-election.namespace=default", "--air9.leader-election.exit-on-loss=false"))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      Instant deadline = Instant.now().plusSeconds(90);
      int status = -1;
      while (Instant.now().isBefore(deadline) && process.isAlive()) {
        try {
          status = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
              .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
          if (status == 200) {
            break;
          }
        } catch (IOException notYet) {
          // not listening yet
        }
        Thread.sleep(500);
      }
      assertThat(status).as("readiness of the exec jar; its log:\n%s", Files.readString(log)).isEqualTo(200);
      HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body()).contains("jvm_memory_used_bytes");
    } finally {
      process.destroy();
      if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  /** The runnable jar that the package phase builds. */
  static Path execJar() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("target"))) {
      return files.filter(p -> p.getFileName().toString().endsWith("-exec.jar")).findFirst()
          .orElseThrow(() -> new AssertionError("no -exec.jar in target/: the package phase must build it"));
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
