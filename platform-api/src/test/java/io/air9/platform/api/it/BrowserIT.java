package io.air9.platform.api.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.air9.platform.sim.cluster.KubernetesCluster;
import io.air9.platform.sim.junit.KubernetesClusterTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The dashboard's browser tests (platform-ui/browser-tests: playwright-core driving Debian's chromium, axe-core)
 * against the API in the demo profile with the operator, on the simulated cluster. They need node, npm and chromium:
 * missing chromium fails the build in CI (CI=true) and skips the test elsewhere, saying how to install it.
 * AIR9_UPDATE_SCREENSHOTS=1 in the environment makes them refresh docs/img.
 */
@KubernetesClusterTest
class BrowserIT {

  static final Path TESTS = ApiOnCluster.REPO.resolve("platform-ui/browser-tests").toAbsolutePath().normalize();
  static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
  static ConfigurableApplicationContext demo;

  @BeforeAll
  static void start(KubernetesCluster cluster) {
    String missing = "no chromium at " + CHROMIUM + ": install Debian's (apt-get install -y chromium) or set CHROMIUM";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      assertThat(Files.isExecutable(CHROMIUM)).as(missing).isTrue();
    } else {
      Assumptions.assumeTrue(Files.isExecutable(CHROMIUM), missing);
    }
    demo = ApiOnCluster.start(cluster).startDemo(cluster);
  }

  @AfterAll
  static void stop() {
    if (demo != null) {
      demo.close();
    }
  }

  @Test
  void dashboardInChromium() throws Exception {
    Path log = Path.of("target/browser-tests.log").toAbsolutePath();
    Files.createDirectories(log.getParent());
    Files.deleteIfExists(log);
    run(List.of("npm", "ci", "--no-audit", "--no-fund"), log, 300);
    // -Dair9.browser-tests=restart.test.mjs runs one file (or a space-separated few); all of them by default.
    List<String> command = new java.util.ArrayList<>(List.of("node", "--test", "--test-concurrency=1",
        "--test-reporter=spec"));
    command.addAll(List.of(System.getProperty("air9.browser-tests", ".").trim().split("\\s+")));
    int exit = run(command, log, 900);
    String output = Files.readString(log);
    assertThat(exit).as("browser tests failed (log: %s):%n%s", log, tail(output)).isZero();
    assertThat(output).as(tail(output)).contains("ℹ fail 0").containsPattern("ℹ pass [1-9]");
  }

  private static int run(List<String> command, Path log, int timeoutSeconds) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command).directory(TESTS.toFile()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().put("AIR9_BASE_URL", ApiOnCluster.baseOf(demo).toString());
    Process p = pb.start();
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s; log: " + log);
    }
    return p.exitValue();
  }

  private static String tail(String text) {
    return text.length() <= 6000 ? text : text.substring(text.length() - 6000);
  }
}
