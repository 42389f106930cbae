package io.air9.platform.api.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.air9.platform.sim.cluster.KubernetesCluster;
import io.air9.platform.sim.junit.KubernetesClusterTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A fuzzing pass over the OpenAPI document: Schemathesis (from PyPI, into target/) generates requests for every
 * operation; the IT fails on any 5xx or any response that breaks the documented schema. Runs as bob, a member of
 * team a, so generated writes stay inside one team (and exercise 404 everywhere else). The SSE stream is left out
 * (it never ends).
 */
@KubernetesClusterTest
class SchemathesisIT {

  static ApiOnCluster api;

  @BeforeAll
  static void start(KubernetesCluster cluster) {
    api = ApiOnCluster.start(cluster);
  }

  /** Any team: mostly 404s and validation, as bob of team a. */
  @Test
  void fuzzingAnyTeamFindsNoServerErrorAndNoSchemaViolation() throws Exception {
    fuzz("bob", null);
  }

  /** Pinned to team fuzz (small quota) as its admin: generated requests create, change and delete for real. */
  @Test
  void fuzzingOneRealTeamFindsNoServerErrorAndNoSchemaViolation() throws Exception {
    fuzz("fuzzer", "fuzz");
  }

  private static void fuzz(String user, String team) throws Exception {
    Path script = Path.of("src/test/fuzz/schemathesis.sh").toAbsolutePath();
    Path log = Path.of("target/schemathesis/output-" + (team == null ? "any-team" : team) + ".txt").toAbsolutePath();
    Files.createDirectories(log.getParent());
    long started = System.nanoTime();
    List<String> command = new ArrayList<>(List.of(script.toString(), api.base.toString(), api.token(user),
        System.getProperty("air9.fuzz.examples", "25")));
    if (team != null) {
      command.add(team);
    }
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean finished = process.waitFor(10, TimeUnit.MINUTES);
    if (!finished) {
      process.destroyForcibly();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    System.out.println(output);
    System.out.printf("schemathesis (%s) took %d s%n", team, (System.nanoTime() - started) / 1_000_000_000L);
    assertThat(finished).as("schemathesis finished within 10 minutes").isTrue();
    assertThat(output).as("schemathesis generated test cases").containsPattern("[1-9][0-9]* generated");
    assertThat(process.exitValue()).as("schemathesis exit status; see " + log).isZero();
  }
}
