package io.air9.platform.operator.workspace;

import io.air9.platform.model.StartStep;
import io.air9.platform.model.StartStep.Name;
import io.air9.platform.model.Workspace;
import io.air9.platform.model.WorkspaceStatus;
import io.air9.platform.operator.common.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Minimal status writes: which status a reconcile compares with, and when a changed status is written.
 *
 * <ul>
 *   <li><b>The status this operator wrote</b> ({@link #current}). JOSDK's status patch keeps no answer, and a reconcile
 *       that follows at once (a pod event came meanwhile) reads the workspace from the watch before that write: it
 *       computed the same change again with new transition times (Ready, Scheduled, startedAt, cullAt, and the
 *       first-seen times of Accepted and VolumeBound) and wrote it, and its Ready Event, a second time. Until the
 *       cached workspace shows the status last written (the watch delivered that write; an earlier write of the same
 *       start may come first), the reconcile reads the status written instead, for at most {@link #REMEMBER}. The
 *       cache itself is not touched (the reconcile order ranks by what it holds).
 *   <li><b>Start steps wait for the next change</b> ({@link #holdFor}). A status that differs from the written one
 *       only by start steps reached on the pod (Scheduled, ImagePulled, ContainerStarted) and the Scheduled condition
 *       moving on (the pod created, then placed) is written {@link #HOLD} after this operator first saw it, together
 *       with what comes meanwhile (in a burst: Running); anything a user or a controller waits for (phase, Ready,
 *       Degraded, storage, observedGeneration, an error, the queue, the cull schedule, the first-seen steps Accepted
 *       and VolumeBound) is written at once. A held step keeps its time: it is the pod's own.
 * </ul>
 *
 * <p>Both live in memory only: a new operator compares with the cluster (a duplicate write at worst) and holds a
 * change at most {@link #HOLD} again.
 */
final class StatusWrites {

  /** How long a change of start steps alone waits for the next change before it is written. */
  static final Duration HOLD = Duration.ofMillis(1500);
  /** How long a write is remembered at most while the watch has not delivered it (then: the cache, as before). */
  static final Duration REMEMBER = Duration.ofSeconds(30);
  /** Steps whose times are the pod's own: held, they are the same when written. */
  static final Set<Name> HELD_STEPS = EnumSet.of(Name.Scheduled, Name.ImagePulled, Name.ContainerStarted);
  /** Reasons of a Scheduled condition on the way: the pod not yet created, created and not yet placed, placed. */
  private static final Set<String> SCHEDULING_ON_THE_WAY = Set.of("PodNotCreated", "Pending", "Scheduled");

  /**
   * What is remembered of one workspace: the status this operator last wrote and when ({@code written} null: none),
   * and since when a change of start steps alone is held ({@code heldSince} null: none).
   */
  private record Memory(WorkspaceStatus written, Instant writtenAt, Instant heldSince) {

    /** A memory, or null (none kept) when it holds nothing. */
    static Memory of(WorkspaceStatus written, Instant writtenAt, Instant heldSince) {
      return written == null && heldSince == null ? null : new Memory(written, writtenAt, heldSince);
    }

    /** The same write, held since {@code since} (null: not held). */
    Memory withHold(Instant since) {
      return of(written, writtenAt, since);
    }

    /** The same hold, no write to compare with. */
    Memory withoutWrite() {
      return of(null, null, heldSince);
    }

    /** Whether all it holds is older than {@code before}: a write no longer compared with, a hold long due. */
    boolean olderThan(Instant before) {
      return (writtenAt == null || writtenAt.isBefore(before)) && (heldSince == null || heldSince.isBefore(before));
    }
  }

  /** By uid. A workspace's reconciles run one at a time (JOSDK), so only the sweep meets them here. */
  private final Map<String, Memory> memory = new ConcurrentHashMap<>();
  private volatile Instant nextSweep = Instant.MIN;

  /**
   * The workspace to reconcile: the cached one, or, while the cache does not show the status this operator last
   * wrote (the watch has not delivered that write yet) and for at most {@link #REMEMBER}, the cached one with the
   * status written.
   */
  Workspace current(Workspace ws, Instant now) {
    String uid = ws.getMetadata().getUid();
    Memory m = uid == null ? null : memory.get(uid);
    if (m == null || m.written() == null) {
      return ws;
    }
    if (!Objects.equals(m.written(), ws.getStatus()) && now.isBefore(m.writtenAt().plus(REMEMBER))) {
      return ws.withStatus(m.written());
    }
    memory.computeIfPresent(uid, (u, x) -> x.withoutWrite());
    return ws;
  }

  /**
   * A status write of {@code ws} (as given to the reconcile) is returned to JOSDK: remembered, and any hold ended.
   * At most once per {@link #REMEMBER}, what is older than that is forgotten: so are deleted workspaces.
   */
  void wrote(Workspace ws, WorkspaceStatus status, Instant now) {
    String uid = ws.getMetadata().getUid();
    if (uid == null) {
      return;
    }
    memory.put(uid, new Memory(status, now, null));
    if (now.isAfter(nextSweep)) {
      nextSweep = now.plus(REMEMBER);
      Instant before = now.minus(REMEMBER);
      memory.values().removeIf(x -> x.olderThan(before));
    }
  }

  /** A reconcile failed (also its status write, maybe): compare with the cluster again. */
  void forget(Workspace ws) {
    String uid = ws.getMetadata().getUid();
    if (uid != null) {
      memory.remove(uid);
    }
  }

  /** How many workspaces are remembered. */
  int remembered() {
    return memory.size();
  }

  /**
   * How long the status {@code next} of {@code ws} (the {@link #current} one) waits before it is written; empty:
   * write it now (or nothing to write).
   */
  Optional<Duration> hold(Workspace ws, WorkspaceStatus next, Instant now) {
    String uid = ws.getMetadata().getUid();
    if (uid == null) {
      return Optional.empty();
    }
    if (!onlyStepsAhead(ws.getStatus(), next)) {
      memory.computeIfPresent(uid, (u, x) -> x.withHold(null));
      return Optional.empty();
    }
    Memory m = memory.compute(uid, (u, x) -> x == null ? Memory.of(null, null, now)
        : x.heldSince() == null ? x.withHold(now) : x);
    Optional<Duration> hold = holdFor(m.heldSince(), now);
    if (hold.isEmpty()) {
      memory.computeIfPresent(uid, (u, x) -> x.withHold(null));
    }
    return hold;
  }

  /** How long a change first held at {@code since} still waits at {@code now} (pure); empty once due. */
  static Optional<Duration> holdFor(Instant since, Instant now) {
    Instant due = since.plus(HOLD);
    return now.isBefore(due) ? Optional.of(Duration.between(now, due)) : Optional.empty();
  }

  /**
   * Whether {@code next} differs from the status {@code written} only by start steps of the pod added to its
   * timeline ({@link #HELD_STEPS}) and its Scheduled condition moving on (pod created, pod placed), all else equal:
   * the same phase, observedGeneration, Ready, StorageReady and Degraded conditions, url, image, storage, start,
   * activity, queue and cull schedule (pure). False when they are equal (nothing to write) or when nothing was
   * written yet.
   */
  static boolean onlyStepsAhead(WorkspaceStatus written, WorkspaceStatus next) {
    if (written == null || written.getPhase() == null || next == null || Objects.equals(written, next)) {
      return false;
    }
    return stepsAhead(written.getStartTimeline(), next.getStartTimeline())
        && conditionsAhead(written.getConditions(), next.getConditions())
        && Objects.equals(written.getObservedGeneration(), next.getObservedGeneration())
        && written.getPhase() == next.getPhase()
        && Objects.equals(written.getUrl(), next.getUrl())
        && Objects.equals(written.getImage(), next.getImage())
        && Objects.equals(written.getStorage(), next.getStorage())
        && Objects.equals(written.getStartedAt(), next.getStartedAt())
        && Objects.equals(written.getLastActivity(), next.getLastActivity())
        && Objects.equals(written.getQueuePosition(), next.getQueuePosition())
        && Objects.equals(written.getQueuedAt(), next.getQueuedAt())
        && Objects.equals(written.getCullAt(), next.getCullAt())
        && Objects.equals(written.getCullReason(), next.getCullReason())
        && Objects.equals(written.getCullWarning(), next.getCullWarning());
  }

  /** The written timeline is kept as it is, and only pod steps follow it (none of them first-seen times). */
  private static boolean stepsAhead(List<StartStep> written, List<StartStep> next) {
    if (written == null || written.isEmpty() || next == null || next.size() < written.size()
        || !next.subList(0, written.size()).equals(written)) {
      return false;
    }
    return next.subList(written.size(), next.size()).stream().allMatch(s -> HELD_STEPS.contains(s.getStep()));
  }

  /** The same conditions but Scheduled, which may only move on: pod created, then placed on a node. */
  private static boolean conditionsAhead(List<Condition> written, List<Condition> next) {
    if (written == null || next == null || written.size() != next.size()) {
      return false;
    }
    for (int i = 0; i < written.size(); i++) {
      Condition w = written.get(i);
      Condition n = next.get(i);
      if (w.equals(n)) {
        continue;
      }
      boolean schedulingMovedOn = WorkspaceStatusAggregator.SCHEDULED.equals(w.getType())
          && w.getType().equals(n.getType()) && Conditions.FALSE.equals(w.getStatus())
          && SCHEDULING_ON_THE_WAY.contains(w.getReason()) && SCHEDULING_ON_THE_WAY.contains(n.getReason())
          && !"PodNotCreated".equals(n.getReason());
      if (!schedulingMovedOn) {
        return false;
      }
    }
    return true;
  }
}
