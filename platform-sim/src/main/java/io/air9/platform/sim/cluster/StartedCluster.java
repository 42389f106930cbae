package io.air9.platform.sim.cluster;

import io.fabric8.kubernetes.client.Config;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/** A cluster reached through a kubeconfig file; closing it runs the provider's stop action once. */
final class StartedCluster implements KubernetesCluster {

  private final String provider;
  private final Path kubeconfig;
  private final String context;
  private final Path kubectl;
  private final Runnable stop;
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * @param context the kubeconfig context to use, null for its current one
   * @param kubectl the kubectl binary, null when none is known
   * @param stop what closing does (stop the cluster, or nothing for a cluster that is not ours)
   */
  StartedCluster(String provider, Path kubeconfig, String context, Path kubectl, Runnable stop) {
    this.provider = provider;
    this.kubeconfig = kubeconfig;
    this.context = context;
    this.kubectl = kubectl;
    this.stop = stop;
  }

  @Override
  public String provider() {
    return provider;
  }

  @Override
  public Path kubeconfig() {
    return kubeconfig;
  }

  @Override
  public Optional<Path> kubectlBinary() {
    return Optional.ofNullable(kubectl);
  }

  @Override
  public Config config() {
    try {
      return Config.fromKubeconfig(context, Files.readString(kubeconfig), kubeconfig.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Kubectl kubectl() {
    if (kubectl == null) {
      throw new IllegalStateException("no kubectl binary for provider " + provider
          + ("kubeconfig".equals(provider) ? " (set AIR9_KUBECTL)" : ""));
    }
    return new Kubectl(kubectl, kubeconfig, context);
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      stop.run();
    }
  }

  @Override
  public String toString() {
    return provider + " cluster (" + kubeconfig + ")";
  }
}
