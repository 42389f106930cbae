package io.air9.platform.sim.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Picks the cluster provider from system properties or environment variables.
 *
 * <ul>
 *   <li>{@code air9.cluster} / {@code AIR9_CLUSTER}: {@code sim} (default), {@code k3s} or {@code kubeconfig}
 *   <li>{@code air9.sim.name} / {@code AIR9_SIM_NAME}: name of the simulated cluster (default {@code air9})
 *   <li>{@code air9.repo.root} / {@code AIR9_REPO_ROOT}: the repository (found from the working directory otherwise)
 *   <li>{@code AIR9_KUBECONFIG} (else {@code KUBECONFIG}, else ~/.kube/config), {@code AIR9_KUBE_CONTEXT},
 *       {@code AIR9_KUBECTL}: for the kubeconfig provider
 *   <li>{@code air9.k3s.image} / {@code AIR9_K3S_IMAGE}: the k3s image
 * </ul>
 */
public final class ClusterProviders {

  private ClusterProviders() {}

  public static ClusterProvider fromEnvironment() {
    return fromEnvironment("");
  }

  /** The configured provider; a simulated cluster is named after the configured name plus {@code nameSuffix}. */
  public static ClusterProvider fromEnvironment(String nameSuffix) {
    return byId(setting("air9.cluster", "AIR9_CLUSTER", "sim"),
        setting("air9.sim.name", "AIR9_SIM_NAME", "air9") + nameSuffix);
  }

  /** The provider of the given id; {@code simName} names the simulated cluster. */
  public static ClusterProvider byId(String id, String simName) {
    return switch (id.toLowerCase(Locale.ROOT)) {
      case "sim" -> new SimulatedClusterProvider(repoRoot(), simName);
      case "k3s" -> new K3sClusterProvider(setting("air9.k3s.image", "AIR9_K3S_IMAGE", K3sClusterProvider.DEFAULT_IMAGE));
      case "kubeconfig" -> new KubeconfigClusterProvider(
          Path.of(firstNonBlank(
              System.getenv("AIR9_KUBECONFIG"),
              System.getenv("KUBECONFIG"),
              System.getProperty("user.home") + "/.kube/config")),
          System.getenv("AIR9_KUBE_CONTEXT"),
          System.getenv("AIR9_KUBECTL") == null ? null : Path.of(System.getenv("AIR9_KUBECTL")));
      default -> throw new IllegalArgumentException("unknown cluster provider '" + id + "' (sim, k3s or kubeconfig)");
    };
  }

  /** The repository root: the setting, or the nearest folder upwards that holds deploy/sim/air9-sim. */
  public static Path repoRoot() {
    String configured = setting("air9.repo.root", "AIR9_REPO_ROOT", null);
    if (configured != null) {
      return Path.of(configured).toAbsolutePath().normalize();
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.exists(dir.resolve("deploy/sim/air9-sim"))) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "cannot find the repository (deploy/sim/air9-sim) from " + Path.of("").toAbsolutePath() + "; set AIR9_REPO_ROOT");
  }

  static String setting(String property, String env, String fallback) {
    return firstNonBlank(System.getProperty(property), System.getenv(env), fallback);
  }

  private static String firstNonBlank(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return v;
      }
    }
    return null;
  }
}
