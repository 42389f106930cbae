package io.air9.platform.operator.workspace;

import io.air9.platform.model.CullSchedule;
import io.air9.platform.model.CullSchedule.Cull;
import io.air9.platform.model.Workspace;
import io.air9.platform.model.WorkspaceClass;
import io.air9.platform.model.WorkspaceClassSpec;
import io.air9.platform.model.WorkspacePhase;
import io.air9.platform.model.WorkspaceStatus;
import io.air9.platform.operator.OperatorSettings;
import io.air9.platform.operator.common.EventRecorder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Culling after the status is known (the schedule is {@link CullSchedule}'s, the same that set status.cullAt): stop
 * a workspace whose idle deadline, maximum runtime or GPU lease has come, ask the app first before an idle stop
 * where it can be asked, and say when to look again (the warning, then the stop). Never sleeps.
 */
final class WorkspaceCuller {

  private static final Logger LOG = LoggerFactory.getLogger(WorkspaceCuller.class);
  private static final Duration PROBE_ANSWER_WAIT = Duration.ofSeconds(6);
  /** Reconcile a little after a deadline, so that the clock has certainly passed it. */
  private static final Duration PAST_DEADLINE = Duration.ofMillis(200);

  private final OperatorSettings settings;
  private final WorkspaceMetrics metrics;
  private final ActivityProbe activityProbe = new ActivityProbe();

  WorkspaceCuller(OperatorSettings settings, WorkspaceMetrics metrics) {
    this.settings = settings;
    this.metrics = metrics;
  }

  /** Culls the workspace if its time has come; returns when to reconcile it again for culling, if ever. */
  Optional<Duration> check(Workspace ws, WorkspaceStatus status, WorkspaceClass wsc, Context<Workspace> context,
      Instant now) {
    if (wsc == null) {
      return Optional.empty();
    }
    Workspace current = ws.withStatus(status);
    Optional<Cull> next = CullSchedule.next(current, wsc.getSpec(), status.getPhase() == WorkspacePhase.Running);
    if (next.isEmpty()) {
      return Optional.empty();
    }
    Cull cull = next.get();
    if (now.isBefore(cull.at())) {
      Instant look = cull.warnAt() != null && now.isBefore(cull.warnAt()) ? cull.warnAt() : cull.at();
      return Optional.of(Duration.between(now, look).plus(PAST_DEADLINE));
    }
    if (cull.extendable() && activityProbe.mustProbeBeforeCulling(settings, ws, wsc.getSpec(), now)) {
      // the app may know of activity the annotation does not: ask it, decide when its answer is in
      activityProbe.start(context.getClient(), settings, current, wsc.getSpec());
      return Optional.of(PROBE_ANSWER_WAIT);
    }
    cull(context, ws, cull, wsc.getSpec());
    return Optional.empty();
  }

  private void cull(Context<Workspace> context, Workspace ws, Cull cull, WorkspaceClassSpec cls) {
    String why = why(ws, cull, cls);
    LOG.info("culling workspace {}/{}: {}", ws.getMetadata().getNamespace(), ws.getMetadata().getName(), why);
    String patch = "{\"metadata\":{\"annotations\":{\"" + IdleCulling.ANNOTATION_CULLED_AT + "\":\""
        + Instant.now() + "\"}},\"spec\":{\"state\":\"Stopped\"}}";
    context.getClient().resources(Workspace.class).inNamespace(ws.getMetadata().getNamespace())
        .withName(ws.getMetadata().getName())
        .patch(new PatchContext.Builder().withPatchType(PatchType.JSON_MERGE)
            .withFieldManager(IdleCulling.FIELD_MANAGER).build(), patch);
    new EventRecorder(context.getClient()).normal(ws, "Culled",
        "stopped " + why + "; storage is kept. Set spec.state to Running to start it");
    metrics.culled();
  }

  /** Why a workspace is stopped, in words: for the Culled and the CullWarning events. */
  static String why(Workspace ws, Cull cull, WorkspaceClassSpec cls) {
    return switch (cull.reason()) {
      case Idle -> "without activity (idle timeout " + (ws.getSpec().getIdleTimeout() != null
          ? ws.getSpec().getIdleTimeout() : cls.getCulling().getIdleTimeout()) + ")";
      case MaxRuntime -> "at the class's maximum runtime of " + cls.getCulling().getMaxRuntime();
      case GpuLease -> "at the end of its GPU lease of " + cls.getCulling().getGpuLease();
    };
  }
}
