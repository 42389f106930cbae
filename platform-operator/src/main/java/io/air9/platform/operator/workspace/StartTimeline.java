package io.air9.platform.operator.workspace;

import io.air9.platform.model.IdleTimer;
import io.air9.platform.model.StartDeadline;
import io.air9.platform.model.StartStep;
import io.air9.platform.model.StartStep.Name;
import io.air9.platform.model.WorkspaceClassSpec;
import io.air9.platform.model.WorkspaceNames;
import io.air9.platform.model.WorkspacePhase;
import io.air9.platform.model.WorkspaceStatus;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The timeline of a workspace's current start (pure): which of the steps Accepted, VolumeBound, Scheduled,
 * ImagePulled, ContainerStarted and Ready were reached, when, and how long each took after the one before.
 *
 * <p>Where each time comes from: Accepted is the first reconcile that saw the start (a new workspace, state set to
 * Running again, a spec change while the workspace is not ready on its current revision, or an admission from the
 * queue): when the operator took the start up. The start deadline counts from it, so a burst that keeps workspaces
 * waiting for the operator's first look fails none of them for that wait (the benchmark times creation to Running).
 * VolumeBound is the first reconcile that saw the home claim Bound (a claim carries no bound time). Scheduled,
 * ContainerStarted and Ready are the pod's own times (PodScheduled and Ready conditions, the container's startedAt;
 * Kubernetes stamps them to the second). ImagePulled is the kubelet's Pulled event of the pod (read once the
 * container has an image ID, while the step is awaited; the kubelet records it apart from the pod's status, so the
 * step waits for it), at the latest the container's start (also when there is no such event). A step is never
 * earlier than the one before it, and a recorded step is kept: the timeline only grows until the next start.
 */
public final class StartTimeline {

  private StartTimeline() {}

  /**
   * What the observed children say about a start, each null while not reached.
   *
   * @param volumeBound whether the home claim is Bound
   * @param podCreated when the current pod was created; null without a pod (or a pod being deleted)
   * @param scheduled the pod's PodScheduled=True transition
   * @param imagePulled whether the workspace container has an image ID
   * @param pulledEvent when the kubelet pulled the image (the pod's Pulled event); null when not known
   * @param containerStarted the workspace container's startedAt (running)
   * @param ready the pod's Ready=True transition
   */
  public record Facts(boolean volumeBound, Instant podCreated, Instant scheduled,
      boolean imagePulled, Instant pulledEvent, Instant containerStarted, Instant ready) {

    public Facts(boolean volumeBound, Instant podCreated, Instant scheduled, boolean imagePulled,
        Instant containerStarted, Instant ready) {
      this(volumeBound, podCreated, scheduled, imagePulled, null, containerStarted, ready);
    }

    /** The facts in the observed workspace, claim and pod. */
    static Facts of(WorkspaceObservation o) {
      PersistentVolumeClaim claim = o.homeClaim();
      boolean bound = claim != null && claim.getStatus() != null && "Bound".equals(claim.getStatus().getPhase());
      Pod pod = o.pod();
      if (pod == null || pod.getMetadata().getDeletionTimestamp() != null || pod.getStatus() == null) {
        return new Facts(bound, null, null, false, null, null, null);
      }
      Optional<ContainerStatus> container = pod.getStatus().getContainerStatuses() == null ? Optional.empty()
          : pod.getStatus().getContainerStatuses().stream()
              .filter(c -> WorkspaceNames.container().equals(c.getName())).findFirst();
      boolean pulled = container.map(c -> c.getImageID() != null && !c.getImageID().isBlank()).orElse(false);
      Instant started = container.map(c -> c.getState() == null || c.getState().getRunning() == null ? null
          : time(c.getState().getRunning().getStartedAt())).orElse(null);
      return new Facts(bound, time(pod.getMetadata().getCreationTimestamp()),
          trueSince(pod, "PodScheduled"), pulled, pulled ? o.imagePulledAt() : null, started, trueSince(pod, "Ready"));
    }

    private static Instant trueSince(Pod pod, String type) {
      if (pod.getStatus().getConditions() == null) {
        return null;
      }
      return pod.getStatus().getConditions().stream()
          .filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus()))
          .map(PodCondition::getLastTransitionTime).filter(Objects::nonNull).map(Facts::time)
          .findFirst().orElse(null);
    }

    private static Instant time(String rfc3339) {
      return rfc3339 == null || rfc3339.isBlank() ? null : Instant.parse(rfc3339);
    }
  }

  /** Steps of their own: the previous status is the cached Workspace's, shared by every reconcile. */
  private static List<StartStep> copy(List<StartStep> steps) {
    return new ArrayList<>(steps.stream().map(st -> new StartStep(st.getStep(), st.getAt(), st.getSeconds())).toList());
  }

  /**
   * The timeline after this observation; null while the workspace is stopped, or when the current run began before
   * this operator recorded timelines (it was already Running without one). Every step the observation shows reached
   * is recorded, also past the start's deadline: whether the start failed is decided by {@link #current}, and the
   * timeline of a failed start is kept as it was when it failed.
   *
   * @param previous the status as it is now
   * @param generation the workspace's metadata.generation
   * @param stopped whether the desired state is Stopped
   * @param readyOnCurrentRevision whether the pod is Ready on the StatefulSet's current revision
   */
  public static List<StartStep> next(WorkspaceStatus previous, Long generation, boolean stopped, Facts facts,
      boolean readyOnCurrentRevision, Instant observedAt) {
    Instant now = observedAt.truncatedTo(ChronoUnit.MILLIS);
    if (stopped) {
      return null;
    }
    List<StartStep> before = previous.getStartTimeline() == null ? List.of() : previous.getStartTimeline();
    boolean specChanged = previous.getObservedGeneration() != null
        && !previous.getObservedGeneration().equals(generation);
    List<StartStep> steps = new ArrayList<>();
    if (specChanged && !readyOnCurrentRevision) {
      steps.add(new StartStep(Name.Accepted, now.toString(), 0.0));
    } else if (!before.isEmpty()) {
      steps.addAll(copy(before));
    } else if (previous.getPhase() == WorkspacePhase.Running) {
      return null;
    } else {
      steps.add(new StartStep(Name.Accepted, now.toString(), 0.0));
    }
    Instant origin = Instant.parse(steps.get(0).getAt());
    // A pod created before the start (the old revision's, during a rollout) says nothing about this start.
    boolean podOfThisStart = facts.podCreated() != null
        && !facts.podCreated().isBefore(origin.truncatedTo(ChronoUnit.SECONDS));
    Name[] names = Name.values();
    for (int i = steps.size(); i < names.length; i++) {
      Instant fact = fact(names[i], facts, podOfThisStart, now);
      if (fact == null) {
        break;
      }
      Instant last = Instant.parse(steps.get(steps.size() - 1).getAt());
      Instant at = fact.isBefore(last) ? last : fact;
      steps.add(new StartStep(names[i], at.toString(), seconds(Duration.between(last, at))));
    }
    return steps;
  }

  /**
   * The steps that wait in one of the cluster's own queues, shared by every workspace: the PV controller binds one
   * claim after another, the scheduler places one pod after another. While another workspace reaches such a step, a
   * start waiting for it is waiting its turn, not hung.
   */
  static final Set<Name> QUEUED_STEPS = Collections.unmodifiableSet(EnumSet.of(Name.VolumeBound, Name.Scheduled));

  /**
   * When any workspace's start last reached each step, as this operator saw it (an input of the pure functions
   * here; {@link StartProgress} keeps it).
   */
  public record Progress(Map<Name, Instant> lastReached) {

    /** No progress known. */
    public static Progress none() {
      return new Progress(Map.of());
    }

    Optional<Instant> of(Name step) {
      return Optional.ofNullable(lastReached.get(step));
    }
  }

  /**
   * The current start as an observation shows it (pure; the status aggregator and the desired state both ask it, so
   * the StatefulSet is scaled to 0 exactly when the status says the start failed).
   *
   * @param timeline the steps reached (see {@link #next}); null while stopped or queued
   * @param deadlineExceeded the start is past its class's deadline, not Ready, and made no progress within the
   *     window (see {@link #failsAt}): it failed, its pod is stopped, and it stays failed (and its timeline as it was
   *     then) until a new start: stop and start, or a spec change
   * @param overdue why a start past its deadline has not failed (it is still progressing), in words; null when it is
   *     not past its deadline, is Ready, or failed
   */
  public record Start(List<StartStep> timeline, boolean deadlineExceeded, String overdue) {}

  /**
   * The current start of an observed workspace. A failure is kept while the status records it for this start (the
   * same Accepted step): a restarted operator, or a class whose deadline changed meanwhile, does not revive it.
   *
   * @param notStarting stopped, queued, or an invalid spec: no start is under way
   */
  static Start current(WorkspaceObservation o, boolean notStarting) {
    WorkspaceStatus previous = o.workspace().getStatus() == null ? new WorkspaceStatus() : o.workspace().getStatus();
    WorkspaceClassSpec cls = o.workspaceClass() == null ? null : o.workspaceClass().getSpec();
    Facts facts = Facts.of(o);
    boolean podReady = WorkspaceStatusAggregator.podReady(o);
    List<StartStep> timeline = next(previous, o.workspace().getMetadata().getGeneration(), notStarting, facts,
        podReady, o.now());
    if (timeline == null || notStarting) {
      return new Start(timeline, false, null);
    }
    if (failedBefore(previous) && previous.getStartTimeline().get(0).equals(timeline.get(0))) {
      return new Start(copy(previous.getStartTimeline()), true, null);
    }
    boolean past = !podReady && deadlineAt(timeline, cls).filter(at -> !o.now().isBefore(at)).isPresent();
    if (!past) {
      return new Start(timeline, false, null);
    }
    Instant failsAt = failsAt(timeline, cls, o.progress()).orElseThrow();
    return o.now().isBefore(failsAt) ? new Start(timeline, false, overdue(timeline, cls, failsAt))
        : new Start(timeline, true, null);
  }

  /** Whether a status records a start that failed its deadline (the failure of its current start). */
  static boolean failedBefore(WorkspaceStatus status) {
    return StartDeadline.recorded(status);
  }

  private static Instant fact(Name step, Facts f, boolean podOfThisStart, Instant now) {
    return switch (step) {
      case Accepted -> null;
      case VolumeBound -> f.volumeBound() ? now : null;
      case Scheduled -> podOfThisStart ? f.scheduled() : null;
      // The kubelet's Pulled event; at the latest when the container started (it cannot start without its image).
      // The kubelet records its events apart from the pod's status, so an image ID can be seen before its event can
      // be read: without the event the step waits (the pod's next change, or the re-check, reads it again), and once
      // the container has started without one, the image was there when it started.
      case ImagePulled -> !podOfThisStart ? null
          : f.imagePulled() && f.pulledEvent() != null
              ? (f.containerStarted() == null ? f.pulledEvent() : min(f.pulledEvent(), f.containerStarted()))
          : f.containerStarted();
      case ContainerStarted -> podOfThisStart ? f.containerStarted() : null;
      case Ready -> podOfThisStart ? f.ready() : null;
    };
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  private static double seconds(Duration d) {
    return d.toMillis() / 1000.0;
  }

  /** The class's start deadline; empty when it sets none (or 0s). */
  public static Optional<Duration> deadline(WorkspaceClassSpec cls) {
    Duration d = cls == null ? null : IdleTimer.parse(cls.getStartDeadline());
    return d == null || d.isZero() ? Optional.empty() : Optional.of(d);
  }

  /**
   * The start's deadline: its Accepted step plus the class's deadline; empty when it is done (Ready), or has no
   * deadline. Past it, a start that is not Ready fails unless it is still progressing (see {@link #failsAt}).
   */
  public static Optional<Instant> deadlineAt(List<StartStep> timeline, WorkspaceClassSpec cls) {
    if (timeline == null || timeline.isEmpty() || hung(timeline).isEmpty()) {
      return Optional.empty();
    }
    return deadline(cls).map(d -> Instant.parse(timeline.get(0).getAt()).plus(d));
  }

  /**
   * When the current start fails unless it is Ready or progresses by then: its deadline, or later while it moves on.
   * Progress is the start's own last step, or, while it waits for a step of the cluster's queues ({@link
   * #QUEUED_STEPS}), another workspace's start reaching that step; either keeps it from failing for the progress
   * window ({@link StartDeadline#window}) after it. A start that waits its turn in a burst, behind thousands of claims
   * the PV controller binds one by one, is not hung; one whose step no workspace reached for the window is. Empty
   * when the start is done or has no deadline.
   */
  public static Optional<Instant> failsAt(List<StartStep> timeline, WorkspaceClassSpec cls, Progress progress) {
    Optional<Instant> deadlineAt = deadlineAt(timeline, cls);
    if (deadlineAt.isEmpty()) {
      return deadlineAt;
    }
    Duration window = StartDeadline.window(deadline(cls).orElseThrow());
    Instant at = max(deadlineAt.get(), ownProgress(timeline).plus(window));
    Name awaited = hung(timeline).orElseThrow();
    Optional<Instant> others = QUEUED_STEPS.contains(awaited) ? progress.of(awaited) : Optional.empty();
    return Optional.of(others.map(t -> max(at, t.plus(window))).orElse(at));
  }

  /**
   * Why a start past its deadline has not failed yet, in words: {@code failsAt} (see {@link #failsAt}) is later than its
   * deadline, so it is its own last step's window, or, when later still, the cluster's progress on the awaited step.
   */
  private static String overdue(List<StartStep> timeline, WorkspaceClassSpec cls, Instant failsAt) {
    Duration window = StartDeadline.window(deadline(cls).orElseThrow());
    Name awaited = hung(timeline).orElseThrow();
    String why = !failsAt.isAfter(ownProgress(timeline).plus(window))
        ? "it is still progressing (its last step, " + last(timeline).getStep() + ", is recent)"
        : awaited == Name.VolumeBound ? "the cluster is still binding other workspaces' volumes"
        : "the scheduler is still placing other workspaces' pods";
    return "the start is past its " + cls.getStartDeadline() + " deadline and is not failed while " + why
        + "; it fails when nothing moves for " + human(window);
  }

  private static Instant ownProgress(List<StartStep> timeline) {
    return Instant.parse(last(timeline).getAt());
  }

  private static StartStep last(List<StartStep> timeline) {
    return timeline.get(timeline.size() - 1);
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private static String human(Duration d) {
    return d.toSecondsPart() == 0 && d.toMinutes() > 0 ? d.toMinutes() + "m" : d.toSeconds() + "s";
  }

  /** The step the start waits for: the first one not reached; empty when Ready. */
  public static Optional<Name> hung(List<StartStep> timeline) {
    int reached = timeline == null ? 0 : timeline.size();
    return reached >= Name.values().length ? Optional.empty() : Optional.of(Name.values()[reached]);
  }

  /** The step that hung, in words. */
  public static String describe(Name step) {
    return switch (step) {
      case Accepted -> "the start was never accepted";
      case VolumeBound -> "the home volume was never bound";
      case Scheduled -> "the pod was never scheduled to a node";
      case ImagePulled -> "the image was never pulled";
      case ContainerStarted -> "the container never started";
      case Ready -> "the workspace never became ready";
    };
  }
}
