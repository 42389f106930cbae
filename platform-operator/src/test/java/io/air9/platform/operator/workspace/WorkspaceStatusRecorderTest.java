package io.air9.platform.operator.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import io.air9.platform.model.Workspace;
import io.air9.platform.model.WorkspacePhase;
import io.air9.platform.model.WorkspaceStatus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** When a reconcile looks again: at the sooner of its own next check and the end of a held status write. */
class WorkspaceStatusRecorderTest {

  private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");

  private final WorkspaceStatusRecorder recorder =
      new WorkspaceStatusRecorder(new WorkspaceMetrics(new SimpleMeterRegistry()), new StartProgress());
  private final Workspace ws = Fixtures.workspace("alice");

  private Optional<Long> lookAgainAfter(Optional<Duration> hold, Optional<Duration> next) {
    WorkspaceStatus status = new WorkspaceStatus();
    status.setPhase(WorkspacePhase.Provisioning);
    return recorder.update(ws, new WorkspaceStatusRecorder.Recorded(status, hold), next, NOW).getScheduleDelay();
  }

  @Test
  void aHeldWriteIsLookedAtAgainWhenItsHoldEndsIfThatIsSoonerThanTheNextCheck() {
    assertThat(lookAgainAfter(Optional.of(Duration.ofSeconds(2)), Optional.of(Duration.ofSeconds(10))))
        .contains(2000L);
    assertThat(lookAgainAfter(Optional.of(Duration.ofSeconds(2)), Optional.empty())).contains(2000L);
  }

  @Test
  void theNextCheckWinsWhenItIsSoonerOrNothingIsHeld() {
    assertThat(lookAgainAfter(Optional.of(Duration.ofSeconds(20)), Optional.of(Duration.ofSeconds(10))))
        .contains(10_000L);
    assertThat(lookAgainAfter(Optional.empty(), Optional.of(Duration.ofSeconds(10)))).contains(10_000L);
    assertThat(lookAgainAfter(Optional.empty(), Optional.empty())).isEmpty();
  }

  @Test
  void theSoonerOfTwoDelaysEitherOfWhichMayBeAbsent() {
    Optional<Duration> one = Optional.of(Duration.ofSeconds(1));
    Optional<Duration> two = Optional.of(Duration.ofSeconds(2));
    assertThat(WorkspaceStatusRecorder.earliest(one, two)).isEqualTo(one);
    assertThat(WorkspaceStatusRecorder.earliest(two, one)).isEqualTo(one);
    assertThat(WorkspaceStatusRecorder.earliest(Optional.empty(), two)).isEqualTo(two);
    assertThat(WorkspaceStatusRecorder.earliest(two, Optional.empty())).isEqualTo(two);
    assertThat(WorkspaceStatusRecorder.earliest(Optional.empty(), Optional.empty())).isEmpty();
  }
}
