package io.air9.platform.operator.workspace;

import io.air9.platform.model.Workspace;
import io.air9.platform.model.WorkspaceClass;
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
 * Idle culling after the status is known (the decision is {@link IdleCulling}'s): cull a workspace idle past its
 * timeout, ask the app first where it can be asked, and say when to look again. Never sleeps.
 */
final class WorkspaceCuller {

  private static final Logger LOG = LoggerFactory.getLogger(WorkspaceCuller.class);
  private static final Duration PROBE_ANSWER_WAIT = Duration.ofSeconds(6);

  private final OperatorSettings settings;
  private final WorkspaceMetrics metrics;
  private final ActivityProbe activityProbe = new ActivityProbe();

  WorkspaceCuller(OperatorSettings settings, WorkspaceMetrics metrics) {
    this.settings = settings;
    this.metrics = metrics;
  }

  /** Culls the workspace if it is idle; returns when to reconcile it again for culling, if ever. */
  Optional<Duration> check(Workspace ws, WorkspaceStatus status, WorkspaceClass wsc, Context<Workspace> context,
      Instant now) {
    if (wsc == null) {
      return Optional.empty();
    }
    Workspace current = withStatus(ws, status);
    Optional<Duration> remaining = IdleCulling.remaining(current, wsc.getSpec(),
        status.getPhase() == WorkspacePhase.Running, now);
    if (remaining.isEmpty()) {
      return Optional.empty();
    }
    if (!remaining.get().isNegative() && !remaining.get().isZero()) {
      return Optional.of(remaining.get().plusMillis(200));
    }
    if (activityProbe.mustProbeBeforeCulling(settings, ws, wsc.getSpec(), now)) {
      // the app may know of activity the annotation does not: ask it, decide when its answer is in
      activityProbe.start(context.getClient(), settings, current, wsc.getSpec());
      return Optional.of(PROBE_ANSWER_WAIT);
    }
    cull(context, ws, IdleCulling.timeout(ws, wsc.getSpec()).orElseThrow());
    return Optional.empty();
  }

  private void cull(Context<Workspace> context, Workspace ws, Duration timeout) {
    LOG.info("culling idle workspace {}/{} (idle timeout {})", ws.getMetadata().getNamespace(),
        ws.getMetadata().getName(), timeout);
    String patch = "{\"metadata\":{\"annotations\":{\"" + IdleCulling.ANNOTATION_CULLED_AT + "\":\""
        + Instant.now() + "\"}},\"spec\":{\"state\":\"Stopped\"}}";
    context.getClient().resources(Workspace.class).inNamespace(ws.getMetadata().getNamespace())
        .withName(ws.getMetadata().getName())
        .patch(new PatchContext.Builder().withPatchType(PatchType.JSON_MERGE)
            .withFieldManager(IdleCulling.FIELD_MANAGER).build(), patch);
    new EventRecorder(context.getClient()).normal(ws, "Culled",
        "stopped after " + timeout + " without activity; storage is kept. Set spec.state to Running to start it");
    metrics.culled();
  }

  private static Workspace withStatus(Workspace ws, WorkspaceStatus status) {
    Workspace copy = new Workspace();
    copy.setMetadata(ws.getMetadata());
    copy.setSpec(ws.getSpec());
    copy.setStatus(status);
    return copy;
  }
}
