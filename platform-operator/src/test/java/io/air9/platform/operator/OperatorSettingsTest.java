package io.air9.platform.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.javaoperatorsdk.operator.api.config.ConfigurationService;
import org.junit.jupiter.api.Test;

/** The operator's concurrency: JOSDK's default unless set, and at least one thread. */
class OperatorSettingsTest {

  @Test
  void concurrencyIsJosdksDefaultUnlessSet() {
    assertThat(OperatorSettings.defaults().concurrency())
        .isEqualTo(ConfigurationService.DEFAULT_RECONCILIATION_THREADS_NUMBER);
    OperatorSettings sixteen = OperatorSettings.defaults().withConcurrency(16);
    assertThat(sixteen.concurrency()).isEqualTo(16);
    assertThat(sixteen.withLeaderElection(true, "ns").withActivityProbe(true).concurrency()).isEqualTo(16);
  }

  @Test
  void noThreadIsRefusedWithAReadableReason() {
    assertThatThrownBy(() -> OperatorSettings.defaults().withConcurrency(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("concurrency must be at least 1, not 0");
  }
}
