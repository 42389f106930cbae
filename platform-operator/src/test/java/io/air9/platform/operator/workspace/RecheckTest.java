package io.air9.platform.operator.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import io.air9.platform.model.StartStep;
import io.air9.platform.model.WorkspaceStatus;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The re-examination of a starting or failed workspace grows with how long its state has lasted, and is left out
 * where all the state awaits is watched.
 */
class RecheckTest {

  private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  private static final Duration MIN = Duration.ofSeconds(5);

  @Test
  void aFreshStateIsLookedAtSoonAHangingOneEverLessOftenButAtLeastEveryTwoMinutes() {
    assertThat(WorkspaceReconciler.recheckAfter(NOW, NOW, MIN)).isEqualTo(MIN);
    assertThat(WorkspaceReconciler.recheckAfter(NOW.minusSeconds(3), NOW, MIN)).isEqualTo(MIN);
    assertThat(WorkspaceReconciler.recheckAfter(NOW.minusSeconds(20), NOW, MIN)).isEqualTo(Duration.ofSeconds(20));
    assertThat(WorkspaceReconciler.recheckAfter(NOW.minusSeconds(3600), NOW, MIN))
        .isEqualTo(WorkspaceReconciler.MAX_RECHECK).isEqualTo(Duration.ofMinutes(2));
    // no known change, or a clock ahead of ours: the shortest interval, never zero or negative
    assertThat(WorkspaceReconciler.recheckAfter(null, NOW, MIN)).isEqualTo(MIN);
    assertThat(WorkspaceReconciler.recheckAfter(NOW.plusSeconds(30), NOW, MIN)).isEqualTo(MIN);
  }

  @Test
  void theStateDatesFromTheLatestConditionTransitionOrStartStep() {
    WorkspaceStatus status = new WorkspaceStatus();
    assertThat(WorkspaceReconciler.lastChange(status)).isNull();
    status.setConditions(List.of(
        new ConditionBuilder().withType("Ready").withLastTransitionTime("2026-12-01T11:50:00Z").build(),
        new ConditionBuilder().withType("Degraded").withLastTransitionTime("2026-12-01T11:55:00Z").build(),
        new ConditionBuilder().withType("Scheduled").withLastTransitionTime("not a time").build()));
    assertThat(WorkspaceReconciler.lastChange(status)).isEqualTo(Instant.parse("2026-12-01T11:55:00Z"));
    status.setStartTimeline(List.of(new StartStep(StartStep.Name.Accepted, "2026-12-01T11:49:00Z", 0.0),
        new StartStep(StartStep.Name.VolumeBound, "2026-12-01T11:58:30Z", 570.0)));
    assertThat(WorkspaceReconciler.lastChange(status)).isEqualTo(Instant.parse("2026-12-01T11:58:30Z"));
    assertThat(WorkspaceReconciler.recheckAfter(WorkspaceReconciler.lastChange(status), NOW, MIN))
        .isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void aStartWaitingForItsVolumeWithItsPodThereWaitsForTheClaimsAndThePodsEvents() {
    WorkspaceStatus waiting = new WorkspaceStatus();
    waiting.setConditions(List.of(new ConditionBuilder().withType("Ready").withStatus("False")
        .withReason(WorkspaceStatusAggregator.REASON_WAITING_FOR_VOLUME).build()));
    Pod unschedulable = new PodBuilder().withNewMetadata().withName("alice-0").endMetadata().withNewStatus()
        .addNewCondition().withType("PodScheduled").withStatus("False").withReason("Unschedulable").endCondition()
        .endStatus().build();
    assertThat(WorkspaceReconciler.awaitsWatchedVolume(unschedulable, waiting)).isTrue();
    // no pod yet: why is read from the StatefulSet's warnings, which are not watched
    assertThat(WorkspaceReconciler.awaitsWatchedVolume(null, waiting)).isFalse();
    WorkspaceStatus scheduling = new WorkspaceStatus();
    scheduling.setConditions(List.of(new ConditionBuilder().withType("Ready").withStatus("False")
        .withReason("WaitingForQuota").build()));
    assertThat(WorkspaceReconciler.awaitsWatchedVolume(unschedulable, scheduling)).isFalse();
  }
}
