package io.air9.platform.operator.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import io.air9.platform.model.StartStep;
import io.air9.platform.model.StartStep.Name;
import io.air9.platform.model.WorkspaceClassSpec;
import io.air9.platform.model.WorkspacePhase;
import io.air9.platform.model.WorkspaceStatus;
import io.air9.platform.operator.workspace.StartTimeline.Facts;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StartTimelineTest {

  private static final Instant CREATED = Instant.parse("2026-01-01T10:00:00Z");

  private static Facts facts(boolean bound, Instant podCreated, Instant scheduled, boolean pulled, Instant started,
      Instant ready) {
    return new Facts(bound, podCreated, scheduled, pulled, started, ready);
  }

  private static Facts nothing() {
    return facts(false, null, null, false, null, null);
  }

  private static WorkspaceStatus status(long observedGeneration, WorkspacePhase phase, List<StartStep> timeline) {
    WorkspaceStatus s = new WorkspaceStatus();
    s.setObservedGeneration(observedGeneration);
    s.setPhase(phase);
    s.setStartTimeline(timeline);
    return s;
  }

  private static Instant at(int seconds) {
    return CREATED.plusSeconds(seconds);
  }

  private static List<Name> names(List<StartStep> steps) {
    return steps.stream().map(StartStep::getStep).toList();
  }

  /** A start the operator took up at 0 s. */
  private static List<StartStep> acceptedAtZero() {
    return StartTimeline.next(new WorkspaceStatus(), 1L, false, nothing(), false, at(0));
  }

  @Test
  void aNewWorkspaceStartsItsTimelineWhenTheOperatorFirstSeesIt() {
    // Created at 0 s and first reconciled at 300 s (a burst's backlog): the start, and its deadline, begin at 300 s
    List<StartStep> t = StartTimeline.next(new WorkspaceStatus(), 1L, false, nothing(), false, at(300));
    assertThat(t).containsExactly(new StartStep(Name.Accepted, at(300).toString(), 0.0));
  }

  @Test
  void eachStepIsTimedFromTheOneBeforeWithThePodsOwnTimes() {
    List<StartStep> t = StartTimeline.next(new WorkspaceStatus(), 1L, false, nothing(), false, at(0));
    // the claim is first seen Bound 1.5 s after the creation
    t = StartTimeline.next(status(1, WorkspacePhase.Pending, t), 1L, false,
        facts(true, null, null, false, null, null), false, at(1).plusMillis(500));
    // then one observation sees the pod scheduled, its image pulled (the kubelet's Pulled event at 7 s) and nothing
    // more
    t = StartTimeline.next(status(1, WorkspacePhase.Provisioning, t), 1L, false,
        new Facts(true, at(2), at(3), true, at(7), null, null), false, at(8));
    // then the container started and the pod became Ready
    t = StartTimeline.next(status(1, WorkspacePhase.Provisioning, t), 1L, false,
        facts(true, at(2), at(3), true, at(9), at(12)), true, at(12));
    assertThat(names(t)).containsExactly(Name.values());
    assertThat(t).extracting(StartStep::getSeconds).containsExactly(0.0, 1.5, 1.5, 4.0, 2.0, 3.0);
    assertThat(t.get(5).getAt()).isEqualTo(at(12).toString());
  }

  @Test
  void theSameFactsLaterGiveAnEqualTimelineSoNothingIsWritten() {
    List<StartStep> t = StartTimeline.next(new WorkspaceStatus(), 1L, false,
        facts(true, at(2), at(3), true, at(9), at(12)), true, at(13));
    List<StartStep> again = StartTimeline.next(status(1, WorkspacePhase.Running, t), 1L, false,
        facts(true, at(2), at(3), true, at(9), at(12)), true, at(500));
    assertThat(again).isEqualTo(t);
  }

  @Test
  void aStepIsNeverEarlierThanTheOneBeforeAndARecordedStepIsKept() {
    // Kubernetes stamps conditions to the second: the pod's scheduled time may read before the bound claim was seen
    List<StartStep> t = StartTimeline.next(status(1, WorkspacePhase.Pending,
            List.of(new StartStep(Name.Accepted, CREATED.toString(), 0.0),
                new StartStep(Name.VolumeBound, at(3).plusMillis(400).toString(), 3.4))),
        1L, false, facts(true, at(3), at(3), false, null, null), false, at(4));
    assertThat(t.get(2)).isEqualTo(new StartStep(Name.Scheduled, at(3).plusMillis(400).toString(), 0.0));
    // the claim no longer reads Bound (an observation from a stale cache): the step stays recorded
    List<StartStep> later = StartTimeline.next(status(1, WorkspacePhase.Provisioning, t), 1L, false,
        facts(false, at(3), at(3), false, null, null), false, at(5));
    assertThat(later).isEqualTo(t);
  }

  @Test
  void aContainerSeenRunningBeforeItsImageIdWasSeenHadItsImageWhenItStarted() {
    List<StartStep> t = StartTimeline.next(status(1, WorkspacePhase.Provisioning,
            List.of(new StartStep(Name.Accepted, CREATED.toString(), 0.0),
                new StartStep(Name.VolumeBound, at(1).toString(), 1.0))),
        1L, false, facts(true, at(1), at(2), false, at(6), null), false, at(8));
    assertThat(names(t)).endsWith(Name.ImagePulled, Name.ContainerStarted);
    assertThat(t.get(3).getAt()).isEqualTo(at(6).toString());
    assertThat(t.get(4).getSeconds()).isEqualTo(0.0);
  }

  @Test
  void stoppingClearsTheTimelineAndStartingAgainBeginsANewOneWhenTheStartIsSeen() {
    List<StartStep> done = StartTimeline.next(new WorkspaceStatus(), 1L, false,
        facts(true, at(1), at(2), true, at(3), at(4)), true, at(5));
    assertThat(StartTimeline.next(status(1, WorkspacePhase.Running, done), 2L, true, nothing(), false, at(60)))
        .isNull();
    Instant restart = at(120).plusMillis(250);
    List<StartStep> t = StartTimeline.next(status(2, WorkspacePhase.Stopped, null), 3L, false,
        facts(true, null, null, false, null, null), false, restart);
    assertThat(t).containsExactly(new StartStep(Name.Accepted, restart.toString(), 0.0),
        new StartStep(Name.VolumeBound, restart.toString(), 0.0));
  }

  @Test
  void aSpecChangeThatRollsThePodStartsOverAndIgnoresTheOldPod() {
    List<StartStep> done = StartTimeline.next(new WorkspaceStatus(), 1L, false,
        facts(true, at(1), at(2), true, at(3), at(4)), true, at(5));
    Instant change = at(100).plusMillis(300);
    // the old pod (created at 1 s) is still Ready, but not on the new revision
    List<StartStep> t = StartTimeline.next(status(1, WorkspacePhase.Running, done), 2L, false,
        facts(true, at(1), at(2), true, at(3), at(4)), false, change);
    assertThat(names(t)).containsExactly(Name.Accepted, Name.VolumeBound);
    assertThat(t.get(0).getAt()).isEqualTo(change.toString());
    // the new pod, created in the same second as the change, counts
    t = StartTimeline.next(status(2, WorkspacePhase.Provisioning, t), 2L, false,
        facts(true, at(100), at(101), true, at(102), at(103)), true, at(103));
    assertThat(names(t)).containsExactly(Name.values());
    assertThat(t.get(2).getSeconds()).isEqualTo(0.7);
  }

  @Test
  void aSpecChangeThatLeavesThePodReadyKeepsTheTimeline() {
    List<StartStep> done = StartTimeline.next(new WorkspaceStatus(), 1L, false,
        facts(true, at(1), at(2), true, at(3), at(4)), true, at(5));
    assertThat(StartTimeline.next(status(1, WorkspacePhase.Running, done), 2L, false,
        facts(true, at(1), at(2), true, at(3), at(4)), true, at(100))).isEqualTo(done);
  }

  @Test
  void aRunThatBeganBeforeTimelinesWereRecordedGetsNone() {
    assertThat(StartTimeline.next(status(1, WorkspacePhase.Running, null), 1L, false,
        facts(true, at(1), at(2), true, at(3), at(4)), true, at(100))).isNull();
  }

  @Test
  void theDeadlineCountsFromTheStartAndEndsWhenReady() {
    WorkspaceClassSpec cls = new WorkspaceClassSpec();
    List<StartStep> hung = List.of(new StartStep(Name.Accepted, CREATED.toString(), 0.0));
    assertThat(StartTimeline.deadlineAt(hung, cls)).as("no deadline set").isEmpty();
    cls.setStartDeadline("0s");
    assertThat(StartTimeline.deadlineAt(hung, cls)).isEmpty();
    cls.setStartDeadline("10m");
    assertThat(StartTimeline.deadline(cls)).contains(Duration.ofMinutes(10));
    assertThat(StartTimeline.deadlineAt(hung, cls)).contains(CREATED.plus(Duration.ofMinutes(10)));
    assertThat(StartTimeline.hung(hung)).contains(Name.VolumeBound);
    assertThat(StartTimeline.describe(Name.VolumeBound)).isEqualTo("the home volume was never bound");
    List<StartStep> done = StartTimeline.next(status(1, WorkspacePhase.Provisioning, acceptedAtZero()), 1L, false,
        facts(true, at(1), at(2), true, at(3), at(4)), true, at(5));
    assertThat(StartTimeline.deadlineAt(done, cls)).isEmpty();
    assertThat(StartTimeline.hung(done)).isEmpty();
  }

  @Test
  void aStepReachedPastTheDeadlineIsStillRecorded() {
    List<StartStep> t = StartTimeline.next(status(1, WorkspacePhase.Pending, acceptedAtZero()), 1L, false,
        facts(true, at(1), at(2), true, null, null), false, at(5));
    t = StartTimeline.next(status(1, WorkspacePhase.Provisioning, t), 1L, false,
        facts(true, at(1), at(2), true, at(9), at(11)), true, at(700));
    assertThat(names(t)).as("whether the start failed is decided apart (StartTimeline.current)").endsWith(Name.Ready);
    assertThat(t.get(t.size() - 1).getAt()).isEqualTo(at(11).toString());
  }

  private static StartTimeline.Progress reached(Name step, Instant at) {
    return new StartTimeline.Progress(java.util.Map.of(step, at));
  }

  @Test
  void pastItsDeadlineAStartFailsOnlyWhenNothingMovesForTheWindow() {
    WorkspaceClassSpec cls = new WorkspaceClassSpec();
    cls.setStartDeadline("10m");
    List<StartStep> accepted = acceptedAtZero();
    StartTimeline.Progress none = StartTimeline.Progress.none();
    assertThat(StartTimeline.failsAt(accepted, cls, none)).as("nothing moved: the deadline")
        .contains(at(600));

    List<StartStep> bound = List.of(accepted.get(0), new StartStep(Name.VolumeBound, at(540).toString(), 540.0));
    assertThat(StartTimeline.failsAt(bound, cls, none))
        .as("its own last step 9 min in: two more minutes from it").contains(at(660));

    assertThat(StartTimeline.failsAt(accepted, cls, reached(Name.VolumeBound, at(840))))
        .as("waiting for its volume while the cluster binds others' (the last at 14 min): two minutes from that")
        .contains(at(960));
    assertThat(StartTimeline.failsAt(accepted, cls, reached(Name.VolumeBound, at(300))))
        .as("the cluster's last binding long before the deadline").contains(at(600));
    assertThat(StartTimeline.failsAt(accepted, cls, reached(Name.Scheduled, at(840))))
        .as("progress on another step says nothing of this one").contains(at(600));
    assertThat(StartTimeline.failsAt(bound, cls, reached(Name.Scheduled, at(840))))
        .as("waiting for a node while the scheduler places others").contains(at(960));

    List<StartStep> started = StartTimeline.next(status(1, WorkspacePhase.Provisioning, accepted), 1L, false,
        facts(true, at(1), at(2), true, at(3), null), false, at(5));
    assertThat(StartTimeline.hung(started)).contains(Name.Ready);
    assertThat(StartTimeline.failsAt(started, cls, reached(Name.Ready, at(840))))
        .as("readiness is the workspace's own: others becoming ready do not keep it").contains(at(600));

    cls.setStartDeadline("15s");
    assertThat(StartTimeline.failsAt(accepted, cls, reached(Name.VolumeBound, at(20))))
        .as("a deadline shorter than two minutes is its own window").contains(at(35));
    cls.setStartDeadline(null);
    assertThat(StartTimeline.failsAt(accepted, cls, reached(Name.VolumeBound, at(20)))).as("no deadline").isEmpty();
  }

  @Test
  void theImageIsPulledWhenTheKubeletsPulledEventSaysElseByTheContainersStart() {
    List<StartStep> base = List.of(new StartStep(Name.Accepted, CREATED.toString(), 0.0),
        new StartStep(Name.VolumeBound, at(1).toString(), 1.0));
    List<StartStep> t = StartTimeline.next(status(1, WorkspacePhase.Provisioning, base), 1L, false,
        new Facts(true, at(1), at(2), true, at(5), null, null), false, at(7));
    assertThat(t.get(3)).isEqualTo(new StartStep(Name.ImagePulled, at(5).toString(), 3.0));
    // The kubelet records its event apart from the pod's status: an image ID seen before its event can be read
    // leaves the step waiting for it (a first-seen time would be neither the kubelet's nor the container's)
    assertThat(names(StartTimeline.next(status(1, WorkspacePhase.Provisioning, base), 1L, false,
        new Facts(true, at(1), at(2), true, null, null, null), false, at(7))))
        .as("no event yet: the step waits").containsExactly(Name.Accepted, Name.VolumeBound, Name.Scheduled);
    assertThat(StartTimeline.next(status(1, WorkspacePhase.Provisioning, base), 1L, false,
        new Facts(true, at(1), at(2), true, null, at(6), null), false, at(10)).get(3).getAt())
        .as("no event and the container started: pulled by its start").isEqualTo(at(6).toString());
    assertThat(StartTimeline.next(status(1, WorkspacePhase.Provisioning, base), 1L, false,
        new Facts(true, at(1), at(2), true, at(9), at(6), null), false, at(10)).get(3).getAt())
        .as("never after the container's start").isEqualTo(at(6).toString());
  }
}
