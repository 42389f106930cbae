package io.air9.platform.operator.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import io.air9.platform.operator.workspace.WorkspaceDependents.ServiceDependent;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import org.junit.jupiter.api.Test;

class ServiceDependentTest {

  private static Service withClusterIp(String ip) {
    return new ServiceBuilder().withNewMetadata().withName("ws").endMetadata()
        .withNewSpec().withClusterIP(ip).endSpec().build();
  }

  @Test
  void aServiceWithAVirtualIpIsMadeAgainToBecomeHeadless() {
    assertThat(ServiceDependent.clusterIpKept(withClusterIp("10.96.3.4"), withClusterIp("None"))).isFalse();
  }

  @Test
  void aHeadlessServiceIsUpdatedInPlace() {
    assertThat(ServiceDependent.clusterIpKept(withClusterIp("None"), withClusterIp("None"))).isTrue();
  }

  @Test
  void aServiceWhoseIpIsNotYetKnownOrNotAskedForIsUpdatedInPlace() {
    assertThat(ServiceDependent.clusterIpKept(withClusterIp(null), withClusterIp("None"))).isTrue();
    assertThat(ServiceDependent.clusterIpKept(withClusterIp("10.96.3.4"), withClusterIp(null))).isTrue();
  }
}
