package io.air9.platform.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.javaoperatorsdk.operator.api.config.ConfigurationService;
import org.junit.jupiter.api.Test;

/** The operator's concurrency: 16 unless set (fewer than JOSDK's 50), and at least one thread. */
class OperatorSettingsTest {

  @Test
  void concurrencyIsSixteenUnlessSet() {
    assertThat(OperatorSettings.defaults().concurrency()).isEqualTo(16)
        .isLessThan(ConfigurationService.DEFAULT_RECONCILIATION_THREADS_NUMBER);
    OperatorSettings fifty = OperatorSettings.defaults().withConcurrency(50);
    assertThat(fifty.concurrency()).isEqualTo(50);
    assertThat(fifty.withLeaderElection(true, "ns").withActivityProbe(true).concurrency()).isEqualTo(50);
  }

  @Test
  void noThreadIsRefusedWithAReadableReason() {
    assertThatThrownBy(() -> OperatorSettings.defaults().withConcurrency(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("concurrency must be at least 1, not 0");
  }
}
