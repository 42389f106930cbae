package io.air9.platform.sim.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoadScenarioResultTest {

  @Test
  void percentilesUseNearestRankAndIgnoreWorkspacesThatNeverGotReady() {
    Map<String, Double> seconds = new HashMap<>();
    for (int i = 1; i <= 10; i++) {
      seconds.put("ws-" + i, (double) i);
    }
    seconds.put("stuck", Double.NaN);
    var result = new LoadScenario.Result(seconds, 12.0);

    assertThat(result.percentile(50)).isEqualTo(5.0);
    assertThat(result.percentile(90)).isEqualTo(9.0);
    assertThat(result.percentile(100)).isEqualTo(10.0);
    assertThat(result.notReady()).isEqualTo(1);
    assertThat(result.summary()).contains("11 workspaces", "p50 5.0 s", "not ready 1");
  }

  @Test
  void noReadyWorkspaceGivesNaN() {
    var result = new LoadScenario.Result(Map.of("a", Double.NaN), 1.0);
    assertThat(result.percentile(50)).isNaN();
  }
}
