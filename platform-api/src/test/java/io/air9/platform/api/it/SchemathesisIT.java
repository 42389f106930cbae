package io.air9.platform.api.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.air9.platform.sim.cluster.KubernetesCluster;
import io.air9.platform.sim.junit.KubernetesClusterTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A fuzzing pass over the OpenAPI document: Schemathesis (from PyPI, into target/) generates requests for every
 * operation; the IT fails on any 5xx or any response that breaks the documented schema. Runs as bob, a member of
 * team a, so generated writes stay inside one team (and exercise 404 everywhere else). The SSE stream is left out
 * (it never ends).
 */
@KubernetesClusterTest
class SchemathesisIT {

  @Test
  void fuzzingFindsNoServerErrorAndNoSchemaViolation(KubernetesCluster cluster) throws Exception {
    ApiOnCluster api = ApiOnCluster.start(cluster);
    Path script = Path.of("src/test/fuzz/schemathesis.sh").toAbsolutePath();
    Path log = Path.of("target/schemathesis/output.txt").toAbsolutePath();
    Files.createDirectories(log.getParent());
    long started = System.nanoTime();
    Process process = new ProcessBuilder(script.toString(), api.base.toString(), api.token("bob"),
        System.getProperty("air9.fuzz.examples", "25"))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean finished = process.waitFor(10, TimeUnit.MINUTES);
    if (!finished) {
      process.destroyForcibly();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    System.out.println(output);
    System.out.printf("schemathesis took %d s%n", (System.nanoTime() - started) / 1_000_000_000L);
    assertThat(finished).as("schemathesis finished within 10 minutes").isTrue();
    assertThat(output).as("schemathesis ran test cases").containsPattern("(?i)test cases");
    assertThat(process.exitValue()).as("schemathesis exit status; see " + log).isZero();
  }
}
