package io.air9.platform.operator.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import io.air9.platform.model.DesiredState;
import io.air9.platform.model.StartStep;
import io.air9.platform.model.Workspace;
import io.air9.platform.model.WorkspaceClass;
import io.air9.platform.model.WorkspacePhase;
import io.air9.platform.model.WorkspaceStatus;
import io.air9.platform.model.validation.Violation;
import io.air9.platform.operator.OperatorSettings;
import io.air9.platform.operator.admission.Queueing;
import io.air9.platform.operator.workspace.WorkspaceObservation.Problem;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkspaceStatusAggregatorTest {

  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  private static final String URL = "http://air9.localtest.me/ws/team-a/alice/";
  private final Workspace ws = Fixtures.workspace("alice");

  private static StatefulSet sts(String revision) {
    return new StatefulSetBuilder().withNewMetadata().withName("alice").withGeneration(1L).endMetadata()
        .withNewSpec().withReplicas(1).endSpec()
        .withNewStatus().withObservedGeneration(1L).withUpdateRevision(revision).withReadyReplicas(1).endStatus()
        .build();
  }

  private static Pod pod(boolean ready, String revision) {
    return new PodBuilder().withNewMetadata().withName("alice-0").addToLabels("controller-revision-hash", revision)
        .endMetadata()
        .withNewSpec().withNodeName("kwok-node-0").endSpec()
        .withNewStatus().withPhase("Running")
        .addNewCondition().withType("PodScheduled").withStatus("True").endCondition()
        .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition()
        .endStatus().build();
  }

  private static PersistentVolumeClaim bound() {
    return new PersistentVolumeClaimBuilder().withNewMetadata().withName("home-alice").endMetadata()
        .withNewStatus().withPhase("Bound").endStatus().build();
  }

  private WorkspaceStatus aggregate(StatefulSet sts, Pod pod, PersistentVolumeClaim pvc, List<Problem> problems,
      List<Violation> violations, Instant now) {
    return WorkspaceStatusAggregator.aggregate(observation(sts, pod, pvc, problems, violations, now));
  }

  private WorkspaceObservation observation(StatefulSet sts, Pod pod, PersistentVolumeClaim pvc,
      List<Problem> problems, List<Violation> violations, Instant now) {
    return new WorkspaceObservation(ws, null, violations, sts, pod, pvc, problems, List.of(), List.of(), null, null,
        URL, "img", now, null, null);
  }

  private static Condition condition(WorkspaceStatus s, String type) {
    return s.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElseThrow();
  }

  @Test
  void aQueuedWorkspaceSaysWhatItWaitsForAndItsPlace() {
    Instant since = T0.minusSeconds(90);
    WorkspaceStatus s = WorkspaceStatusAggregator.aggregate(observation(sts("r1"), null, bound(), List.of(),
        List.of(), T0).withQueue(new Queueing(3, "2 GPUs", since)));
    assertThat(s.getPhase()).isEqualTo(WorkspacePhase.Queued);
    assertThat(condition(s, "Ready").getStatus()).isEqualTo("False");
    assertThat(condition(s, "Ready").getReason()).isEqualTo("Queued");
    assertThat(condition(s, "Ready").getMessage()).isEqualTo("waiting for 2 GPUs; 3rd in the queue");
    assertThat(condition(s, "Scheduled").getReason()).isEqualTo("Queued");
    assertThat(condition(s, "Degraded").getStatus()).as("awaited, not a problem").isEqualTo("False");
    assertThat(s.getQueuePosition()).isEqualTo(3);
    assertThat(s.getQueuedAt()).isEqualTo(since.toString());
    assertThat(s.getStartTimeline()).as("not started: the timeline begins at admission").isNullOrEmpty();

    // admitted: no position any more
    WorkspaceStatus admitted = aggregate(sts("r1"), pod(true, "r1"), bound(), List.of(), List.of(), T0);
    assertThat(admitted.getQueuePosition()).isNull();
    assertThat(admitted.getQueuedAt()).isNull();
    // a stopped workspace is never queued
    ws.getSpec().setState(DesiredState.Stopped);
    WorkspaceStatus stopped = WorkspaceStatusAggregator.aggregate(observation(sts("r1"), null, bound(), List.of(),
        List.of(), T0).withQueue(new Queueing(1, "1 GPU", since)));
    assertThat(stopped.getPhase()).isEqualTo(WorkspacePhase.Stopped);
    assertThat(stopped.getQueuePosition()).isNull();
  }

  @Test
  void aReadyPodMakesTheWorkspaceRunningWithTheSameFourConditions() {
    WorkspaceStatus s = aggregate(sts("r1"), pod(true, "r1"), bound(), List.of(), List.of(), T0);
    assertThat(s.getPhase()).isEqualTo(WorkspacePhase.Running);
    assertThat(s.getConditions()).extracting(Condition::getType)
        .containsExactly("Ready", "StorageReady", "Scheduled", "Degraded");
    assertThat(s.getConditions()).allSatisfy(c -> {
      assertThat(c.getObservedGeneration()).isEqualTo(1L);
      assertThat(c.getReason()).matches("[A-Z][A-Za-z]*");
      assertThat(c.getMessage()).as("no URL in a status message").doesNotContain("://");
    });
    assertThat(condition(s, "Ready").getStatus()).isEqualTo("True");
    assertThat(condition(s, "StorageReady").getStatus()).isEqualTo("True");
    assertThat(condition(s, "Scheduled").getMessage()).contains("kwok-node-0");
    assertThat(condition(s, "Degraded").getStatus()).isEqualTo("False");
    assertThat(s.getStartedAt()).isEqualTo(T0.toString());
    assertThat(s.getUrl()).isEqualTo(URL);
    assertThat(s.getObservedGeneration()).isEqualTo(1L);
  }

  @Test
  void theSameObservationLaterGivesAnEqualStatusSoNothingIsWritten() {
    WorkspaceStatus first = aggregate(sts("r1"), pod(true, "r1"), bound(), List.of(), List.of(), T0);
    ws.setStatus(first);
    WorkspaceStatus second = aggregate(sts("r1"), pod(true, "r1"), bound(), List.of(), List.of(), T0.plusSeconds(60));
    assertThat(second).isEqualTo(first);
    assertThat(condition(second, "Ready").getLastTransitionTime()).isEqualTo(T0.toString());
  }

  @Test
  void aTransitionStampsOnlyTheConditionThatChanged() {
    ws.setStatus(aggregate(sts("r1"), pod(true, "r1"), bound(), List.of(), List.of(), T0));
    Instant later = T0.plusSeconds(30);
    WorkspaceStatus s = aggregate(sts("r1"), pod(false, "r1"), bound(), List.of(), List.of(), later);
    assertThat(s.getPhase()).isEqualTo(WorkspacePhase.Provisioning);
    assertThat(condition(s, "Ready").getLastTransitionTime()).isEqualTo(later.toString());
    assertThat(condition(s, "StorageReady").getLastTransitionTime()).isEqualTo(T0.toString());
    assertThat(s.getStartedAt()).as("kept until stopped").isEqualTo(T0.toString());
  }

  @Test
  void aPodOfAnOldRevisionIsNotReadyDuringARollout() {
    WorkspaceStatus s = aggregate(sts("r2"), pod(true, "r1"), bound(), List.of(), List.of(), T0);
    assertThat(s.getPhase()).isEqualTo(WorkspacePhase.Provisioning);
    assertThat(condition(s, "Ready").getReason()).isEqualTo("Starting");
  }

  @Test
  void anInvalidSpecFailsWithTheViolations() {
    WorkspaceStatus s = aggregate(null, null, null, List.of(),
        List.of(new Violation("spec.image", "not offered"), new Violation("spec.resources.cpu", "too big")), T0);
    assertThat(s.getPhase()).isEqualTo(WorkspacePhase.Failed);
    Condition degraded = condition(s, "Degraded");
    assertThat(degraded.getStatus()).isEqualTo("True");
    assertThat(degraded.getReason()).isEqualTo("InvalidSpec");
    assertThat(degraded.getMessage()).isEqualTo("spec.image: not offered; spec.resources.cpu: too big");
    assertThat(condition(s, "Ready").getReason()).isEqualTo("InvalidSpec");
    assertThat(condition(s, "StorageReady").getReason()).isEqualTo("NotCreated");
  }

  @Test
  void quotaRefusalsOfThePodAreReported() {
    String msg = "create Pod alice-0 in StatefulSet alice failed error: pods \"alice-0\" is forbidden: "
        + "exceeded quota: air9-team-quota, requested: limits.cpu=4, used: limits.cpu=0, limited: limits.cpu=2";
    WorkspaceStatus s = aggregate(sts("r1"), null, bound(), List.of(new Problem("FailedCreate", msg)), List.of(), T0);
    assertThat(s.getPhase()).as("room may come when another workspace stops").isEqualTo(WorkspacePhase.Pending);
    assertThat(condition(s, "Ready").getReason()).isEqualTo("WaitingForQuota");
    assertThat(condition(s, "Ready").getMessage()).startsWith("waiting for room in the team's quota").contains(msg);
    assertThat(condition(s, "Degraded").getReason()).isEqualTo("QuotaExceeded");
    assertThat(condition(s, "Degraded").getMessage()).isEqualTo(msg);
    assertThat(condition(s, "Scheduled").getReason()).isEqualTo("QuotaExceeded");
  }

  @Test
  void anUnschedulablePodIsReported() {
    Pod pod = new PodBuilder().withNewMetadata().withName("alice-0").endMetadata().withNewSpec().endSpec()
        .withNewStatus().withPhase("Pending").addNewCondition().withType("PodScheduled").withStatus("False")
        .withReason("Unschedulable").withMessage("0/5 nodes are available: 5 Insufficient nvidia.com/gpu.")
        .endCondition().endStatus().build();
    WorkspaceStatus s = aggregate(sts("r1"), pod, null, List.of(), List.of(), T0);
    assertThat(s.getPhase()).isEqualTo(WorkspacePhase.Pending);
    assertThat(condition(s, "Ready").getReason()).isEqualTo("WaitingForScheduling");
    assertThat(condition(s, "Ready").getMessage()).startsWith("waiting for a node with room for the workspace: ");
    assertThat(condition(s, "Scheduled").getStatus()).isEqualTo("False");
    assertThat(condition(s, "Scheduled").getReason()).isEqualTo("Unschedulable");
    assertThat(condition(s, "Degraded").getMessage()).contains("Insufficient nvidia.com/gpu");
    assertThat(condition(s, "StorageReady").getReason()).isEqualTo("NotCreated");
  }

  private static Pod pullBackingOff() {
    Pod pulling = pod(false, "r1");
    pulling.getStatus().setContainerStatuses(List.of(new ContainerStatusBuilder().withName("workspace")
        .withReady(false).withRestartCount(0).withNewState().withNewWaiting().withReason("ImagePullBackOff")
        .withMessage("Back-off pulling image").endWaiting().endState().build()));
    return pulling;
  }

  @Test
  void imagePullAndCrashLoopsAreReported() {
    WorkspaceStatus s = aggregate(sts("r1"), pullBackingOff(), bound(), List.of(), List.of(), T0);
    assertThat(s.getPhase()).isEqualTo(WorkspacePhase.Failed);
    assertThat(condition(s, "Degraded").getReason()).isEqualTo("ImagePullBackOff");

    Pod crashing = pod(false, "r1");
    crashing.getStatus().setContainerStatuses(List.of(new ContainerStatusBuilder().withName("workspace")
        .withReady(false).withRestartCount(4).withNewLastState().withNewTerminated().withReason("Error")
        .withExitCode(1).endTerminated().endLastState().withNewState().withNewRunning().endRunning().endState()
        .build()));
    assertThat(condition(aggregate(sts("r1"), crashing, bound(), List.of(), List.of(), T0), "Degraded").getReason())
        .isEqualTo("CrashLoopBackOff");
  }

  @Test
  void aFirstImagePullErrorIsAwaitedNotFailed() {
    Pod pulling = pod(false, "r1");
    pulling.getStatus().setContainerStatuses(List.of(new ContainerStatusBuilder().withName("workspace")
        .withReady(false).withRestartCount(0).withNewState().withNewWaiting().withReason("ErrImagePull")
        .withMessage("rate limited").endWaiting().endState().build()));
    WorkspaceStatus s = aggregate(sts("r1"), pulling, bound(), List.of(), List.of(), T0);
    assertThat(s.getPhase()).isEqualTo(WorkspacePhase.Pending);
    assertThat(condition(s, "Ready").getReason()).isEqualTo("WaitingForImage");
    assertThat(condition(s, "Degraded").getReason()).isEqualTo("ErrImagePull");
  }

  private static Pod unschedulable(String message) {
    return new PodBuilder().withNewMetadata().withName("alice-0").endMetadata().withNewSpec().endSpec()
        .withNewStatus().withPhase("Pending").addNewCondition().withType("PodScheduled").withStatus("False")
        .withReason("Unschedulable").withMessage(message).endCondition().endStatus().build();
  }

  private static PersistentVolumeClaim unbound() {
    return new PersistentVolumeClaimBuilder().withNewMetadata().withName("home-alice").endMetadata()
        .withNewStatus().withPhase("Pending").endStatus().build();
  }

  /** Issue 7: in a burst, pods were briefly Unschedulable while their claims were not bound, and showed Failed. */
  @Test
  void anUnschedulablePodWhoseVolumeIsNotBoundWaitsForTheVolume() {
    Pod pod = unschedulable("0/5 nodes are available: pod has unbound immediate PersistentVolumeClaims. "
        + "preemption: 0/5 nodes are available: 5 Preemption is not helpful for scheduling.");
    WorkspaceStatus s = aggregate(sts("r1"), pod, unbound(), List.of(), List.of(), T0);
    assertThat(s.getPhase()).isEqualTo(WorkspacePhase.Pending);
    assertThat(condition(s, "Ready").getReason()).isEqualTo("WaitingForVolume");
    assertThat(condition(s, "Ready").getMessage()).isEqualTo(
        "waiting for the home volume home-alice to be bound (the claim is Pending)");
    assertThat(condition(s, "Scheduled").getReason()).isEqualTo("WaitingForVolume");
    assertThat(condition(s, "StorageReady").getReason()).isEqualTo("Pending");
    assertThat(condition(s, "Degraded").getStatus()).as("nothing is wrong yet").isEqualTo("False");

    // the scheduler's message alone is enough (the claim may be bound in the cache a moment before the pod)
    assertThat(aggregate(sts("r1"), pod, bound(), List.of(), List.of(), T0).getPhase())
        .isEqualTo(WorkspacePhase.Pending);
    // a claim that is not bound while the pod lacks room elsewhere: still the volume first
    assertThat(condition(aggregate(sts("r1"), unschedulable("0/5 nodes are available: 5 Insufficient cpu."),
        unbound(), List.of(), List.of(), T0), "Ready").getReason()).isEqualTo("WaitingForVolume");
  }

  @Test
  void aBurstStartPassesThroughPendingAndProvisioningButNeverFailed() {
    List<WorkspacePhase> phases = new java.util.ArrayList<>();
    Instant t = T0;
    List<Object[]> steps = List.of(
        new Object[] {null, null, null},
        new Object[] {null, null, unbound()},
        new Object[] {sts("r1"), null, unbound()},
        new Object[] {sts("r1"), unschedulable("0/5 nodes are available: pod has unbound immediate "
            + "PersistentVolumeClaims."), unbound()},
        new Object[] {sts("r1"), unschedulable("0/5 nodes are available: pod has unbound immediate "
            + "PersistentVolumeClaims."), bound()},
        new Object[] {sts("r1"), pod(false, "r1"), bound()},
        new Object[] {sts("r1"), pod(true, "r1"), bound()});
    for (Object[] step : steps) {
      t = t.plusSeconds(1);
      WorkspaceStatus s = aggregate((StatefulSet) step[0], (Pod) step[1], (PersistentVolumeClaim) step[2], List.of(),
          List.of(), t);
      ws.setStatus(s);
      phases.add(s.getPhase());
    }
    assertThat(phases).doesNotContain(WorkspacePhase.Failed).endsWith(WorkspacePhase.Running)
        .contains(WorkspacePhase.Pending, WorkspacePhase.Provisioning);
  }

  @Test
  void aContainerThatExitedWithAnErrorIsReportedWithItsExitCode() {
    Pod failed = pod(false, "r1");
    failed.getStatus().setContainerStatuses(List.of(new ContainerStatusBuilder().withName("workspace")
        .withReady(false).withRestartCount(0).withNewState().withNewTerminated().withExitCode(137)
        .withReason("OOMKilled").withMessage("memory limit reached").endTerminated().endState().build()));
    WorkspaceStatus s = aggregate(sts("r1"), failed, bound(), List.of(), List.of(), T0);
    assertThat(s.getPhase()).isEqualTo(WorkspacePhase.Failed);
    assertThat(condition(s, "Degraded").getReason()).isEqualTo("ContainerFailed");
    assertThat(condition(s, "Degraded").getMessage())
        .isEqualTo("container workspace exited with code 137 (OOMKilled): memory limit reached");

    Pod completed = pod(false, "r1");
    completed.getStatus().setContainerStatuses(List.of(new ContainerStatusBuilder().withName("workspace")
        .withReady(false).withRestartCount(0).withNewState().withNewTerminated().withExitCode(0)
        .withReason("Completed").endTerminated().endState().build()));
    assertThat(condition(aggregate(sts("r1"), completed, bound(), List.of(), List.of(), T0), "Degraded").getReason())
        .isNotEqualTo("ContainerFailed");
  }

  @Test
  void stoppingThenStopped() {
    ws.setStatus(aggregate(sts("r1"), pod(true, "r1"), bound(), List.of(), List.of(), T0));
    ws.getSpec().setState(DesiredState.Stopped);
    WorkspaceStatus stopping = aggregate(sts("r1"), pod(true, "r1"), bound(), List.of(), List.of(), T0);
    assertThat(stopping.getPhase()).isEqualTo(WorkspacePhase.Stopping);
    WorkspaceStatus stopped = aggregate(sts("r1"), null, bound(), List.of(), List.of(), T0);
    assertThat(stopped.getPhase()).isEqualTo(WorkspacePhase.Stopped);
    assertThat(stopped.getStartedAt()).isNull();
    assertThat(condition(stopped, "Ready").getReason()).isEqualTo("Stopped");
    assertThat(condition(stopped, "StorageReady").getStatus()).isEqualTo("True");
    assertThat(condition(stopped, "Degraded").getStatus()).isEqualTo("False");
  }

  @Test
  void aFailedReconcileIsDegradedWithItsReadableMessageAndKeepsThePhase() {
    ws.setStatus(aggregate(sts("r1"), pod(true, "r1"), bound(), List.of(), List.of(), T0));
    String readable = "the API server refused the PersistentVolumeClaim home-alice: spec.resources.requests.storage: "
        + "Forbidden: field can not be less than status.capacity";
    WorkspaceStatus s = WorkspaceStatusAggregator.aggregate(
        observation(sts("r1"), pod(true, "r1"), bound(), List.of(), List.of(), T0.plusSeconds(5))
            .withReconcileError(readable));
    assertThat(s.getPhase()).isEqualTo(WorkspacePhase.Running);
    assertThat(condition(s, "Degraded").getStatus()).isEqualTo("True");
    assertThat(condition(s, "Degraded").getReason()).isEqualTo("ReconcileError");
    assertThat(condition(s, "Degraded").getMessage()).isEqualTo(readable);
    assertThat(s.getConditions()).extracting(Condition::getType)
        .containsExactly("Ready", "StorageReady", "Scheduled", "Degraded");
  }

  @Test
  void missingDataConnectionsAreDegradedButDoNotStopTheWorkspace() {
    WorkspaceStatus s = WorkspaceStatusAggregator.aggregate(new WorkspaceObservation(ws, null, List.of(), sts("r1"),
        pod(true, "r1"), bound(), List.of(), List.of(), List.of("data connection 'lake' does not exist"), null, null,
        URL, "img", T0, null, null));
    assertThat(s.getPhase()).isEqualTo(WorkspacePhase.Running);
    assertThat(condition(s, "Degraded").getReason()).isEqualTo("DataConnectionMissing");
    assertThat(condition(s, "Degraded").getMessage()).isEqualTo("data connection 'lake' does not exist");
  }

  @Test
  void theHomeVolumeSizeIsRecordedFromTheClaim() {
    PersistentVolumeClaim pvc = new PersistentVolumeClaimBuilder().withNewMetadata().withName("home-alice")
        .endMetadata().withNewSpec().withNewResources().addToRequests("storage", new Quantity("5Gi")).endResources()
        .endSpec().withNewStatus().withPhase("Pending").endStatus().build();
    assertThat(aggregate(sts("r1"), null, pvc, List.of(), List.of(), T0).getStorage())
        .as("requested while unbound").isEqualTo(new Quantity("5Gi"));
    pvc.getStatus().setPhase("Bound");
    pvc.getStatus().setCapacity(java.util.Map.of("storage", new Quantity("8Gi")));
    assertThat(aggregate(sts("r1"), null, pvc, List.of(), List.of(), T0).getStorage())
        .as("a provisioner that rounds up").isEqualTo(new Quantity("8Gi"));
    ws.setStatus(aggregate(sts("r1"), null, pvc, List.of(), List.of(), T0));
    assertThat(aggregate(null, null, null, List.of(), List.of(), T0).getStorage())
        .as("kept when the claim is not in the cache").isEqualTo(new Quantity("8Gi"));
  }

  @Test
  void pendingBeforeTheStatefulSetExists() {
    WorkspaceStatus s = aggregate(null, null, null, List.of(), List.of(), T0);
    assertThat(s.getPhase()).isEqualTo(WorkspacePhase.Pending);
    assertThat(s.getConditions()).hasSize(4);
  }

  @Test
  void aRunningWorkspaceWhoseNodeIsGoneSaysSoUntilItsNewPodIsReady() {
    ws.setStatus(aggregate(sts("r1"), pod(true, "r1"), bound(), List.of(), List.of(), T0));
    // The node was deleted: the pod still looks Ready (nothing updates it) until the pod garbage collector removes it.
    Instant lost = T0.plusSeconds(60);
    WorkspaceStatus s = WorkspaceStatusAggregator.aggregate(new WorkspaceObservation(ws, null, List.of(), sts("r1"),
        pod(true, "r1"), bound(), List.of(), List.of(), List.of(), null, null, URL, "img", lost, "kwok-node-0", null));
    assertThat(s.getPhase()).isEqualTo(WorkspacePhase.Pending);
    assertThat(condition(s, "Ready").getStatus()).isEqualTo("False");
    assertThat(condition(s, "Ready").getReason()).isEqualTo("NodeLost");
    assertThat(condition(s, "Ready").getMessage())
        .isEqualTo("the node kwok-node-0 running this workspace is gone; a new pod will be scheduled");
    assertThat(condition(s, "Ready").getLastTransitionTime()).isEqualTo(lost.toString());
    assertThat(condition(s, "Scheduled").getStatus()).isEqualTo("False");
    assertThat(condition(s, "Scheduled").getReason()).isEqualTo("NodeLost");
    assertThat(condition(s, "Degraded").getReason()).isEqualTo("NodeLost");
    assertThat(s.getStartedAt()).as("kept: the workspace was not stopped").isEqualTo(T0.toString());
    ws.setStatus(s);
    // The stale pod is removed, then the StatefulSet's new pod runs on another node.
    WorkspaceStatus waiting = aggregate(sts("r1"), null, bound(), List.of(), List.of(), lost.plusSeconds(40));
    assertThat(waiting.getPhase()).isEqualTo(WorkspacePhase.Provisioning);
    ws.setStatus(waiting);
    WorkspaceStatus back = aggregate(sts("r1"), pod(true, "r1"), bound(), List.of(), List.of(), lost.plusSeconds(45));
    assertThat(back.getPhase()).isEqualTo(WorkspacePhase.Running);
    assertThat(condition(back, "Degraded").getStatus()).isEqualTo("False");
  }

  @Test
  void aPodEvictedFromAnUnreachableNodeIsANodeLossNotAFailure() {
    Pod evicted = pod(false, "r1");
    evicted.getStatus().getConditions().add(new io.fabric8.kubernetes.api.model.PodConditionBuilder()
        .withType("DisruptionTarget").withStatus("True").withReason("DeletionByTaintManager").build());
    WorkspaceStatus s = aggregate(sts("r1"), evicted, bound(), List.of(), List.of(), T0);
    assertThat(s.getPhase()).isEqualTo(WorkspacePhase.Pending);
    assertThat(condition(s, "Ready").getReason()).isEqualTo("NodeLost");
    assertThat(condition(s, "Ready").getMessage()).contains("kwok-node-0").contains("a new one will be scheduled");
    Pod preempted = pod(false, "r1");
    preempted.getStatus().getConditions().add(new io.fabric8.kubernetes.api.model.PodConditionBuilder()
        .withType("DisruptionTarget").withStatus("True").withReason("PreemptionByScheduler").build());
    assertThat(condition(aggregate(sts("r1"), preempted, bound(), List.of(), List.of(), T0), "Ready").getReason())
        .as("another disruption is not a node loss").isEqualTo("Starting");
  }

  private WorkspaceStatus aggregateWithDeadline(String deadline, Pod pod, PersistentVolumeClaim pvc, Instant now) {
    WorkspaceClass cls = new WorkspaceClass();
    cls.setMetadata(new ObjectMetaBuilder().withName("jupyterlab").build());
    cls.setSpec(Fixtures.jupyter());
    cls.getSpec().setStartDeadline(deadline);
    WorkspaceStatus s = WorkspaceStatusAggregator.aggregate(new WorkspaceObservation(ws, cls, List.of(), sts("r1"),
        pod, pvc, List.of(), List.of(), List.of(), null, null, URL, "img", now, null, null));
    ws.setStatus(s);
    return s;
  }

  @Test
  void aStartPastItsClassDeadlineFailsNamingTheStepThatHung() {
    Instant created = Instant.parse(ws.getMetadata().getCreationTimestamp());
    // first seen by the operator 5 s after its creation: the start and its deadline count from then
    WorkspaceStatus s = aggregateWithDeadline("1m", null, unbound(), created.plusSeconds(5));
    assertThat(s.getStartTimeline().get(0).getAt()).isEqualTo(created.plusSeconds(5).toString());
    s = aggregateWithDeadline("1m", null, unbound(), created.plusSeconds(60));
    assertThat(s.getPhase()).isEqualTo(WorkspacePhase.Pending);
    assertThat(s.getStartTimeline()).extracting(StartStep::getStep).containsExactly(StartStep.Name.Accepted);
    assertThat(StartTimeline.deadlineAt(s.getStartTimeline(), Fixtures.jupyter())).isEmpty();

    s = aggregateWithDeadline("1m", null, unbound(), created.plusSeconds(65));
    assertThat(s.getPhase()).isEqualTo(WorkspacePhase.Failed);
    assertThat(condition(s, "Ready").getReason()).isEqualTo("StartDeadlineExceeded");
    assertThat(condition(s, "Ready").getMessage())
        .isEqualTo("the start took longer than 1m: the home volume was never bound");
    assertThat(condition(s, "Degraded").getReason()).isEqualTo("StartDeadlineExceeded");
    assertThat(condition(s, "StorageReady").getReason()).as("the other conditions still say what is seen")
        .isEqualTo("Pending");
    WorkspaceStatus again = aggregateWithDeadline("1m", null, unbound(), created.plusSeconds(90));
    assertThat(again).as("no write per reconcile").isEqualTo(s);
  }

  private WorkspaceObservation withDeadline(String deadline, Pod pod, PersistentVolumeClaim pvc, Instant now) {
    WorkspaceClass cls = new WorkspaceClass();
    cls.setMetadata(new ObjectMetaBuilder().withName("jupyterlab").build());
    cls.setSpec(Fixtures.jupyter());
    cls.getSpec().setStartDeadline(deadline);
    return new WorkspaceObservation(ws, cls, List.of(), sts("r1"), pod, pvc, List.of(), List.of(), List.of(), null,
        null, URL, "img", now, null, null);
  }

  /** A start with a 1m deadline, accepted at the workspace's creation; another workspace's claim bound at 80 s. */
  private StartTimeline.Progress acceptedWhileTheClusterBindsOthersClaims(Instant created) {
    aggregateWithDeadline("1m", null, unbound(), created);
    return new StartTimeline.Progress(java.util.Map.of(StartStep.Name.VolumeBound, created.plusSeconds(80)));
  }

  @Test
  void aStartPastItsDeadlineThatWaitsItsTurnInTheClustersQueueIsOverdueNotFailed() {
    Instant created = Instant.parse(ws.getMetadata().getCreationTimestamp());
    // A burst: the PV controller binds other workspaces' claims one after another; this one's turn has not come.
    StartTimeline.Progress binding = acceptedWhileTheClusterBindsOthersClaims(created);
    WorkspaceObservation waiting = withDeadline("1m", null, unbound(), created.plusSeconds(90)).withProgress(binding);
    assertThat(StartTimeline.current(waiting, false).deadlineExceeded()).as("the desired state keeps its pod")
        .isFalse();
    WorkspaceStatus s = WorkspaceStatusAggregator.aggregate(waiting);
    ws.setStatus(s);
    assertThat(s.getPhase()).isEqualTo(WorkspacePhase.Pending);
    assertThat(condition(s, "Ready").getReason()).as("it says what it awaits").isEqualTo("WaitingForVolume");
    assertThat(condition(s, "Degraded").getStatus()).isEqualTo("True");
    assertThat(condition(s, "Degraded").getReason()).isEqualTo("StartOverdue");
    assertThat(condition(s, "Degraded").getMessage()).isEqualTo("the start is past its 1m deadline and is not failed "
        + "while the cluster is still binding other workspaces' volumes; it fails when nothing moves for 1m");
    assertThat(StartTimeline.failsAt(s.getStartTimeline(), waiting.workspaceClass().getSpec(), binding))
        .as("the reconciler looks again when the window after the cluster's last binding ends")
        .contains(created.plusSeconds(140));
    assertThat(WorkspaceStatusAggregator.aggregate(
        withDeadline("1m", null, unbound(), created.plusSeconds(100)).withProgress(binding)))
        .as("no write per reconcile while it waits").isEqualTo(s);

    // Its claim binds past the deadline: recorded, and its own progress keeps it going.
    WorkspaceStatus bound = WorkspaceStatusAggregator.aggregate(
        withDeadline("1m", null, bound(), created.plusSeconds(120)).withProgress(binding));
    ws.setStatus(bound);
    assertThat(bound.getStartTimeline()).extracting(StartStep::getStep)
        .containsExactly(StartStep.Name.Accepted, StartStep.Name.VolumeBound);
    assertThat(bound.getPhase()).isEqualTo(WorkspacePhase.Provisioning);
    assertThat(condition(bound, "Degraded").getMessage()).contains("its last step, VolumeBound, is recent");
    WorkspaceStatus running = WorkspaceStatusAggregator.aggregate(
        withDeadline("1m", pod(true, "r1"), bound(), created.plusSeconds(150)).withProgress(binding));
    assertThat(running.getPhase()).as("Ready past the deadline: it never failed").isEqualTo(WorkspacePhase.Running);
    assertThat(condition(running, "Degraded").getStatus()).isEqualTo("False");
  }

  @Test
  void aStartPastItsDeadlineFailsOnceTheClusterStopsMovingOnItsStep() {
    Instant created = Instant.parse(ws.getMetadata().getCreationTimestamp());
    StartTimeline.Progress binding = acceptedWhileTheClusterBindsOthersClaims(created);
    ws.setStatus(WorkspaceStatusAggregator.aggregate(
        withDeadline("1m", null, unbound(), created.plusSeconds(90)).withProgress(binding)));
    WorkspaceStatus s = WorkspaceStatusAggregator.aggregate(
        withDeadline("1m", null, unbound(), created.plusSeconds(140)).withProgress(binding));
    assertThat(s.getPhase()).as("no claim bound anywhere for a whole window").isEqualTo(WorkspacePhase.Failed);
    assertThat(condition(s, "Ready").getReason()).isEqualTo("StartDeadlineExceeded");
    assertThat(condition(s, "Ready").getMessage())
        .isEqualTo("the start took longer than 1m: the home volume was never bound");
  }

  @Test
  void aStartNotReadyAtItsDeadlineStaysFailedWithoutItsPodEvenWhenTheHungStepCompletesLater() {
    Instant created = Instant.parse(ws.getMetadata().getCreationTimestamp());
    aggregateWithDeadline("1m", null, unbound(), created);
    assertThat(StartTimeline.current(withDeadline("1m", null, unbound(), created.plusSeconds(59)), false)
        .deadlineExceeded()).as("within the deadline").isFalse();
    WorkspaceStatus failed = aggregateWithDeadline("1m", null, unbound(), created.plusSeconds(61));
    assertThat(failed.getPhase()).isEqualTo(WorkspacePhase.Failed);
    assertThat(io.air9.platform.model.StartDeadline.failed(ws)).as("the status records it for this generation").isTrue();

    // The volume binds and the pod turns Ready after the deadline: the start failed, it stays so (no write either)
    WorkspaceObservation late = withDeadline("1m", pod(true, "r1"), bound(), created.plusSeconds(120));
    assertThat(StartTimeline.current(late, false).deadlineExceeded()).as("the desired state holds no pod").isTrue();
    assertThat(new WorkspaceModel(new ResolvedWorkspace(ws, Fixtures.jupyter(), OperatorSettings.defaults(),
        List.of(), null, false, StartTimeline.current(late, false).deadlineExceeded())).statefulSet().getSpec()
        .getReplicas()).isZero();
    WorkspaceStatus s = aggregateWithDeadline("1m", pod(true, "r1"), bound(), created.plusSeconds(120));
    assertThat(s.getPhase()).isEqualTo(WorkspacePhase.Failed);
    assertThat(condition(s, "Ready").getReason()).isEqualTo("StartDeadlineExceeded");
    assertThat(condition(s, "Ready").getMessage())
        .isEqualTo("the start took longer than 1m: the home volume was never bound");
    assertThat(s.getStartTimeline()).as("the timeline stays as it was at the deadline").isEqualTo(failed.getStartTimeline());
    assertThat(condition(s, "Ready")).isEqualTo(condition(failed, "Ready"));
    // A restarted operator, or a class whose deadline was removed meanwhile, keeps the recorded failure.
    WorkspaceStatus kept = aggregateWithDeadline(null, pod(true, "r1"), bound(), created.plusSeconds(180));
    assertThat(kept.getPhase()).isEqualTo(WorkspacePhase.Failed);
    assertThat(kept.getStartTimeline()).isEqualTo(failed.getStartTimeline());
    assertThat(aggregateWithDeadline(null, pod(true, "r1"), bound(), created.plusSeconds(240))).as("no write")
        .isEqualTo(kept);

    // Stop, then start: a new start with a new timeline and a new deadline.
    ws.getSpec().setState(DesiredState.Stopped);
    ws.getMetadata().setGeneration(2L);
    WorkspaceStatus stopped = aggregateWithDeadline("1m", null, bound(), created.plusSeconds(200));
    assertThat(stopped.getPhase()).isEqualTo(WorkspacePhase.Stopped);
    assertThat(stopped.getStartTimeline()).isNull();
    ws.getSpec().setState(DesiredState.Running);
    ws.getMetadata().setGeneration(3L);
    assertThat(io.air9.platform.model.StartDeadline.failed(ws)).as("a new generation: a new start").isFalse();
    Instant restart = created.plusSeconds(230);
    WorkspaceStatus again = aggregateWithDeadline("1m", null, bound(), restart);
    assertThat(again.getPhase()).isEqualTo(WorkspacePhase.Provisioning);
    assertThat(again.getStartTimeline().get(0).getAt()).isEqualTo(restart.toString());
    assertThat(StartTimeline.current(withDeadline("1m", null, bound(), restart.plusSeconds(30)), false)
        .deadlineExceeded()).isFalse();
    assertThat(aggregateWithDeadline("1m", null, bound(), restart.plusSeconds(60)).getPhase())
        .as("the new start has its own deadline").isEqualTo(WorkspacePhase.Failed);
  }

  @Test
  void aStartWithinItsDeadlineOrWithoutOneNeverFails() {
    Instant created = Instant.parse(ws.getMetadata().getCreationTimestamp());
    Pod ready = pod(true, "r1");
    ready.getMetadata().setCreationTimestamp(created.plusSeconds(5).toString());
    ready.getStatus().getConditions().forEach(c -> c.setLastTransitionTime(created.plusSeconds(50).toString()));
    WorkspaceStatus s = aggregateWithDeadline("1m", ready, bound(), created.plusSeconds(90));
    assertThat(s.getPhase()).as("Ready at 50 s, seen at 90 s: within its 1m deadline").isEqualTo(WorkspacePhase.Running);

    ws.setStatus(null);
    assertThat(aggregateWithDeadline(null, null, unbound(), created.plusSeconds(3600)).getPhase())
        .as("a class without a deadline waits").isEqualTo(WorkspacePhase.Pending);
  }

  @Test
  void aTerminalProblemKeepsItsOwnReasonPastTheDeadline() {
    Instant created = Instant.parse(ws.getMetadata().getCreationTimestamp());
    WorkspaceStatus s = aggregateWithDeadline("1m", pullBackingOff(), bound(), created.plusSeconds(300));
    assertThat(condition(s, "Ready").getReason()).isEqualTo("ImagePullBackOff");
  }

  @Test
  void aRunningWorkspaceWhoseConnectionWasRotatedSaysARestartIsNeededNamingItAndNoValue() {
    Pod running = pod(true, "r1");
    running.getMetadata().setAnnotations(Map.of(ConnectionVersions.ANNOTATION, "s3-data=7,snowflake-prod=100"));
    List<ResolvedWorkspace.Connection> now = List.of(
        new ResolvedWorkspace.Connection("s3-data", "s3", List.of("accessKeyId"), "7"),
        new ResolvedWorkspace.Connection("snowflake-prod", "snowflake", List.of("password"), "100"));
    WorkspaceObservation seen = new WorkspaceObservation(ws, null, List.of(), sts("r1"), running, bound(), List.of(),
        now, List.of(), null, null, URL, "img", T0, null, null);
    assertThat(condition(WorkspaceStatusAggregator.aggregate(seen), "Degraded").getStatus()).isEqualTo("False");

    List<ResolvedWorkspace.Connection> rotated = List.of(now.get(0),
        new ResolvedWorkspace.Connection("snowflake-prod", "snowflake", List.of("password"), "181"));
    WorkspaceStatus s = WorkspaceStatusAggregator.aggregate(new WorkspaceObservation(ws, null, List.of(), sts("r1"),
        running, bound(), List.of(), rotated, List.of(), null, null, URL, "img", T0, null, null));
    assertThat(s.getPhase()).as("it keeps running: nothing restarts it unasked").isEqualTo(WorkspacePhase.Running);
    assertThat(condition(s, "Degraded").getStatus()).isEqualTo("True");
    assertThat(condition(s, "Degraded").getReason()).isEqualTo("ConnectionRotated");
    assertThat(condition(s, "Degraded").getMessage()).isEqualTo(
        "the data connection snowflake-prod was rotated after this workspace started; restart it to use the new "
            + "credentials");

    Pod old = pod(true, "r1");
    assertThat(condition(WorkspaceStatusAggregator.aggregate(new WorkspaceObservation(ws, null, List.of(), sts("r1"),
        old, bound(), List.of(), rotated, List.of(), null, null, URL, "img", T0, null, null)), "Degraded")
        .getStatus()).as("a pod that recorded no versions tells nothing").isEqualTo("False");
  }
}
