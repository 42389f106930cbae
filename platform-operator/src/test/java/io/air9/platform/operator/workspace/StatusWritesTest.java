package io.air9.platform.operator.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import io.air9.platform.model.StartStep;
import io.air9.platform.model.StartStep.Name;
import io.air9.platform.model.Workspace;
import io.air9.platform.model.WorkspacePhase;
import io.air9.platform.model.WorkspaceStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A start as the aggregator records it, observation after observation (the pod created, placed, its container
 * started, Ready), each status fed back as the one written: which of them {@link StatusWrites} holds, and which it
 * writes at once.
 */
class StatusWritesTest {

  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  private static final String URL = "http://air9.localtest.me/ws/team-a/alice/";

  private final Workspace ws = Fixtures.workspace("alice");

  private static Instant at(double seconds) {
    return T0.plusMillis(Math.round(seconds * 1000));
  }

  private static StatefulSet sts() {
    return new StatefulSetBuilder().withNewMetadata().withName("alice").withGeneration(1L).endMetadata()
        .withNewSpec().withReplicas(1).endSpec()
        .withNewStatus().withObservedGeneration(1L).withUpdateRevision("r1").endStatus().build();
  }

  private static PersistentVolumeClaim claim(boolean bound) {
    return new PersistentVolumeClaimBuilder().withNewMetadata().withName("home-alice").endMetadata()
        .withNewStatus().withPhase(bound ? "Bound" : "Pending").endStatus().build();
  }

  /** The pod, created at 2 s; placed at 3 s, its container started at 4 s, Ready at 5 s, as far as {@code upTo}. */
  private static Pod pod(int upTo) {
    PodBuilder b = new PodBuilder().withNewMetadata().withName("alice-0").withCreationTimestamp(at(2).toString())
        .addToLabels("controller-revision-hash", "r1").endMetadata()
        .withNewSpec().withNodeName(upTo >= 3 ? "kwok-node-0" : null).endSpec();
    var status = b.withNewStatus().withPhase(upTo >= 4 ? "Running" : "Pending")
        .addNewCondition().withType("PodScheduled").withStatus(upTo >= 3 ? "True" : "False")
        .withLastTransitionTime(at(upTo >= 3 ? 3 : 2).toString()).endCondition()
        .addNewCondition().withType("Ready").withStatus(upTo >= 5 ? "True" : "False")
        .withLastTransitionTime(at(upTo >= 5 ? 5 : 2).toString()).endCondition();
    if (upTo >= 4) {
      status.withContainerStatuses(new ContainerStatusBuilder().withName("workspace").withImageID("sha256:1")
          .withNewState().withNewRunning().withStartedAt(at(4).toString()).endRunning().endState().build());
    }
    return status.endStatus().build();
  }

  /** The status of an observation at {@code now} of the workspace with its status as written so far. */
  private WorkspaceStatus observe(StatefulSet sts, Pod pod, PersistentVolumeClaim claim, double now) {
    return WorkspaceStatusAggregator.aggregate(new WorkspaceObservation(ws, null, List.of(), sts, pod, claim,
        List.of(), List.of(), List.of(), null, null, URL, "img", at(now), null, null, null));
  }

  /** Written: the workspace's status is now {@code s}. */
  private WorkspaceStatus written(WorkspaceStatus s) {
    ws.setStatus(s);
    return s;
  }

  /** Accepted at 0 s, the claim seen Bound at 1 s: Provisioning, the pod not created yet. */
  private WorkspaceStatus provisioning() {
    ws.setStatus(null);
    written(observe(null, null, null, 0));
    return written(observe(sts(), null, claim(true), 1));
  }

  private static List<Name> steps(WorkspaceStatus s) {
    return s.getStartTimeline().stream().map(StartStep::getStep).toList();
  }

  @Test
  void theStepsOfThePodAreHeldUntilTheWorkspaceIsReadyAndThenWrittenWithTheirOwnTimes() {
    WorkspaceStatus provisioning = provisioning();
    assertThat(provisioning.getPhase()).isEqualTo(WorkspacePhase.Provisioning);
    assertThat(steps(provisioning)).containsExactly(Name.Accepted, Name.VolumeBound);

    // the pod created, not placed yet: the Scheduled condition moves from PodNotCreated to Pending
    WorkspaceStatus created = observe(sts(), pod(2), claim(true), 2.1);
    assertThat(created).isNotEqualTo(provisioning);
    assertThat(StatusWrites.onlyStepsAhead(provisioning, created)).isTrue();
    // placed, and its container started: steps of the pod's own times, the phase still Provisioning
    WorkspaceStatus placed = observe(sts(), pod(3), claim(true), 3.2);
    assertThat(steps(placed)).containsExactly(Name.Accepted, Name.VolumeBound, Name.Scheduled);
    assertThat(StatusWrites.onlyStepsAhead(provisioning, placed)).isTrue();
    WorkspaceStatus started = observe(sts(), pod(4), claim(true), 4.3);
    assertThat(steps(started)).endsWith(Name.ImagePulled, Name.ContainerStarted);
    assertThat(StatusWrites.onlyStepsAhead(provisioning, started)).isTrue();
    // Ready: written at once, with the held steps at the pod's times (as when they were first seen)
    WorkspaceStatus running = observe(sts(), pod(5), claim(true), 5.4);
    assertThat(running.getPhase()).isEqualTo(WorkspacePhase.Running);
    assertThat(StatusWrites.onlyStepsAhead(provisioning, running)).isFalse();
    assertThat(running.getStartTimeline()).startsWith(started.getStartTimeline().toArray(StartStep[]::new));
    assertThat(running.getStartTimeline().get(2).getAt()).isEqualTo(at(3).toString());
  }

  @Test
  void whatAUserOrAControllerWaitsForIsWrittenAtOnce() {
    // the first status, the claim bound (a first-seen time: held, it would move), the phase
    WorkspaceStatus accepted = written(observe(null, null, null, 0));
    assertThat(StatusWrites.onlyStepsAhead(new WorkspaceStatus(), accepted)).isFalse();
    WorkspaceStatus waiting = written(observe(sts(), null, claim(false), 0.5));
    WorkspaceStatus bound = observe(sts(), null, claim(true), 1);
    assertThat(steps(bound)).endsWith(Name.VolumeBound);
    assertThat(StatusWrites.onlyStepsAhead(waiting, bound)).isFalse();

    WorkspaceStatus provisioning = provisioning();
    // nothing changed: nothing to hold, nothing to write
    assertThat(StatusWrites.onlyStepsAhead(provisioning, observe(sts(), null, claim(true), 1.5))).isFalse();
    // a problem (Degraded), the spec changed (observedGeneration), a step's time moved, a new cull schedule
    WorkspaceStatus degraded = observe(sts(), pod(3), claim(true), 3.2);
    degraded.setConditions(replace(degraded.getConditions(), WorkspaceStatusAggregator.DEGRADED, "True",
        "ReconcileError"));
    assertThat(StatusWrites.onlyStepsAhead(provisioning, degraded)).isFalse();
    WorkspaceStatus newGeneration = observe(sts(), pod(3), claim(true), 3.2);
    newGeneration.setObservedGeneration(2L);
    assertThat(StatusWrites.onlyStepsAhead(provisioning, newGeneration)).isFalse();
    WorkspaceStatus moved = observe(sts(), pod(3), claim(true), 3.2);
    List<StartStep> timeline = new ArrayList<>(moved.getStartTimeline());
    timeline.set(0, new StartStep(Name.Accepted, at(0.1).toString(), 0.0));
    moved.setStartTimeline(timeline);
    assertThat(StatusWrites.onlyStepsAhead(provisioning, moved)).isFalse();
    WorkspaceStatus culled = observe(sts(), pod(3), claim(true), 3.2);
    culled.setCullAt(at(3600).toString());
    assertThat(StatusWrites.onlyStepsAhead(provisioning, culled)).isFalse();
    // the pod cannot be placed: the scheduler's answer is shown at once
    WorkspaceStatus created = written(observe(sts(), pod(2), claim(true), 2.1));
    WorkspaceStatus unschedulable = observe(sts(), pod(2), claim(true), 2.5);
    unschedulable.setConditions(replace(unschedulable.getConditions(), WorkspaceStatusAggregator.SCHEDULED, "False",
        WorkspaceStatusAggregator.REASON_WAITING_FOR_SCHEDULING));
    assertThat(StatusWrites.onlyStepsAhead(created, unschedulable)).isFalse();
  }

  private static List<Condition> replace(List<Condition> conditions, String type, String status, String reason) {
    return conditions.stream().map(c -> !type.equals(c.getType()) ? c
        : new io.fabric8.kubernetes.api.model.ConditionBuilder(c).withStatus(status).withReason(reason).build())
        .toList();
  }

  @Test
  void aHeldChangeWaitsAtMostTheHoldFromWhenItWasFirstSeenThenItIsWritten() {
    StatusWrites writes = new StatusWrites();
    WorkspaceStatus provisioning = provisioning();
    WorkspaceStatus placed = observe(sts(), pod(3), claim(true), 3.2);

    assertThat(writes.hold(ws, placed, at(3.2))).contains(StatusWrites.HOLD);
    // a pod event 1 s later: the same change waits only for the rest of the hold
    WorkspaceStatus started = observe(sts(), pod(4), claim(true), 4.2);
    assertThat(writes.hold(ws, started, at(4.2))).contains(StatusWrites.HOLD.minusSeconds(1));
    // the hold is over: written now (and the next held change waits a whole hold again)
    assertThat(writes.hold(ws, started, at(3.2).plus(StatusWrites.HOLD))).isEmpty();
    assertThat(writes.hold(ws, started, at(5))).contains(StatusWrites.HOLD);
    // Ready in the meantime: written at once, and the hold forgotten
    assertThat(writes.hold(ws, observe(sts(), pod(5), claim(true), 5.2), at(5.2))).isEmpty();
    assertThat(writes.hold(ws, started, at(5.3))).contains(StatusWrites.HOLD);
    assertThat(ws.getStatus()).isSameAs(provisioning);

    assertThat(StatusWrites.holdFor(at(0), at(0.5))).contains(StatusWrites.HOLD.minusMillis(500));
    assertThat(StatusWrites.holdFor(at(0), at(0).plus(StatusWrites.HOLD))).isEmpty();
  }

  @Test
  void aReconcileBeforeTheWatchDeliversTheWriteComparesWithTheStatusWrittenNotTheCachedOne() {
    StatusWrites writes = new StatusWrites();
    WorkspaceStatus accepted = observe(null, null, null, 0);
    writes.wrote(ws, accepted, at(0));

    // a pod event at 0.4 s, the cache without the write: the status written is the one compared with, so the same
    // observation gives the same status (no second write with new times)
    Workspace current = writes.current(ws, at(0.4));
    assertThat(current.getStatus()).isEqualTo(accepted);
    assertThat(current.getMetadata()).isSameAs(ws.getMetadata());
    assertThat(ws.getStatus()).isNull();
    WorkspaceStatus again = WorkspaceStatusAggregator.aggregate(new WorkspaceObservation(current, null, List.of(),
        null, null, null, List.of(), List.of(), List.of(), null, null, URL, "img", at(0.4), null, null, null));
    assertThat(again).isEqualTo(accepted);

    // a second write before the watch delivers the first: the cache showing the first is still behind
    ws.setStatus(accepted);
    WorkspaceStatus bound = observe(sts(), null, claim(true), 1);
    ws.setStatus(null);
    writes.wrote(ws, bound, at(1));
    Workspace first = Fixtures.workspace("alice");
    first.setStatus(accepted);
    assertThat(writes.current(first, at(1.2)).getStatus()).isEqualTo(bound);

    // the watch delivered it: the cache is the truth again, and the write is forgotten
    Workspace delivered = Fixtures.workspace("alice");
    delivered.setStatus(bound);
    assertThat(writes.current(delivered, at(1.3))).isSameAs(delivered);
    assertThat(writes.current(first, at(1.4))).isSameAs(first);

    // a write the watch never shows is remembered for a while only
    writes.wrote(ws, bound, at(2));
    assertThat(writes.current(first, at(2).plus(StatusWrites.REMEMBER).minusMillis(1)).getStatus()).isEqualTo(bound);
    assertThat(writes.current(first, at(2).plus(StatusWrites.REMEMBER))).isSameAs(first);

    // a failed reconcile (maybe the write itself) forgets it too
    writes.wrote(ws, accepted, at(3));
    writes.forget(ws);
    assertThat(writes.current(ws, at(3.1))).isSameAs(ws);
  }

  @Test
  void whatIsRememberedOfWorkspacesNoLongerReconciledIsForgottenOnceOlderThanItCanMatter() {
    StatusWrites writes = new StatusWrites();
    WorkspaceStatus provisioning = provisioning();
    WorkspaceStatus placed = observe(sts(), pod(3), claim(true), 3.2);
    // alice: a change held; bob: a write; both then deleted (never reconciled again); carol written later
    assertThat(writes.hold(ws, placed, at(0))).contains(StatusWrites.HOLD);
    Workspace bob = Fixtures.workspace("bob");
    writes.wrote(bob, provisioning, at(0));
    Workspace carol = Fixtures.workspace("carol");
    writes.wrote(carol, provisioning, at(20));
    assertThat(writes.remembered()).isEqualTo(3);
    assertThat(writes.current(bob, at(20)).getStatus()).isEqualTo(provisioning);

    // a write after REMEMBER: alice's hold and bob's write are forgotten, carol's (younger) is kept
    Workspace dave = Fixtures.workspace("dave");
    writes.wrote(dave, provisioning, at(0).plus(StatusWrites.REMEMBER).plusSeconds(1));
    assertThat(writes.remembered()).isEqualTo(2);
    assertThat(writes.current(carol, at(31)).getStatus()).isEqualTo(provisioning);
    assertThat(writes.current(bob, at(31))).isSameAs(bob);
    // a hold begun anew: a whole HOLD, not the rest of the forgotten one
    assertThat(writes.hold(ws, placed, at(31))).contains(StatusWrites.HOLD);

    // the cache caught up and nothing is held: nothing is kept of that workspace
    carol.setStatus(provisioning);
    assertThat(writes.current(carol, at(32))).isSameAs(carol);
    writes.forget(ws);
    assertThat(writes.remembered()).isEqualTo(1);
  }

  @Test
  void aChangeOfAnyFieldButTheConditionsAndTheTimelineIsWrittenAtOnce() throws IllegalAccessException {
    // each field of the status (a new one too) changed alone in a change that would be held: it is not held
    WorkspaceStatus provisioning = provisioning();
    assertThat(StatusWrites.onlyStepsAhead(provisioning, observe(sts(), pod(3), claim(true), 3.2))).isTrue();
    List<String> changed = new ArrayList<>();
    for (Field f : WorkspaceStatus.class.getDeclaredFields()) {
      if (Modifier.isStatic(f.getModifiers()) || f.getName().equals("conditions")
          || f.getName().equals("startTimeline")) {
        continue;
      }
      WorkspaceStatus placed = observe(sts(), pod(3), claim(true), 3.2);
      f.setAccessible(true);
      f.set(placed, another(f.getType(), f.get(placed)));
      assertThat(StatusWrites.onlyStepsAhead(provisioning, placed)).as(f.getName()).isFalse();
      changed.add(f.getName());
    }
    assertThat(changed).contains("phase", "observedGeneration", "queuePosition", "cullAt", "storage");
  }

  /** A value of {@code type} other than {@code value}. */
  private static Object another(Class<?> type, Object value) {
    if (type == String.class) {
      return value + "~changed";
    } else if (type == Long.class) {
      return value == null ? 1L : (Long) value + 1;
    } else if (type == Integer.class) {
      return value == null ? 1 : (Integer) value + 1;
    } else if (type == Boolean.class) {
      return !Boolean.TRUE.equals(value);
    } else if (type == Quantity.class) {
      return value == null ? new Quantity("1Gi") : new Quantity(((Quantity) value).getAmount() + "1",
          ((Quantity) value).getFormat());
    } else if (type.isEnum()) {
      return Arrays.stream(type.getEnumConstants()).filter(c -> c != value).findFirst().orElseThrow();
    }
    throw new AssertionError("a status field of a new type " + type + ": say here how to change it");
  }
}
