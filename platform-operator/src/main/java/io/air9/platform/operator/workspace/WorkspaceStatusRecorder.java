package io.air9.platform.operator.workspace;

import io.air9.platform.model.Air9;
import io.air9.platform.model.CullSchedule;
import io.air9.platform.model.StartStep;
import io.air9.platform.model.Workspace;
import io.air9.platform.model.WorkspaceClass;
import io.air9.platform.model.WorkspaceClassSpec;
import io.air9.platform.model.WorkspaceSpec;
import io.air9.platform.model.WorkspaceStatus;
import io.air9.platform.operator.common.Conditions;
import io.air9.platform.operator.common.EventRecorder;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Step 4 of a reconcile: the status from the {@link WorkspaceStatusAggregator} (the only place that computes it),
 * an Event when the Degraded reason changes, the workspace becomes Ready or a cull warning begins, the time-to-ready
 * metric, and a status patch only when the status changed (server-side apply of a fresh object holding only the
 * status), compared with the status this operator last wrote and held briefly when only start steps moved on
 * ({@link StatusWrites}). Events and metrics go with the status written: a held change records nothing until it is
 * written.
 */
final class WorkspaceStatusRecorder {

  /** Event reason of the warning ahead of a cull. */
  static final String REASON_CULL_WARNING = "CullWarning";

  private final WorkspaceMetrics metrics;
  private final StartProgress progress;
  private final StatusWrites writes = new StatusWrites();

  /** The status of a reconcile, and how long it waits before it is written (empty: written now, if it changed). */
  record Recorded(WorkspaceStatus status, Optional<Duration> hold) {}

  WorkspaceStatusRecorder(WorkspaceMetrics metrics, StartProgress progress) {
    this.metrics = metrics;
    this.progress = progress;
  }

  /** The workspace to reconcile, with the status this operator last wrote ({@link StatusWrites#current}). */
  Workspace current(Workspace ws, Instant now) {
    return writes.current(ws, now);
  }

  /** The status of a reconcile of the {@link #current} workspace, held while only start steps moved on. */
  Recorded record(WorkspaceObservation observed, Context<Workspace> context) {
    WorkspaceStatus status = WorkspaceStatusAggregator.aggregate(observed);
    Optional<Duration> hold = writes.hold(observed.workspace(), status, observed.now());
    if (hold.isEmpty()) {
      recordWritten(observed, status, context);
    }
    return new Recorded(status, hold);
  }

  /** The status of a failed reconcile of the cached workspace: never held, compared with the cluster's. */
  WorkspaceStatus recordError(WorkspaceObservation observed, Context<Workspace> context) {
    writes.forget(observed.workspace());
    WorkspaceStatus status = WorkspaceStatusAggregator.aggregate(observed);
    recordWritten(observed, status, context);
    return status;
  }

  /** Events and metrics of a status about to be written. */
  private void recordWritten(WorkspaceObservation observed, WorkspaceStatus status, Context<Workspace> context) {
    Workspace ws = observed.workspace();
    EventRecorder events = new EventRecorder(context.getClient());
    emitEvents(events, ws, status);
    warnOfCull(events, ws, status, observed.workspaceClass());
    recordStartSteps(ws, status);
    metrics.ready(ws, status.getPhase(), observed.now());
  }

  /**
   * Each start step reached since the last status, into its histogram (Accepted, the origin, takes no time); a start
   * that just failed at its deadline, into the counter by the step that hung; the steps reached, into the progress of
   * every start ({@link StartProgress}).
   */
  private void recordStartSteps(Workspace ws, WorkspaceStatus status) {
    WorkspaceStatus previous = ws.getStatus() == null ? new WorkspaceStatus() : ws.getStatus();
    List<StartStep> before = previous.getStartTimeline() == null ? List.of() : previous.getStartTimeline();
    List<StartStep> now = status.getStartTimeline() == null ? List.of() : status.getStartTimeline();
    String cls = ws.getSpec().getWorkspaceClass();
    progress.reached(before, now);
    for (StartStep step : now) {
      if (step.getStep() != StartStep.Name.Accepted && !before.contains(step)) {
        metrics.startStep(step.getStep().name(), cls, Duration.ofMillis(Math.round(step.getSeconds() * 1000)));
      }
    }
    String deadline = WorkspaceStatusAggregator.REASON_START_DEADLINE_EXCEEDED;
    if (Conditions.find(status.getConditions(), WorkspaceStatusAggregator.READY)
            .filter(c -> deadline.equals(c.getReason())).isPresent()
        && Conditions.find(previous.getConditions(), WorkspaceStatusAggregator.READY)
            .filter(c -> deadline.equals(c.getReason())).isEmpty()) {
      metrics.startDeadlineExceeded(StartTimeline.hung(now).map(Enum::name).orElse("Ready"), cls);
    }
  }

  /**
   * The control of a reconcile of the {@link #current} workspace: patch the status if it changed and is not held,
   * look again after {@code next}, or when the hold ends if that is sooner.
   */
  UpdateControl<Workspace> update(Workspace ws, Recorded recorded, Optional<Duration> next, Instant now) {
    UpdateControl<Workspace> control;
    if (recorded.hold().isPresent() || Objects.equals(recorded.status(), ws.getStatus())) {
      control = UpdateControl.noUpdate();
    } else {
      control = UpdateControl.patchStatus(statusOnly(ws, recorded.status()));
      writes.wrote(ws, recorded.status(), now);
    }
    earliest(recorded.hold(), next).ifPresent(control::rescheduleAfter);
    return control;
  }

  /** The sooner of two delays, either of which may be absent. */
  static Optional<Duration> earliest(Optional<Duration> a, Optional<Duration> b) {
    if (a.isEmpty() || b.isEmpty()) {
      return a.isEmpty() ? b : a;
    }
    return a.get().compareTo(b.get()) <= 0 ? a : b;
  }

  /** The control of a failed reconcile (JOSDK retries it): patch the status if it changed. */
  static ErrorStatusUpdateControl<Workspace> errorUpdate(Workspace ws, WorkspaceStatus status) {
    return Objects.equals(status, ws.getStatus())
        ? ErrorStatusUpdateControl.noStatusUpdate() : ErrorStatusUpdateControl.patchStatus(statusOnly(ws, status));
  }

  /** One Event per change of the Degraded reason (and on Ready), so hanging starts explain themselves. */
  private static void emitEvents(EventRecorder events, Workspace ws, WorkspaceStatus status) {
    List<Condition> prev = ws.getStatus() == null ? List.of() : ws.getStatus().getConditions();
    Condition degraded = Conditions.find(status.getConditions(), WorkspaceStatusAggregator.DEGRADED).orElseThrow();
    Optional<Condition> before = Conditions.find(prev, WorkspaceStatusAggregator.DEGRADED);
    boolean changed = before.map(b -> !Objects.equals(b.getReason(), degraded.getReason())
        || !Objects.equals(b.getStatus(), degraded.getStatus())).orElse(true);
    if (changed && Conditions.TRUE.equals(degraded.getStatus())) {
      events.warning(ws, degraded.getReason(), degraded.getMessage());
    }
    if (Conditions.isTrue(status.getConditions(), WorkspaceStatusAggregator.READY)
        && !Conditions.isTrue(prev, WorkspaceStatusAggregator.READY)) {
      events.normal(ws, "Ready", "workspace is ready");
    }
  }

  /** The CullWarning Event, when {@link #cullWarning} says one is due. */
  private static void warnOfCull(EventRecorder events, Workspace ws, WorkspaceStatus status, WorkspaceClass wsc) {
    cullWarning(ws, status, wsc == null ? null : wsc.getSpec())
        .ifPresent(message -> events.warning(ws, REASON_CULL_WARNING, message));
  }

  /**
   * The message of a CullWarning Event when one is due (pure): once when the warning window of a deadline begins
   * (status.cullWarning turns true), and again only if the reason of the coming stop changes within it. The status
   * remembers that it was sent, so an operator restart sends no second one.
   */
  static Optional<String> cullWarning(Workspace ws, WorkspaceStatus status, WorkspaceClassSpec cls) {
    WorkspaceStatus prev = ws.getStatus();
    boolean sent = prev != null && Boolean.TRUE.equals(prev.getCullWarning())
        && Objects.equals(prev.getCullReason(), status.getCullReason());
    if (!Boolean.TRUE.equals(status.getCullWarning()) || cls == null || sent) {
      return Optional.empty();
    }
    CullSchedule.Cull cull = new CullSchedule.Cull(Instant.parse(status.getCullAt()),
        CullSchedule.Reason.valueOf(status.getCullReason()), null);
    return Optional.of("will be stopped at " + status.getCullAt() + " " + WorkspaceCuller.why(ws, cull, cls)
        + (cull.extendable()
            ? "; use it or keep it alive (the dashboard's Keep alive, or the annotation "
                + Air9.ANNOTATION_KEEP_ALIVE_UNTIL + ")"
            : "; keep-alive cannot extend this, save your work"));
  }

  /** A fresh object with only identity and status: server-side apply then owns exactly the status. */
  private static Workspace statusOnly(Workspace ws, WorkspaceStatus status) {
    Workspace fresh = ws.withStatus(status); // no constructor: Workspace#withStatus
    fresh.setSpec(new WorkspaceSpec());
    fresh.setMetadata(new ObjectMetaBuilder().withName(ws.getMetadata().getName())
        .withNamespace(ws.getMetadata().getNamespace()).build());
    return fresh;
  }
}
