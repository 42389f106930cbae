package io.air9.platform.operator;

import static io.air9.platform.operator.SamplesIT.NS;
import static org.assertj.core.api.Assertions.assertThat;

import io.air9.platform.sim.junit.KubernetesClusterTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The sample team's namespace: restricted Pod Security, quota, deny-by-default networking, member bindings. */
@KubernetesClusterTest
class SampleTeamNamespaceIT extends OperatorIT {

  @BeforeAll
  static void samples() {
    SamplesIT.applyAndWaitForSamples();
  }

  @Test
  void theNamespaceEnforcesRestrictedPodSecurity() {
    assertThat(client.namespaces().withName(NS).get().getMetadata().getLabels())
        .containsEntry("pod-security.kubernetes.io/enforce", "restricted")
        .containsEntry("air9.io/team", "data-science");
  }

  @Test
  void theQuotaCoversComputeGpusStorageAndWorkspaces() {
    assertThat(client.resourceQuotas().inNamespace(NS).withName("air9-team-quota").get().getSpec().getHard())
        .containsKeys("requests.cpu", "requests.memory", "requests.nvidia.com/gpu", "requests.storage",
            "count/statefulsets.apps");
  }

  @Test
  void networkingIsDeniedByDefaultAndOpenedPerWorkspace() {
    assertThat(client.network().networkPolicies().inNamespace(NS).list().getItems())
        .extracting(n -> n.getMetadata().getName())
        .contains("air9-default-deny", "air9-allow-workspaces", "alice-notebook");
  }

  @Test
  void membersAreBoundToTheirRoles() {
    assertThat(client.rbac().roleBindings().inNamespace(NS).withName("air9-team-admin").get().getSubjects())
        .extracting("name").containsExactly("alice");
  }
}
