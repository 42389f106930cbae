package io.air9.platform.sim.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EventCostTest {

  @Test
  void theIdleRateOverTheWindowIsTakenOffBeforeDividingByTheEvents() {
    // 10 s window, 2000 events; idle: 0.01 CPU s per s of HTTP client, 0.02 of GC
    Map<String, Double> perEvent = EventCost.perEvent(Map.of("HTTP client", 1.1, "GC", 0.4),
        Map.of("HTTP client", 0.01, "GC", 0.02), 10, 2000);

    assertThat(perEvent.get("HTTP client")).isCloseTo((1.1 - 0.1) / 2000, within(1e-12));
    assertThat(perEvent.get("GC")).isCloseTo((0.4 - 0.2) / 2000, within(1e-12));
  }

  @Test
  void aGroupThatUsedLessThanWhenIdleCountsAsNothingNotBelowZero() {
    Map<String, Double> perEvent = EventCost.perEvent(Map.of("admission queue", 0.05),
        Map.of("admission queue", 0.01), 10, 100);

    assertThat(perEvent).containsEntry("admission queue", 0.0);
  }

  @Test
  void theIdleRateIsPerSecondOfTheIdleWindow() {
    Map<String, Double> rate = EventCost.perSecond(new EventCost.Window(20, Map.of("informers/watch", 0.4)));

    assertThat(rate.get("informers/watch")).isCloseTo(0.02, within(1e-12));
  }

  @Test
  void anIdleOperatorIsOneThatUsesLittleMoreThanItsOwnIdleRate() {
    assertThat(EventCost.settledStep(0.007)).isEqualTo(EventCost.SETTLED_CPU_PER_SECOND);
    // recording with JFR: 0.035 CPU s a second when idle, above the fixed bound, which it would never get under
    assertThat(EventCost.settledStep(0.035)).isCloseTo(0.0525, within(1e-12));
  }

  @Test
  void kindsAreNamedAsKubectlNamesThemAndAnUnknownOneIsRefusedWithTheChoices() {
    assertThat(EventCost.kinds("serviceaccounts, statefulsets")).extracting(k -> (Object) k.type).containsExactly(
        io.fabric8.kubernetes.api.model.ServiceAccount.class, io.fabric8.kubernetes.api.model.apps.StatefulSet.class);
    assertThat(EventCost.Kind.STATEFULSETS.childOf.apply("alice")).isEqualTo(
        io.air9.platform.model.WorkspaceNames.statefulSet("alice"));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> EventCost.kinds("pods"))
        .hasMessageContaining("statefulsets or serviceaccounts");
  }
}
