package io.air9.platform.operator.workspace;

import io.air9.platform.model.WorkspacePhase;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import io.air9.platform.model.Workspace;
import java.util.function.Supplier;
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
  private final Set<String> readyRecorded = ConcurrentHashMap.newKeySet();
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

  /** Records the first Ready of a workspace seen by this process (by uid, so a re-created workspace counts again). */
  public void firstReady(String uid, Duration sinceCreation) {
    if (readyRecorded.add(uid)) {
      timeToReady.record(sinceCreation);
    }
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
