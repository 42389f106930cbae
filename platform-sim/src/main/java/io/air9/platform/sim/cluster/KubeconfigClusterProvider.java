package io.air9.platform.sim.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** An existing cluster, reached through a kubeconfig file and optional context. Never stopped by us. */
public final class KubeconfigClusterProvider implements ClusterProvider {

  private final Path kubeconfig;
  private final String context;
  private final Path kubectl;

  public KubeconfigClusterProvider(Path kubeconfig, String context, Path kubectl) {
    this.kubeconfig = kubeconfig;
    this.context = context;
    this.kubectl = kubectl;
  }

  @Override
  public String id() {
    return "kubeconfig";
  }

  @Override
  public Optional<String> unavailableReason() {
    return Files.isReadable(kubeconfig) ? Optional.empty() : Optional.of("kubeconfig not readable: " + kubeconfig);
  }

  @Override
  public KubernetesCluster start() {
    unavailableReason().ifPresent(reason -> {
      throw new IllegalStateException(reason);
    });
    return new StartedCluster(id(), kubeconfig, context, kubectl, () -> {
      // not ours to stop
    });
  }
}
