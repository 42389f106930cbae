package io.air9.platform.operator.team;

import static org.assertj.core.api.Assertions.assertThat;

import io.air9.platform.operator.team.TeamDependents.QuotaDependent;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.ResourceQuotaStatusBuilder;
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

  /** The quota as the cluster has it once the quota controller computed it: hard limits and the usage. */
  static ResourceQuota computed(String usedCpu) {
    ResourceQuota q = quota("8", "32Gi", "10");
    q.getMetadata().setResourceVersion("1");
    q.setStatus(new ResourceQuotaStatusBuilder().withHard(q.getSpec().getHard())
        .withUsed(Map.of("requests.cpu", new Quantity(usedCpu), "requests.memory", new Quantity("0"),
            "count/statefulsets.apps", new Quantity("0")))
        .build());
    return q;
  }

  @Test
  void aChangeOfUsageAloneStartsNoReconcile() {
    assertThat(new QuotaDependent.Updates().accept(computed("500m"), computed("0"))).isFalse();
  }

  @Test
  void theQuotaControllersFirstComputationStartsAReconcile() {
    ResourceQuota before = quota("8", "32Gi", "10");
    assertThat(new QuotaDependent.Updates().accept(computed("0"), before)).isTrue();
    ResourceQuota partly = computed("0");
    partly.getStatus().setUsed(Map.of("requests.cpu", new Quantity("0")));
    assertThat(new QuotaDependent.Updates().accept(computed("0"), partly)).as("a limit newly computed").isTrue();
  }

  @Test
  void aChangeOfWhatTheOperatorOwnsStartsAReconcile() {
    ResourceQuota edited = computed("0");
    edited.getSpec().setHard(Map.of("requests.cpu", new Quantity("4"), "requests.memory", new Quantity("32Gi"),
        "count/statefulsets.apps", new Quantity("10")));
    assertThat(new QuotaDependent.Updates().accept(edited, computed("0"))).as("a limit changed").isTrue();
    ResourceQuota relabelled = computed("0");
    relabelled.getMetadata().setLabels(Map.of("app.kubernetes.io/managed-by", "someone"));
    assertThat(new QuotaDependent.Updates().accept(relabelled, computed("0"))).as("labels changed").isTrue();
  }
}
