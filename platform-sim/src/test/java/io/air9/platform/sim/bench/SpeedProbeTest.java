package io.air9.platform.sim.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.air9.platform.sim.junit.Waits;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpeedProbeTest {

  @Test
  void theMedianAndTheNinetiethPercentileOfTheProbesInMicroseconds() {
    long[] nanos = {1_000_000, 1_100_000, 1_200_000, 1_300_000, 1_400_000, 1_500_000, 1_600_000, 1_700_000,
        1_800_000, 9_000_000};
    assertThat(SpeedProbe.describe(nanos)).containsExactly(Map.entry("probes", 10),
        Map.entry("medianCpuMicros", 1400.0), Map.entry("p90CpuMicros", 1800.0));
    assertThat(SpeedProbe.describe(new long[0])).containsExactly(Map.entry("probes", 0));
  }

  @Test
  void theSlowdownIsTheOperatorSidesMedianOverTheBaselines() {
    assertThat(SpeedProbe.slowdown(Map.of("medianCpuMicros", 1000.0), Map.of("medianCpuMicros", 1250.0)))
        .hasValue(1.25);
    assertThat(SpeedProbe.slowdown(Map.of("probes", 0), Map.of("medianCpuMicros", 1250.0))).isEmpty();
  }

  @Test
  void aStartedProbeTimesTheSameWorkByItsThreadsCpuUntilClosed() {
    SpeedProbe probe = SpeedProbe.start();
    try {
      Waits.await("three probes", Duration.ofSeconds(30), () -> (int) probe.describe().get("probes") >= 3);
    } finally {
      probe.close();
    }
    Map<String, Object> d = probe.describe();
    assertThat((Double) d.get("medianCpuMicros")).isPositive().isLessThanOrEqualTo((Double) d.get("p90CpuMicros"));
    Waits.await("the probe's thread ended", Duration.ofSeconds(10), probe::stopped);
  }
}
