package io.air9.platform.sim.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatenciesTest {

  @Test
  void percentilesUseNearestRankAndIgnoreWorkspacesThatNeverGotReady() {
    List<Latencies.Sample> samples = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      samples.add(new Latencies.Sample("ws-" + i, 0.5, 0.5 + i));
    }
    samples.add(new Latencies.Sample("stuck", 0.5, Double.NaN));
    var result = new Latencies(samples, 12.0);

    assertThat(result.percentile(50)).isEqualTo(5.0);
    assertThat(result.percentile(90)).isEqualTo(9.0);
    assertThat(result.percentile(100)).isEqualTo(10.0);
    assertThat(result.notReady()).isEqualTo(1);
    assertThat(result.allReadyAt()).isNaN();
    assertThat(result.summary()).contains("11 workspaces", "p50 5.0 s", "not ready 1");
  }

  @Test
  void allReadyAtIsTheLastReadyTime() {
    var result = new Latencies(List.of(new Latencies.Sample("a", 0, 2), new Latencies.Sample("b", 1, 4.5)), 5);
    assertThat(result.allReadyAt()).isEqualTo(4.5);
    assertThat(result.percentile(100)).isEqualTo(3.5);
  }

  @Test
  void noReadyWorkspaceGivesNaN() {
    var result = new Latencies(List.of(new Latencies.Sample("a", 0, Double.NaN)), 1.0);
    assertThat(result.percentile(50)).isNaN();
  }

  @Test
  void percentilesPerMinuteOfArrivalCountOnlyThatMinutesWorkspaces() {
    var result = new Latencies(List.of(new Latencies.Sample("a", 10, 11), new Latencies.Sample("b", 59.9, 62.9),
        new Latencies.Sample("c", 60, 70), new Latencies.Sample("d", 130, Double.NaN)), 140);

    assertThat(result.byArrivalMinute()).containsExactly(
        new Latencies.Minute(0, 2, 1.0, 3.0, 3.0, 0),
        new Latencies.Minute(1, 1, 10.0, 10.0, 10.0, 0),
        new Latencies.Minute(2, 1, Double.NaN, Double.NaN, Double.NaN, 1));
  }
}
