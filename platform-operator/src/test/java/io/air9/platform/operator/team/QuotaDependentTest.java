package io.air9.platform.operator.team;

import static org.assertj.core.api.Assertions.assertThat;

import io.air9.platform.operator.team.TeamDependents.QuotaDependent;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The quota is compared with the cluster's canonical spelling of equal amounts, so an unchanged quota is no apply. */
class QuotaDependentTest {

  static ResourceQuota quota(String cpu, String memory, String workspaces) {
    return new ResourceQuotaBuilder().withNewMetadata().withName("team-quota").endMetadata()
        .withNewSpec().withHard(Map.of("requests.cpu", new Quantity(cpu), "requests.memory", new Quantity(memory),
            "count/statefulsets.apps", new Quantity(workspaces))).endSpec().build();
  }

  @Test
  void equalAmountsTakeTheClustersSpelling() {
    ResourceQuota desired = quota("100000", "2048Mi", "110");
    ResourceQuota actual = quota("100k", "2Gi", "110");
    assertThat(QuotaDependent.spelledAs(desired, actual).getSpec().getHard())
        .isEqualTo(actual.getSpec().getHard());
    assertThat(desired.getSpec().getHard().get("requests.cpu")).as("the desired object is not changed")
        .hasToString("100000");
  }

  @Test
  void aChangedAmountStaysAsDesired() {
    ResourceQuota desired = quota("200000", "2048Mi", "120");
    ResourceQuota actual = quota("100k", "2Gi", "110");
    Map<String, Quantity> hard = QuotaDependent.spelledAs(desired, actual).getSpec().getHard();
    assertThat(hard.get("requests.cpu")).hasToString("200000");
    assertThat(hard.get("requests.memory")).hasToString("2Gi");
    assertThat(hard.get("count/statefulsets.apps")).hasToString("120");
  }

  @Test
  void aQuotaNotYetInTheClusterIsAsDesired() {
    ResourceQuota desired = quota("8", "32Gi", "10");
    assertThat(QuotaDependent.spelledAs(desired, new ResourceQuota())).isSameAs(desired);
  }
}
