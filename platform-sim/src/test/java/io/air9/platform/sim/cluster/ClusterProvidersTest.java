package io.air9.platform.sim.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ClusterProvidersTest {

  @Test
  void picksProvidersById() {
    assertThat(ClusterProviders.byId("sim", "x")).isInstanceOf(SimulatedClusterProvider.class);
    assertThat(ClusterProviders.byId("K3S", "x")).isInstanceOf(K3sClusterProvider.class);
    assertThat(ClusterProviders.byId("kubeconfig", "x")).isInstanceOf(KubeconfigClusterProvider.class);
  }

  @Test
  void unknownProviderIsAClearError() {
    assertThatThrownBy(() -> ClusterProviders.byId("minikube", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("minikube")
        .hasMessageContaining("sim, k3s or kubeconfig");
  }

  @Test
  void findsTheRepositoryFromTheWorkingDirectory() {
    assertThat(ClusterProviders.repoRoot().resolve("deploy/sim/air9-sim")).exists();
  }

  @Test
  void missingKubeconfigIsReportedAsUnavailable() {
    var provider = new KubeconfigClusterProvider(Path.of("/nonexistent/kubeconfig"), null, null);
    assertThat(provider.unavailableReason()).hasValueSatisfying(r -> assertThat(r).contains("/nonexistent/kubeconfig"));
  }
}
