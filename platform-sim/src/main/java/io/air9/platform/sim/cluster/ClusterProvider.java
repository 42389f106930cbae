package io.air9.platform.sim.cluster;

import java.util.Optional;

/** Starts (or connects to) a Kubernetes cluster. */
public interface ClusterProvider {

  /** sim, k3s or kubeconfig. */
  String id();

  /** Why this provider cannot work on this machine, or empty when it can. */
  Optional<String> unavailableReason();

  /** Starts the cluster (or connects to it) and returns it once the API server answers. */
  KubernetesCluster start();
}
