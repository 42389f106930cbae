package io.air9.platform.operator.workspace;

import io.air9.platform.model.WorkspacePhase;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import io.air9.platform.model.Workspace;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Workspace metrics: workspaces by phase (gauge), time from creation to first Ready (histogram), each step of a start
 * by class (histogram), starts past their deadline (counter), culls (counter).
 * Reconciles and errors come from JOSDK's Micrometer support.
 */
public final class WorkspaceMetrics {

  private volatile Supplier<Stream<Workspace>> workspaces = Stream::empty;
  /** The uids of workspaces seen Running by this process, forgotten once they are deleted. */
  private final Set<String> readyRecorded = ConcurrentHashMap.newKeySet();
  static final int FORGET_FLOOR = 1024;
  private volatile int forgetAt = FORGET_FLOOR;
  private final Timer timeToReady;
  private final Counter culls;
  private final MeterRegistry registry;

  public WorkspaceMetrics(MeterRegistry registry) {
    this.registry = registry == null ? new SimpleMeterRegistry() : registry;
    for (WorkspacePhase p : WorkspacePhase.values()) {
      Gauge.builder("air9.workspaces", this, m -> m.workspaces.get()
              .filter(w -> w.getStatus() != null && w.getStatus().getPhase() == p).count())
          .tag("phase", p.name()).description("Workspaces by phase").register(this.registry);
    }
    timeToReady = Timer.builder("air9.workspace.time.to.ready")
        .description("Time from a workspace's creation to its first Ready")
        .publishPercentileHistogram()
        .register(this.registry);
    culls = Counter.builder("air9.workspace.culls").description("Idle workspaces stopped").register(this.registry);
  }

  /** Where the by-phase gauge counts: the operator's cache of workspaces. */
  public void countPhasesOf(Supplier<Stream<Workspace>> source) {
    this.workspaces = source;
  }

  /**
   * A status computed for a workspace: the first time this process sees it Running, and only if it has just become
   * Running (its stored status is not), records the time from its creation to now (by uid, so a re-created workspace
   * counts again). A workspace already Running when this process first sees it (an operator restart, a new leader)
   * did not become Ready now: it is remembered, not counted. The uids remembered are bounded: when they reach twice
   * the workspaces in the cache (at least {@value #FORGET_FLOOR}), those no longer in the cache (deleted) are
   * forgotten.
   */
  void ready(Workspace ws, WorkspacePhase phase, Instant now) {
    if (phase != WorkspacePhase.Running || !readyRecorded.add(ws.getMetadata().getUid())) {
      return;
    }
    boolean becameRunning = ws.getStatus() == null || ws.getStatus().getPhase() != WorkspacePhase.Running;
    if (becameRunning && ws.getMetadata().getCreationTimestamp() != null) {
      timeToReady.record(Duration.between(Instant.parse(ws.getMetadata().getCreationTimestamp()), now));
    }
    if (readyRecorded.size() >= forgetAt) {
      readyRecorded.retainAll(workspaces.get().map(w -> w.getMetadata().getUid()).collect(Collectors.toSet()));
      forgetAt = Math.max(FORGET_FLOOR, 2 * readyRecorded.size());
    }
  }

  /** How many workspaces' first Ready is remembered. */
  int remembered() {
    return readyRecorded.size();
  }

  /** How long one step of a start took (air9_workspace_start_step_seconds{step,class}). */
  public void startStep(String step, String workspaceClass, Duration took) {
    Timer.builder("air9.workspace.start.step")
        .description("How long each step of a workspace start took, from the step before")
        .tag("step", step).tag("class", workspaceClass)
        .publishPercentileHistogram()
        .register(registry)
        .record(took);
  }

  /** A start that failed at its class's start deadline, by the step it hung in. */
  public void startDeadlineExceeded(String step, String workspaceClass) {
    Counter.builder("air9.workspace.start.deadline.exceeded")
        .description("Starts that failed at their class's start deadline, by the step that hung")
        .tag("step", step).tag("class", workspaceClass)
        .register(registry)
        .increment();
  }

  public void culled() {
    culls.increment();
  }

  public MeterRegistry registry() {
    return registry;
  }
}
