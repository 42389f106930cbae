package io.air9.platform.operator.workspace;

import io.air9.platform.model.Air9;
import io.air9.platform.model.CullSchedule;
import io.air9.platform.model.StartStep;
import io.air9.platform.model.Workspace;
import io.air9.platform.model.WorkspaceNames;
import io.air9.platform.model.WorkspacePhase;
import io.air9.platform.model.WorkspaceStatus;
import io.air9.platform.model.validation.WorkspaceValidator;
import io.air9.platform.operator.common.Conditions;
import io.air9.platform.operator.workspace.WorkspaceObservation.Problem;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The single place that computes a workspace's status from an observation (pure). It always emits the same four
 * conditions — Ready, StorageReady, Scheduled, Degraded — and keeps a condition's lastTransitionTime while its
 * status does not change, so an unchanged world gives an equal status and no write.
 */
public final class WorkspaceStatusAggregator {

  public static final String READY = "Ready";
  public static final String STORAGE_READY = "StorageReady";
  public static final String SCHEDULED = "Scheduled";
  public static final String DEGRADED = "Degraded";
  public static final List<String> CONDITION_TYPES = List.of(READY, STORAGE_READY, SCHEDULED, DEGRADED);

  public static final String REASON_INVALID_SPEC = "InvalidSpec";
  public static final String REASON_QUOTA_EXCEEDED = "QuotaExceeded";
  public static final String REASON_UNSCHEDULABLE = "Unschedulable";
  public static final String REASON_AS_EXPECTED = "AsExpected";
  public static final String REASON_RECONCILE_ERROR = "ReconcileError";
  public static final String REASON_DATA_CONNECTION_MISSING = "DataConnectionMissing";
  /** A data connection the running pod uses was rotated since it started: a restart is needed to use the new values. */
  public static final String REASON_CONNECTION_ROTATED = "ConnectionRotated";
  /** The pod's node is gone (deleted) or its pod is evicted from an unreachable node: a new pod will come. */
  public static final String REASON_NODE_LOST = "NodeLost";
  public static final String REASON_START_DEADLINE_EXCEEDED = io.air9.platform.model.StartDeadline.REASON;
  public static final String REASON_START_OVERDUE = io.air9.platform.model.StartDeadline.REASON_OVERDUE;

  public static final String REASON_WAITING_FOR_VOLUME = "WaitingForVolume";
  public static final String REASON_WAITING_FOR_SCHEDULING = "WaitingForScheduling";
  public static final String REASON_WAITING_FOR_QUOTA = "WaitingForQuota";
  public static final String REASON_WAITING_FOR_IMAGE = "WaitingForImage";
  public static final String REASON_WAITING_FOR_POD = "WaitingForPod";
  public static final String REASON_QUEUED = "Queued";

  /** Container waiting reasons the aggregator reports (ErrImagePull is a first attempt, the others keep failing). */
  static final String REASON_CONTAINER_FAILED = "ContainerFailed";
  static final Set<String> FATAL_WAITING_REASONS = Set.of(
      "ImagePullBackOff", "ErrImagePull", "InvalidImageName", "CrashLoopBackOff", "CreateContainerConfigError",
      "CreateContainerError", "RunContainerError");

  /** DisruptionTarget reasons of a pod whose node went away: eviction from an unreachable node, pod GC. */
  static final Set<String> NODE_DISRUPTIONS = Set.of("DeletionByTaintManager", "DeletionByPodGC");

  /** Problems that need a change from the user or an admin: phase Failed. Every other problem is awaited. */
  static final Set<String> TERMINAL_REASONS = Set.of(REASON_INVALID_SPEC, REASON_CONTAINER_FAILED,
      "ImagePullBackOff", "InvalidImageName", "CrashLoopBackOff", "CreateContainerConfigError",
      "CreateContainerError", "RunContainerError");

  private WorkspaceStatusAggregator() {}

  public static WorkspaceStatus aggregate(WorkspaceObservation o) {
    Workspace ws = o.workspace();
    WorkspaceStatus previous = ws.getStatus() == null ? new WorkspaceStatus() : ws.getStatus();
    List<Condition> prev = previous.getConditions();
    Long gen = ws.getMetadata().getGeneration();
    boolean stopped = ws.getSpec().isStopped();
    Pod pod = o.pod();
    boolean queued = !stopped && o.violations().isEmpty() && o.queue() != null;

    // Storage
    String pvcPhase = o.homeClaim() == null || o.homeClaim().getStatus() == null ? null
        : o.homeClaim().getStatus().getPhase();
    Condition storage = o.homeClaim() == null
        ? Conditions.of(prev, STORAGE_READY, false, "NotCreated", "home volume not created yet", gen, o.now())
        : "Bound".equals(pvcPhase)
            ? Conditions.of(prev, STORAGE_READY, true, "Bound", "home volume " + o.homeClaim().getMetadata().getName()
                + " is bound", gen, o.now())
            : Conditions.of(prev, STORAGE_READY, false, pvcPhase == null ? "Pending" : pvcPhase,
                "home volume is " + (pvcPhase == null ? "Pending" : pvcPhase), gen, o.now());

    // Problems, most specific first
    Optional<Problem> problem = Optional.empty();
    if (!o.violations().isEmpty()) {
      problem = Optional.of(new Problem(REASON_INVALID_SPEC, WorkspaceValidator.describe(o.violations())));
    } else if (!stopped) {
      problem = nodeLost(pod, o.lostNode()).or(() -> podProblem(pod))
          .or(() -> pod == null ? statefulSetProblem(o.statefulSetProblems()) : Optional.empty());
    }
    // A pod cannot be scheduled while its volume is not bound: that is waiting for the volume, not a problem.
    boolean podScheduled = pod != null && problem.filter(p -> REASON_NODE_LOST.equals(p.reason())).isEmpty()
        && podCondition(pod, "PodScheduled").map(c -> "True".equals(c.getStatus())).orElse(false);
    boolean unboundClaim = o.homeClaim() != null && !"Bound".equals(pvcPhase);
    boolean volumeAwaited = !stopped && !queued && o.violations().isEmpty() && !podScheduled
        && (unboundClaim || problem.map(p -> isUnboundClaimMessage(p.message())).orElse(false))
        && problem.map(p -> REASON_UNSCHEDULABLE.equals(p.reason())).orElse(true);
    if (volumeAwaited) {
      problem = Optional.empty();
    }
    Optional<Problem> awaited = volumeAwaited
        ? Optional.of(new Problem(REASON_WAITING_FOR_VOLUME, "waiting for the home volume "
            + WorkspaceNames.homeClaim(ws.getMetadata().getName()) + " to be bound"
            + (pvcPhase == null ? "" : " (the claim is " + pvcPhase + ")")))
        : problem.filter(p -> !TERMINAL_REASONS.contains(p.reason())).map(WorkspaceStatusAggregator::awaited);

    // Scheduling
    Condition scheduled;
    if (stopped) {
      scheduled = Conditions.of(prev, SCHEDULED, false, "Stopped", "the workspace is stopped", gen, o.now());
    } else if (queued) {
      scheduled = Conditions.of(prev, SCHEDULED, false, REASON_QUEUED, o.queue().message(), gen, o.now());
    } else if (podScheduled) {
      scheduled = Conditions.of(prev, SCHEDULED, true, "Scheduled", "pod " + pod.getMetadata().getName()
          + " runs on node " + pod.getSpec().getNodeName(), gen, o.now());
    } else if (volumeAwaited) {
      scheduled = Conditions.of(prev, SCHEDULED, false, awaited.get().reason(), awaited.get().message(), gen,
          o.now());
    } else if (problem.isPresent() && !REASON_INVALID_SPEC.equals(problem.get().reason())) {
      scheduled = Conditions.of(prev, SCHEDULED, false, problem.get().reason(), problem.get().message(), gen, o.now());
    } else {
      scheduled = Conditions.of(prev, SCHEDULED, false, pod == null ? "PodNotCreated" : "Pending",
          pod == null ? "waiting for the pod to be created" : "waiting for the scheduler", gen, o.now());
    }

    // Readiness and phase: Failed only for terminal problems; a state that resolves by itself says what it awaits
    // The start's timeline, and its deadline: a start past it, not Ready and not progressing failed (its pod is
    // stopped: the desired state asks the same StartTimeline.current), even if it becomes ready later; one past it
    // that still progresses (its own steps, or the cluster's queue for the step it awaits) is Degraded StartOverdue,
    // and keeps the phase of what it awaits. A terminal problem seen while its pod is still there keeps its own
    // reason. A queued workspace has not started: its timeline (and deadline) begins when the admission queue lets
    // it in.
    StartTimeline.Start start = StartTimeline.current(o, stopped || queued);
    List<StartStep> timeline = start.timeline();
    Optional<Problem> deadlineExceeded = !start.deadlineExceeded() || !o.violations().isEmpty()
        || problem.map(p -> TERMINAL_REASONS.contains(p.reason())).orElse(false) ? Optional.empty()
        : Optional.of(new Problem(REASON_START_DEADLINE_EXCEEDED, "the start took longer than "
            + (o.workspaceClass() == null || o.workspaceClass().getSpec().getStartDeadline() == null ? "its deadline"
                : o.workspaceClass().getSpec().getStartDeadline()) + ": "
            + StartTimeline.describe(StartTimeline.hung(timeline).orElseThrow())));
    boolean ready = podReady(o) && problem.isEmpty() && !start.deadlineExceeded();
    Condition readyCondition;
    WorkspacePhase phase;
    if (!o.violations().isEmpty()) {
      phase = WorkspacePhase.Failed;
      readyCondition = Conditions.of(prev, READY, false, REASON_INVALID_SPEC, "the spec is invalid", gen, o.now());
    } else if (stopped) {
      phase = pod == null ? WorkspacePhase.Stopped : WorkspacePhase.Stopping;
      readyCondition = Conditions.of(prev, READY, false, phase.name(), "the workspace is " + phase.name().toLowerCase(),
          gen, o.now());
    } else if (queued) {
      phase = WorkspacePhase.Queued;
      readyCondition = Conditions.of(prev, READY, false, REASON_QUEUED, o.queue().message(), gen, o.now());
    } else if (ready) {
      phase = WorkspacePhase.Running;
      readyCondition = Conditions.of(prev, READY, true, "Running", "the workspace is ready; its address is in status.url",
          gen, o.now());
    } else if (deadlineExceeded.isPresent()) {
      phase = WorkspacePhase.Failed;
      readyCondition = Conditions.of(prev, READY, false, deadlineExceeded.get().reason(),
          deadlineExceeded.get().message(), gen, o.now());
    } else if (awaited.isPresent()) {
      phase = WorkspacePhase.Pending;
      readyCondition = Conditions.of(prev, READY, false, awaited.get().reason(), awaited.get().message(), gen,
          o.now());
    } else if (problem.isPresent()) {
      phase = WorkspacePhase.Failed;
      readyCondition = Conditions.of(prev, READY, false, problem.get().reason(), problem.get().message(), gen,
          o.now());
    } else {
      phase = o.statefulSet() == null ? WorkspacePhase.Pending : WorkspacePhase.Provisioning;
      readyCondition = Conditions.of(prev, READY, false, "Starting", "waiting for the workspace to become ready",
          gen, o.now());
    }

    // Problems that do not stop the workspace, but the user must see them
    Optional<Problem> notStopping = o.reconcileError() != null
        ? Optional.of(new Problem(REASON_RECONCILE_ERROR, o.reconcileError()))
        : !o.connectionProblems().isEmpty()
            ? Optional.of(new Problem(REASON_DATA_CONNECTION_MISSING, String.join("; ", o.connectionProblems())))
            : ready ? connectionRotated(pod, o.connections())
            : Optional.ofNullable(start.overdue()).map(m -> new Problem(REASON_START_OVERDUE, m));
    Optional<Problem> stopping = deadlineExceeded.isPresent() ? deadlineExceeded : problem;
    Condition degraded = stopping.or(() -> notStopping)
        .map(p -> Conditions.of(prev, DEGRADED, true, p.reason(), p.message(), gen, o.now()))
        .orElseGet(() -> Conditions.of(prev, DEGRADED, false, REASON_AS_EXPECTED, "", gen, o.now()));

    WorkspaceStatus s = new WorkspaceStatus();
    s.setObservedGeneration(gen);
    s.setPhase(phase);
    s.setConditions(List.of(readyCondition, storage, scheduled, degraded));
    s.setUrl(o.url());
    s.setImage(o.image() != null ? o.image() : previous.getImage());
    s.setStorage(o.currentStorage() != null ? o.currentStorage() : previous.getStorage());
    s.setStartedAt(ready ? Objects.requireNonNullElse(wasReady(previous) ? previous.getStartedAt() : null,
        o.now().toString()) : (stopped ? null : previous.getStartedAt()));
    String activity = ws.getMetadata().getAnnotations() == null ? null
        : ws.getMetadata().getAnnotations().get(Air9.ANNOTATION_LAST_ACTIVITY);
    s.setLastActivity(activity != null ? activity : previous.getLastActivity());
    s.setStartTimeline(timeline);
    if (queued) {
      s.setQueuePosition(o.queue().position() > 0 ? o.queue().position() : null);
      s.setQueuedAt(o.queue().since().toString());
    }
    setCull(s, ws, o);
    return s;
  }

  /**
   * When the workspace will be stopped and why ({@link CullSchedule}, the model's one computation, on the status
   * just computed), and whether its users are warned now.
   */
  private static void setCull(WorkspaceStatus s, Workspace ws, WorkspaceObservation o) {
    Optional<CullSchedule.Cull> cull = CullSchedule.next(ws.withStatus(s),
        o.workspaceClass() == null ? null : o.workspaceClass().getSpec(), s.getPhase() == WorkspacePhase.Running);
    s.setCullAt(cull.map(c -> c.at().toString()).orElse(null));
    s.setCullReason(cull.map(c -> c.reason().name()).orElse(null));
    s.setCullWarning(cull.filter(c -> c.warning(o.now())).map(c -> Boolean.TRUE).orElse(null));
  }

  /**
   * The data connections rotated since the running pod started (its pod template recorded their versions): it still
   * uses the old values, and only a restart, which the user asks for, gives it the new ones.
   */
  static Optional<Problem> connectionRotated(Pod pod, List<ResolvedWorkspace.Connection> connections) {
    String startedWith = pod.getMetadata().getAnnotations() == null ? null
        : pod.getMetadata().getAnnotations().get(ConnectionVersions.ANNOTATION);
    List<String> rotated = ConnectionVersions.rotated(startedWith, connections);
    if (rotated.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Problem(REASON_CONNECTION_ROTATED, (rotated.size() == 1
        ? "the data connection " + rotated.get(0) + " was rotated"
        : "the data connections " + String.join(", ", rotated) + " were rotated")
        + " after this workspace started; restart it to use the new credentials"));
  }

  /** What a workspace with a problem that resolves by itself waits for: a reason and a message saying so. */
  private static Problem awaited(Problem p) {
    return switch (p.reason()) {
      case REASON_UNSCHEDULABLE -> new Problem(REASON_WAITING_FOR_SCHEDULING,
          "waiting for a node with room for the workspace: " + p.message());
      case REASON_QUOTA_EXCEEDED -> new Problem(REASON_WAITING_FOR_QUOTA,
          "waiting for room in the team's quota (another workspace stopping, or a larger quota): " + p.message());
      case "ErrImagePull" -> new Problem(REASON_WAITING_FOR_IMAGE, "waiting for the image to be pulled: "
          + p.message());
      case REASON_NODE_LOST -> p;
      default -> new Problem(REASON_WAITING_FOR_POD, "waiting for the pod to be created: " + p.message());
    };
  }

  /** The scheduler's words for a pod whose claim is not bound yet. */
  private static boolean isUnboundClaimMessage(String message) {
    return message != null && message.contains("unbound") && message.contains("PersistentVolumeClaim");
  }

  private static boolean wasReady(WorkspaceStatus previous) {
    return Conditions.isTrue(previous.getConditions(), READY) && previous.getStartedAt() != null;
  }

  /** Whether the pod of a workspace that should run is Ready on the StatefulSet's current revision. */
  static boolean podReady(WorkspaceObservation o) {
    Pod pod = o.pod();
    return !o.workspace().getSpec().isStopped() && pod != null && pod.getMetadata().getDeletionTimestamp() == null
        && podCondition(pod, "Ready").map(c -> "True".equals(c.getStatus())).orElse(false)
        && isCurrentRevision(o.statefulSet(), pod);
  }

  static boolean isCurrentRevision(StatefulSet sts, Pod pod) {
    if (sts == null || sts.getStatus() == null || sts.getStatus().getUpdateRevision() == null) {
      return true;
    }
    String podRevision = pod.getMetadata().getLabels() == null ? null
        : pod.getMetadata().getLabels().get("controller-revision-hash");
    boolean observed = Objects.equals(sts.getStatus().getObservedGeneration(), sts.getMetadata().getGeneration());
    return observed && (podRevision == null || podRevision.equals(sts.getStatus().getUpdateRevision()));
  }

  private static Optional<PodCondition> podCondition(Pod pod, String type) {
    if (pod == null || pod.getStatus() == null || pod.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return pod.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  /**
   * The pod's node is gone (the observer found no such node; the pod garbage collector removes such pods after about
   * 40 s, then the StatefulSet makes a new one), or the pod is being evicted because its node stopped answering or
   * went away (DisruptionTarget).
   */
  static Optional<Problem> nodeLost(Pod pod, String lostNode) {
    if (pod == null) {
      return Optional.empty();
    }
    if (lostNode != null) {
      return Optional.of(new Problem(REASON_NODE_LOST, "the node " + lostNode
          + " running this workspace is gone; a new pod will be scheduled"));
    }
    return podCondition(pod, "DisruptionTarget")
        .filter(c -> "True".equals(c.getStatus()) && NODE_DISRUPTIONS.contains(c.getReason()))
        .map(c -> new Problem(REASON_NODE_LOST, "the node " + pod.getSpec().getNodeName()
            + " running this workspace is lost; its pod is evicted and a new one will be scheduled"));
  }

  /** Unschedulable pods and containers that cannot start. */
  static Optional<Problem> podProblem(Pod pod) {
    if (pod == null || pod.getStatus() == null) {
      return Optional.empty();
    }
    Optional<PodCondition> sched = podCondition(pod, "PodScheduled");
    if (sched.isPresent() && "False".equals(sched.get().getStatus())
        && REASON_UNSCHEDULABLE.equals(sched.get().getReason())) {
      return Optional.of(new Problem(REASON_UNSCHEDULABLE, sched.get().getMessage()));
    }
    List<ContainerStatus> statuses = pod.getStatus().getContainerStatuses();
    if (statuses != null) {
      for (ContainerStatus cs : statuses) {
        if (cs.getState() != null && cs.getState().getWaiting() != null
            && FATAL_WAITING_REASONS.contains(cs.getState().getWaiting().getReason())) {
          return Optional.of(new Problem(cs.getState().getWaiting().getReason(),
              "container " + cs.getName() + ": " + Objects.requireNonNullElse(cs.getState().getWaiting().getMessage(),
                  cs.getState().getWaiting().getReason())));
        }
        // A container that exited with an error (before the kubelet restarts it, or for good).
        if (cs.getState() != null && cs.getState().getTerminated() != null
            && !Integer.valueOf(0).equals(cs.getState().getTerminated().getExitCode())) {
          var terminated = cs.getState().getTerminated();
          return Optional.of(new Problem(REASON_CONTAINER_FAILED, "container " + cs.getName() + " exited with code "
              + terminated.getExitCode() + " (" + Objects.requireNonNullElse(terminated.getReason(), "Error") + ")"
              + (terminated.getMessage() == null ? "" : ": " + terminated.getMessage())));
        }
        if (cs.getRestartCount() != null && cs.getRestartCount() >= 3 && !Boolean.TRUE.equals(cs.getReady())
            && cs.getLastState() != null && cs.getLastState().getTerminated() != null) {
          return Optional.of(new Problem("CrashLoopBackOff", "container " + cs.getName() + " restarted "
              + cs.getRestartCount() + " times; last exit: "
              + Objects.requireNonNullElse(cs.getLastState().getTerminated().getReason(), "Error")));
        }
      }
    }
    return Optional.empty();
  }

  /** The StatefulSet controller could not create the pod: quota is the usual reason. */
  static Optional<Problem> statefulSetProblem(List<Problem> problems) {
    for (Problem p : problems) {
      if (p.message() != null && p.message().contains("exceeded quota")) {
        return Optional.of(new Problem(REASON_QUOTA_EXCEEDED, p.message()));
      }
    }
    return problems.stream().filter(p -> "FailedCreate".equals(p.reason())).findFirst();
  }
}
