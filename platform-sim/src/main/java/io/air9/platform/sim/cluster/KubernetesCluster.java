package io.air9.platform.sim.cluster;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Path;
import java.util.Optional;

/** A running Kubernetes cluster that tests and the demo talk to. Closing it stops it if it was started here. */
public interface KubernetesCluster extends AutoCloseable {

  /** Which provider made it: sim, k3s or kubeconfig. */
  String provider();

  /** A kubeconfig file that reaches the cluster (for kubectl and for processes started by tests). */
  Path kubeconfig();

  /** The kubectl binary to use, if one is known (the simulated cluster always has one). */
  Optional<Path> kubectlBinary();

  /** A new Fabric8 client for this cluster; the caller closes it. */
  default KubernetesClient newClient() {
    return new KubernetesClientBuilder().withConfig(config()).build();
  }

  /** The Fabric8 configuration of this cluster. */
  Config config();

  /** Runs kubectl against this cluster. */
  default Kubectl kubectl() {
    return new Kubectl(
        kubectlBinary().orElseThrow(() -> new IllegalStateException("no kubectl binary for provider " + provider())),
        kubeconfig());
  }

  @Override
  void close();
}
