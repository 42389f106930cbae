package io.air9.platform.sim.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.air9.platform.sim.cluster.ClusterProviders;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeployedOperatorTest {

  private static final Path REPO = ClusterProviders.repoRoot();

  @Test
  void theBenchmarkRunsTheOperatorWithItsImagesOptionsAndTheHeapOfItsLimit() {
    assertThat(DeployedOperator.javaToolOptions()).contains("-XX:TieredStopAtLevel=1")
        .anyMatch(o -> o.startsWith("-XX:MaxRAMPercentage="));
    long limit = Quantity.getAmountInBytes(DeployedOperator.memoryLimit(REPO)).longValueExact();
    assertThat(DeployedOperator.jvmOptions(REPO)).containsAll(DeployedOperator.javaToolOptions())
        .endsWith("-XX:MaxRAM=" + limit);
  }

  @Test
  void theLimitIsReadFromTheOperatorsDeployment(@TempDir Path root) throws IOException {
    Path deployment = root.resolve(DeployedOperator.DEPLOYMENT);
    Files.createDirectories(deployment.getParent());
    Files.writeString(deployment, Files.readString(REPO.resolve(DeployedOperator.DEPLOYMENT))
        .replaceFirst("limits: \\{([^}]*)memory: \\S+?\\}", "limits: {$1memory: 1536Mi}"));
    assertThat(DeployedOperator.jvmOptions(root)).endsWith("-XX:MaxRAM=" + 1536L * 1024 * 1024);

    Files.writeString(deployment, Files.readString(REPO.resolve(DeployedOperator.DEPLOYMENT))
        .replaceFirst("limits: \\{([^}]*), memory: \\S+?\\}", "limits: {$1}"));
    assertThatThrownBy(() -> DeployedOperator.jvmOptions(root)).hasMessageContaining("no memory limit");
  }

  @Test
  @SuppressWarnings("unchecked")
  void theChartLimitsTheOperatorsMemoryAsDeployOperatorDoes() throws IOException {
    Map<String, Object> values = new KubernetesSerialization()
        .unmarshal(Files.readString(REPO.resolve("deploy/helm/air9/values.yaml")), Map.class);
    Map<String, Object> operator = (Map<String, Object>) values.get("operator");
    Map<String, Object> limits = (Map<String, Object>) ((Map<String, Object>) operator.get("resources")).get("limits");
    assertThat(limits).containsKey("memory");
    assertThat(new Quantity(limits.get("memory").toString())).isEqualTo(DeployedOperator.memoryLimit(REPO));
  }

  @Test
  void aBlankOptionMeansTheJvmsDefaults() {
    assertThat(Benchmark.jvmOptions(" ")).isEmpty();
    assertThat(Benchmark.jvmOptions(" -Xmx512m  -XX:+UseSerialGC ")).containsExactly("-Xmx512m", "-XX:+UseSerialGC");
  }
}
