package io.air9.platform.sim.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.air9.platform.model.StartStep;
import io.air9.platform.model.Workspace;
import io.air9.platform.model.WorkspacePhase;
import io.air9.platform.model.WorkspaceStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PhaseLogTest {

  private static final String NS = "team-bench-1";

  private final PhaseLog log = new PhaseLog(Set.of(NS, "team-bench-2"));

  @Test
  void aFailedStatusBetweenTwoOthersIsCountedWithItsReadyConditionOfThatMoment() {
    log.record(workspace(NS, "ws-1", null, null, null));
    log.record(workspace(NS, "ws-1", WorkspacePhase.Pending, "WaitingForVolume", "waiting for the home volume"));
    log.record(workspace(NS, "ws-1", WorkspacePhase.Failed, "Unschedulable", "0/4 nodes are available"));
    log.record(workspace(NS, "ws-1", WorkspacePhase.Provisioning, "WaitingForPod", "the pod is starting"));
    log.record(workspace(NS, "ws-1", WorkspacePhase.Running, "Running", "ready"));
    log.record(workspace(NS, "ws-2", WorkspacePhase.Pending, "WaitingForVolume", "waiting for the home volume"));
    log.record(workspace(NS, "ws-2", WorkspacePhase.Running, "Running", "ready"));

    assertThat(log.workspaces()).isEqualTo(2);
    assertThat(log.passedThroughFailed()).isEqualTo(1);
    assertThat(log.passedThrough()).containsExactly(Map.entry("Pending", 2), Map.entry("Provisioning", 1),
        Map.entry("Running", 2), Map.entry("Failed", 1));
    assertThat(log.examples()).containsExactly(
        new PhaseLog.Failure(NS + "/ws-1", "Unschedulable", "0/4 nodes are available"));
    assertThat(log.verdict()).isEqualTo("violated, 1 of 2 workspaces passed through Failed");
    assertThat(log.describe()).containsEntry("passedThroughFailed", 1)
        .containsEntry("failedReasons", Map.of("Unschedulable", 1))
        .containsEntry("noFalseFailures", "violated, 1 of 2 workspaces passed through Failed");
  }

  @Test
  void aBurstWithoutFailedSaysSoAndHasNoExamples() {
    for (int i = 1; i <= 3; i++) {
      for (WorkspacePhase p : List.of(WorkspacePhase.Pending, WorkspacePhase.Provisioning, WorkspacePhase.Running)) {
        log.record(workspace(NS, "ws-" + i, p, p.name(), "m"));
      }
    }

    assertThat(log.passedThroughFailed()).isZero();
    assertThat(log.verdict()).isEqualTo("none of 3 workspaces passed through Failed");
    assertThat(log.describe()).containsEntry("phasesPassedThrough",
        Map.of("Pending", 3, "Provisioning", 3, "Running", 3)).containsEntry("passedThroughFailed", 0)
        .doesNotContainKeys("failedExamples", "failedReasons");
  }

  @Test
  void aWorkspaceFailedTwiceCountsOnceWithItsFirstReasonAndExamplesStopAtFive() {
    for (int i = 1; i <= 7; i++) {
      log.record(workspace(NS, "ws-" + i, WorkspacePhase.Failed, "StartDeadlineExceeded", "first " + i));
    }
    log.record(workspace(NS, "ws-1", WorkspacePhase.Pending, "WaitingForVolume", "again"));
    log.record(workspace(NS, "ws-1", WorkspacePhase.Failed, "CrashLoop", "second"));

    assertThat(log.passedThroughFailed()).isEqualTo(7);
    assertThat(log.failedReasons()).containsExactly(Map.entry("StartDeadlineExceeded", 7));
    assertThat(log.examples()).hasSize(PhaseLog.EXAMPLES).first()
        .isEqualTo(new PhaseLog.Failure(NS + "/ws-1", "StartDeadlineExceeded", "first 1"));
  }

  @Test
  void statusChangesCountEachNewStatusNotARepeatedOne() {
    Workspace pending = workspace(NS, "ws-1", WorkspacePhase.Pending, "WaitingForVolume", "m");
    log.record(workspace(NS, "ws-1", null, null, null)); // created, no status yet
    log.record(pending);
    log.record(workspace(NS, "ws-1", WorkspacePhase.Pending, "WaitingForVolume", "m")); // e.g. a spec change
    log.record(workspace(NS, "ws-1", WorkspacePhase.Pending, "WaitingForScheduling", "m"));
    log.record(workspace(NS, "ws-1", WorkspacePhase.Running, "Running", "m"));
    log.record(workspace(NS, "ws-2", WorkspacePhase.Running, "Running", "m")); // Running when the phase began
    log.record(workspace(NS, "ws-2", WorkspacePhase.Stopping, "Stopping", "m"));

    assertThat(log.statusChanges()).isEqualTo(4);
    assertThat(log.describe()).containsEntry("statusChangesSeen", 4);
  }

  @Test
  void eachChangeIsToldByWhatItChangedAndHowSoonTheNextFollowed() {
    Workspace pending = workspace(NS, "ws-1", WorkspacePhase.Pending, "WaitingForVolume", "m");
    Workspace bound = workspace(NS, "ws-1", WorkspacePhase.Provisioning, "Starting", "m");
    Workspace placed = workspace(NS, "ws-1", WorkspacePhase.Provisioning, "Starting", "m");
    placed.getStatus().setStartTimeline(List.of(new StartStep(StartStep.Name.Scheduled, "t", 1.0),
        new StartStep(StartStep.Name.ImagePulled, "t", 0.5)));
    Workspace placedAgain = workspace(NS, "ws-1", WorkspacePhase.Provisioning, "Starting", "m2");
    placedAgain.getStatus().setStartTimeline(placed.getStatus().getStartTimeline());
    Workspace degraded = workspace(NS, "ws-1", WorkspacePhase.Provisioning, "Starting", "m2");
    degraded.getStatus().setStartTimeline(placed.getStatus().getStartTimeline());
    degraded.getStatus().getConditions().get(0).setStatus("True");
    degraded.getStatus().getConditions().get(0).setReason("StartOverdue");
    Workspace running = workspace(NS, "ws-1", WorkspacePhase.Running, "Running", "m");
    long s = 1_000_000_000L;

    log.record(workspace(NS, "ws-1", null, null, null), 0);
    log.record(pending, 0);
    log.record(bound, 20 * s);      // 20 s after the first change
    log.record(placed, 21 * s);     // 1 s after
    log.record(placedAgain, 25 * s); // 4 s after
    log.record(degraded, 32 * s);   // 7 s after
    log.record(running, 44 * s);    // 12 s after, and no change after it

    assertThat(log.changesByKind()).containsExactly(
        Map.entry("Pending -> Provisioning",
            Map.of("count", 1, "nextWithin1.5s", 1, "nextWithin3s", 1, "nextWithin5s", 1, "nextWithin10s", 1)),
        Map.entry("Provisioning -> Running",
            Map.of("count", 1, "nextWithin1.5s", 0, "nextWithin3s", 0, "nextWithin5s", 0, "nextWithin10s", 0)),
        Map.entry("Provisioning: +Scheduled +ImagePulled",
            Map.of("count", 1, "nextWithin1.5s", 0, "nextWithin3s", 0, "nextWithin5s", 1, "nextWithin10s", 1)),
        Map.entry("Provisioning: Degraded",
            Map.of("count", 1, "nextWithin1.5s", 0, "nextWithin3s", 0, "nextWithin5s", 0, "nextWithin10s", 0)),
        Map.entry("Provisioning: messages or times only",
            Map.of("count", 1, "nextWithin1.5s", 0, "nextWithin3s", 0, "nextWithin5s", 0, "nextWithin10s", 1)),
        Map.entry("none -> Pending",
            Map.of("count", 1, "nextWithin1.5s", 0, "nextWithin3s", 0, "nextWithin5s", 0, "nextWithin10s", 0)));
    assertThat(log.describe()).containsKey("statusChangesByKind");
  }

  @Test
  void howLateTheWatchShowedEachWorkspaceRunningIsCountedFromItsReadyTransitionOnceEach() {
    java.time.Instant t0 = java.time.Instant.parse("2026-12-03T07:00:00Z");
    for (int i = 1; i <= 4; i++) {
      Workspace running = workspace(NS, "ws-" + i, WorkspacePhase.Running, "Running", "m");
      readyAt(running, "2026-12-03T07:00:00Z");
      log.record(workspace(NS, "ws-" + i, WorkspacePhase.Pending, "WaitingForVolume", "m"), 0, t0);
      log.record(running, 0, t0.plusSeconds(i * 10L)); // seen 10, 20, 30 and 40 s after the operator wrote it
      log.record(running, 0, t0.plusSeconds(500)); // the same state again (a re-list): not a second sighting
    }
    Workspace noTime = workspace(NS, "ws-5", WorkspacePhase.Running, "Running", "m");
    log.record(noTime, 0, t0.plusSeconds(7)); // no transition time: not counted

    assertThat(PhaseLog.readySince(noTime.getStatus())).isEmpty();
    assertThat(log.runningSeenLag()).containsExactly(Map.entry("workspaces", 4), Map.entry("p50Seconds", 20.0),
        Map.entry("p90Seconds", 40.0), Map.entry("p99Seconds", 40.0), Map.entry("maxSeconds", 40.0));
    assertThat(log.describe()).containsKey("runningSeenLag");
    assertThat(new PhaseLog(Set.of(NS)).runningSeenLag()).isEmpty();
  }

  @Test
  void workspacesOutsideThePhasesNamespacesAreNotCounted() {
    log.record(workspace("team-template", "ws-1", WorkspacePhase.Failed, "Invalid", "m"));
    log.record(workspace("team-bench-2", "ws-1", WorkspacePhase.Running, "Running", "m"));

    assertThat(log.workspaces()).isEqualTo(1);
    assertThat(log.passedThroughFailed()).isZero();
  }

  @Test
  void theWatchHandlerFeedsEveryAddAndUpdateToTheLogAlsoAfterTheAwaitedPhase() {
    List<String> reached = new ArrayList<>();
    ResourceEventHandler<Workspace> handler = Workloads.handler(
        (Workspace w) -> w.getStatus() != null && w.getStatus().getPhase() == WorkspacePhase.Running,
        w -> w.getMetadata().getName(), reached::add, false, log::record);
    Workspace pending = workspace(NS, "ws-1", WorkspacePhase.Pending, "WaitingForVolume", "m");
    Workspace running = workspace(NS, "ws-1", WorkspacePhase.Running, "Running", "m");
    Workspace failed = workspace(NS, "ws-1", WorkspacePhase.Failed, "CrashLoop", "the container keeps failing");

    handler.onAdd(pending);
    handler.onUpdate(pending, running);
    handler.onUpdate(running, failed);

    assertThat(reached).containsExactly("ws-1");
    assertThat(log.passedThrough()).containsExactly(Map.entry("Pending", 1), Map.entry("Running", 1),
        Map.entry("Failed", 1));
    assertThat(log.examples()).extracting(PhaseLog.Failure::reason).containsExactly("CrashLoop");
  }

  private static void readyAt(Workspace w, String time) {
    w.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType()))
        .forEach(c -> c.setLastTransitionTime(time));
  }

  private static Workspace workspace(String ns, String name, WorkspacePhase phase, String reason, String message) {
    Workspace w = new Workspace();
    w.getMetadata().setNamespace(ns);
    w.getMetadata().setName(name);
    if (phase != null) {
      WorkspaceStatus status = new WorkspaceStatus();
      status.setPhase(phase);
      Condition other = new ConditionBuilder().withType("Degraded").withStatus("False").withReason("AsExpected")
          .build();
      Condition ready = new ConditionBuilder().withType("Ready").withStatus(phase == WorkspacePhase.Running
          ? "True" : "False").withReason(reason).withMessage(message).build();
      status.setConditions(new ArrayList<>(List.of(other, ready)));
      w.setStatus(status);
    }
    return w;
  }
}
