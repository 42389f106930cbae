package io.air9.platform.operator.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import io.air9.platform.model.StartStep;
import io.air9.platform.model.StartStep.Name;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StartProgressTest {

  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  private static StartStep step(Name name, int seconds) {
    return new StartStep(name, T0.plusSeconds(seconds).toString(), 0.0);
  }

  @Test
  void theFirstLookCountsAsProgressOnEveryStepThenEachStepKeepsItsLatestTime() {
    StartProgress progress = new StartProgress();
    StartTimeline.Progress first = progress.snapshot(T0);
    assertThat(first.lastReached()).as("a new operator catches up for one window").hasSize(Name.values().length)
        .allSatisfy((step, at) -> assertThat(at).isEqualTo(T0));

    List<StartStep> before = List.of(step(Name.Accepted, 10));
    progress.reached(before, List.of(step(Name.Accepted, 10), step(Name.VolumeBound, 40)));
    progress.reached(List.of(), List.of(step(Name.Accepted, 5), step(Name.VolumeBound, 30)));
    StartTimeline.Progress now = progress.snapshot(T0.plusSeconds(60));
    assertThat(now.lastReached().get(Name.VolumeBound)).as("the latest, not the last recorded")
        .isEqualTo(T0.plusSeconds(40));
    assertThat(now.lastReached().get(Name.Accepted)).as("a step already in the status before is no news")
        .isEqualTo(T0.plusSeconds(5));
    assertThat(now.lastReached().get(Name.Scheduled)).isEqualTo(T0);
    assertThat(first.lastReached().get(Name.VolumeBound)).as("a snapshot does not change").isEqualTo(T0);
  }
}
