package io.air9.platform.sim.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.air9.platform.sim.junit.KubernetesClusterTest;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;

/** Runs only where a Docker engine exists; elsewhere JUnit reports it skipped with the reason. */
@KubernetesClusterTest(provider = "k3s")
class K3sClusterIT {

  @Test
  void k3sServesTheApi(KubernetesClient client) {
    assertThat(client.getKubernetesVersion().getMajor()).isEqualTo("1");
    assertThat(client.nodes().list().getItems()).hasSize(1);
  }
}
