package io.air9.platform.sim.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.air9.platform.sim.cluster.ClusterProviders;
import java.io.IOException;
import java.nio.file.Files;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DeployedOperatorTest {

  private static final Pattern LIMITS = Pattern.compile("limits: \\{[^}]*memory: (\\S+?)\\}");

  @Test
  void theBenchmarkRunsTheOperatorWithItsImagesOptionsAndTheHeapOfItsLimit() {
    assertThat(DeployedOperator.javaToolOptions()).contains("-XX:TieredStopAtLevel=1")
        .anyMatch(o -> o.startsWith("-XX:MaxRAMPercentage="));
    assertThat(DeployedOperator.jvmOptions()).containsAll(DeployedOperator.javaToolOptions())
        .endsWith("-XX:MaxRAM=1g");
  }

  @Test
  void theMemoryLimitIsTheDeployedOne() throws IOException {
    for (String file : new String[] {"deploy/operator/deployment.yaml", "deploy/helm/air9/values.yaml"}) {
      Matcher m = LIMITS.matcher(Files.readString(ClusterProviders.repoRoot().resolve(file)));
      assertThat(m.find()).as(file).isTrue();
      assertThat(m.group(1)).as(file).isEqualTo(DeployedOperator.MEMORY_LIMIT);
    }
  }

  @Test
  void aBlankOptionMeansTheJvmsDefaults() {
    assertThat(Benchmark.jvmOptions(" ")).isEmpty();
    assertThat(Benchmark.jvmOptions(" -Xmx512m  -XX:+UseSerialGC ")).containsExactly("-Xmx512m", "-XX:+UseSerialGC");
  }
}
