package io.air9.platform.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When a running workspace will be stopped, and why (pure): the earliest of its idle deadline ({@link IdleTimer},
 * extended by keep-alive), the class's hard maximum runtime and, for a workspace that asks for GPUs, the class's GPU
 * lease, both counted from the current start. The one computation of {@code status.cullAt}: the operator's status
 * aggregator and culler and the API's fit check ("fits when bob's workspace is culled in 37 min") and keep-alive all
 * call it.
 *
 * <p>Keep-alive: the annotation {@value Air9#ANNOTATION_KEEP_ALIVE_UNTIL} moves the idle deadline to its time, but
 * at most {@code culling.maxKeepAlive} beyond the idle deadline without it (last activity plus the idle timeout), so
 * repeated keep-alives without activity stay bounded, and never past maxRuntime or the GPU lease. A class without
 * maxKeepAlive offers no keep-alive: the annotation is ignored.
 */
public final class CullSchedule {

  /** Why a workspace is stopped; the value of {@code status.cullReason}. */
  public enum Reason {
    /** No activity for the idle timeout (or past a keep-alive). */
    Idle,
    /** The class's hard maximum runtime since the current start. */
    MaxRuntime,
    /** The end of the class's GPU lease for a workspace with GPUs. */
    GpuLease
  }

  /**
   * The next stop of a workspace.
   *
   * @param at when it is stopped
   * @param reason why
   * @param warnAt from when its users are warned ({@code at} minus culling.warnBefore); null when the class warns not
   */
  public record Cull(Instant at, Reason reason, Instant warnAt) {

    /** Whether users are warned at {@code now}: the warning window has begun. */
    public boolean warning(Instant now) {
      return warnAt != null && !now.isBefore(warnAt);
    }

    /** Whether keep-alive can move this stop (only an idle stop moves). */
    public boolean extendable() {
      return reason == Reason.Idle;
    }
  }

  private CullSchedule() {}

  /**
   * The next stop of a workspace; empty when it is not running (or meant to stop) or nothing would ever stop it.
   *
   * @param running whether the workspace runs (phase Running); only a running workspace has a schedule
   */
  public static Optional<Cull> next(Workspace ws, WorkspaceClassSpec cls, boolean running) {
    Optional<Cull> hard = hardStop(ws, cls, running);
    Optional<Instant> idle = idleDeadline(ws, cls, running);
    Optional<Cull> earliest = idle.isPresent() && (hard.isEmpty() || idle.get().isBefore(hard.get().at()))
        ? Optional.of(new Cull(idle.get(), Reason.Idle, null)) : hard;
    return earliest.map(c -> new Cull(c.at(), c.reason(), warnAt(c.at(), cls)));
  }

  /** The idle deadline, extended by a keep-alive within its bounds; empty without idle culling. */
  public static Optional<Instant> idleDeadline(Workspace ws, WorkspaceClassSpec cls, boolean running) {
    Optional<Instant> base = IdleTimer.deadline(ws, cls, running);
    Instant asked = IdleTimer.parseTime(annotation(ws, Air9.ANNOTATION_KEEP_ALIVE_UNTIL));
    Optional<Duration> max = maxKeepAlive(cls);
    if (base.isEmpty() || asked == null || max.isEmpty() || !asked.isAfter(base.get())) {
      return base;
    }
    Instant limit = base.get().plus(max.get());
    return Optional.of(asked.isBefore(limit) ? asked : limit);
  }

  /**
   * The latest time a keep-alive can move the idle deadline to: the idle deadline without keep-alive plus
   * culling.maxKeepAlive, but not past the hard stop; empty when the class offers no keep-alive or the workspace has
   * no idle deadline.
   */
  public static Optional<Instant> keepAliveLimit(Workspace ws, WorkspaceClassSpec cls, boolean running) {
    Optional<Instant> base = IdleTimer.deadline(ws, cls, running);
    Optional<Duration> max = maxKeepAlive(cls);
    if (base.isEmpty() || max.isEmpty()) {
      return Optional.empty();
    }
    Instant limit = base.get().plus(max.get());
    return Optional.of(hardStop(ws, cls, running).map(Cull::at).filter(h -> h.isBefore(limit)).orElse(limit));
  }

  /** The class's longest keep-alive; empty when it offers none. */
  public static Optional<Duration> maxKeepAlive(WorkspaceClassSpec cls) {
    return duration(cls == null || cls.getCulling() == null ? null : cls.getCulling().getMaxKeepAlive());
  }

  /** GPUs the workspace asks for: its own, else the class default. */
  public static int gpus(Workspace ws, WorkspaceClassSpec cls) {
    Integer own = ws.getSpec().getResources() == null ? null : ws.getSpec().getResources().getGpu();
    Integer dflt = cls == null || cls.getDefaultResources() == null ? null : cls.getDefaultResources().getGpu();
    Integer gpus = own != null ? own : dflt;
    return gpus == null ? 0 : gpus;
  }

  /** The earlier of the maximum runtime and the GPU lease, from the current start. */
  private static Optional<Cull> hardStop(Workspace ws, WorkspaceClassSpec cls, boolean running) {
    Instant started = ws.getStatus() == null ? null : IdleTimer.parseTime(ws.getStatus().getStartedAt());
    if (!running || ws.getSpec().isStopped() || started == null || cls == null || cls.getCulling() == null) {
      return Optional.empty();
    }
    Optional<Cull> runtime = duration(cls.getCulling().getMaxRuntime())
        .map(d -> new Cull(started.plus(d), Reason.MaxRuntime, null));
    Optional<Cull> lease = gpus(ws, cls) > 0
        ? duration(cls.getCulling().getGpuLease()).map(d -> new Cull(started.plus(d), Reason.GpuLease, null))
        : Optional.empty();
    if (runtime.isPresent() && lease.isPresent()) {
      return lease.get().at().isBefore(runtime.get().at()) ? lease : runtime;
    }
    return runtime.or(() -> lease);
  }

  private static Instant warnAt(Instant at, WorkspaceClassSpec cls) {
    return duration(cls == null || cls.getCulling() == null ? null : cls.getCulling().getWarnBefore())
        .map(at::minus).orElse(null);
  }

  /** A positive duration; empty when unset, unparseable or zero. */
  private static Optional<Duration> duration(String raw) {
    Duration d = IdleTimer.parse(raw);
    return d == null || d.isZero() ? Optional.empty() : Optional.of(d);
  }

  private static String annotation(Workspace ws, String key) {
    return ws.getMetadata().getAnnotations() == null ? null : ws.getMetadata().getAnnotations().get(key);
  }
}
