package io.air9.platform.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.air9.platform.model.Crds;
import io.air9.platform.sim.cluster.KubernetesCluster;
import io.air9.platform.sim.junit.KubernetesClusterTest;
import io.air9.platform.sim.process.JavaProcess;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The runnable jar that ./air9 up and the container image start: it boots and serves health and metrics. */
@KubernetesClusterTest
class ExecutableJarIT {

  @Test
  void execJarStartsAndBecomesReady(KubernetesCluster cluster, KubernetesClient client) throws Exception {
    Crds.install(client);
    try (JavaProcess operator = JavaProcess.start("operator-exec", execJar(), List.of(
        "--air9.kubeconfig=" + cluster.kubeconfig(), "--air9.leader-election.namespace=default"))) {
      operator.awaitReady(Duration.ofSeconds(600));
      HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + operator.port() + "/actuator/prometheus")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body()).contains("jvm_memory_used_bytes");
    }
  }

  /** The runnable jar that the package phase builds. */
  static Path execJar() {
    return JavaProcess.execJar(Path.of("target"));
  }
}
