package io.air9.platform.install;

import io.air9.platform.sim.cluster.Kubectl;
import io.air9.platform.sim.cluster.Processes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The helm binary built from deploy/tools/helm (pinned, cached by deploy/tools/build), with its cache and config in
 * target/ so that tests never touch the user's helm repositories.
 */
final class Helm {

  static final Path REPO = Path.of(System.getProperty("air9.repo.root", "..")).toAbsolutePath().normalize();
  static final Path CHART = REPO.resolve("deploy/helm/air9");
  private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(30);
  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);
  private static Path binary;

  private final Path kubeconfig;

  Helm(Path kubeconfig) {
    this.kubeconfig = kubeconfig;
  }

  /** Builds helm on first use (minutes when cold), then reuses the cached binary. */
  static synchronized Path binary() {
    if (binary == null) {
      Kubectl.Result built = run(List.of(REPO.resolve("deploy/tools/build").toString(), "helm"), null, BUILD_TIMEOUT);
      if (!built.ok()) {
        throw new IllegalStateException("deploy/tools/build helm failed: " + built.stderr());
      }
      binary = Path.of(built.stdout().strip().lines().reduce((a, b) -> b).orElseThrow());
    }
    return binary;
  }

  /** Runs helm with the given arguments against this cluster. */
  Kubectl.Result run(String... args) {
    List<String> command = new ArrayList<>();
    command.add(binary().toString());
    command.add("--kubeconfig=" + kubeconfig);
    command.addAll(List.of(args));
    return run(command, null, RUN_TIMEOUT);
  }

  /** helm template of the chart (or a packaged chart) as release air9 in air9-system, with values files. */
  String template(Path chart, Path... valuesFiles) {
    List<String> args = new ArrayList<>(List.of("template", "air9", chart.toString(), "--namespace", "air9-system"));
    for (Path values : valuesFiles) {
      args.add("--values");
      args.add(values.toString());
    }
    return run(args.toArray(String[]::new)).orThrow().stdout();
  }

  static Kubectl.Result run(List<String> command, String stdin, Duration timeout) {
    Path home = Path.of("target/helm-home").toAbsolutePath();
    return Processes.run(command, Map.of("HELM_CACHE_HOME", home.resolve("cache").toString(),
        "HELM_CONFIG_HOME", home.resolve("config").toString(), "HELM_DATA_HOME", home.resolve("data").toString()),
        stdin, timeout);
  }
}
