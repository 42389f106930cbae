package io.air9.platform.operator;

import static io.air9.platform.operator.SamplesIT.NS;
import static org.assertj.core.api.Assertions.assertThat;

import io.air9.platform.sim.junit.KubernetesClusterTest;
import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The sample workspaces' pods pass PSS restricted (their namespace enforces it) and run as the class's user. */
@KubernetesClusterTest
class SamplePodSecurityIT extends OperatorIT {

  @BeforeAll
  static void samples() {
    SamplesIT.applyAndWaitForSamples();
  }

  @Test
  void podsRunAsTheClassUserWithoutCapabilities() {
    Pod pod = client.pods().inNamespace(NS).withName("alice-notebook-0").get();
    assertThat(pod.getSpec().getSecurityContext().getRunAsUser()).isEqualTo(1000L);
    assertThat(pod.getSpec().getContainers().get(0).getSecurityContext().getCapabilities().getDrop())
        .containsExactly("ALL");
  }
}
