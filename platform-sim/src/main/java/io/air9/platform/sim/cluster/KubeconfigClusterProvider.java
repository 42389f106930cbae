package io.air9.platform.sim.cluster;

import io.fabric8.kubernetes.client.Config;
import java.io.IOException;
import java.io.UncheckedIOException;
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
    return new KubernetesCluster() {
      @Override
      public String provider() {
        return id();
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
          throw new IllegalStateException("no kubectl binary given for the kubeconfig cluster (set AIR9_KUBECTL)");
        }
        return new Kubectl(kubectl, kubeconfig, context);
      }

      @Override
      public void close() {
        // not ours to stop
      }
    };
  }
}
