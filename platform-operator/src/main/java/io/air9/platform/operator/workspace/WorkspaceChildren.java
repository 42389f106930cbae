package io.air9.platform.operator.workspace;

import io.air9.platform.model.Workspace;
import io.air9.platform.operator.OperatorSettings;
import io.air9.platform.operator.common.ErrorMessages;
import io.air9.platform.operator.workspace.WorkspaceObservation.Problem;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.workflow.WorkflowReconcileResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;

/**
 * Step 3 of a reconcile, for a valid spec only: the JOSDK workflow of dependents (server-side apply of the pure
 * {@link WorkspaceModel}, no-op applies skipped). A child refused by a ResourceQuota is a state the status reports;
 * any other error fails the reconcile, which JOSDK retries (the error status goes through the aggregator too).
 */
final class WorkspaceChildren {

  private final OperatorSettings settings;
  private final WorkflowInputs ran = new WorkflowInputs();

  WorkspaceChildren(OperatorSettings settings) {
    this.settings = settings;
  }

  /**
   * The observation with the image the workspace runs and the children refused by quota. The workflow is skipped
   * when nothing it reads changed since it last succeeded ({@link WorkflowInputs}).
   */
  WorkspaceObservation reconcile(WorkspaceObservation valid, Context<Workspace> context) {
    ResolvedWorkspace resolved = new ResolvedWorkspace(valid.workspace(), valid.workspaceClass().getSpec(), settings,
        valid.connections(), valid.mlflowTrackingUri(), valid.queue() != null,
        StartTimeline.current(valid, valid.workspace().getSpec().isStopped() || valid.queue() != null)
            .deadlineExceeded(), running(valid.statefulSet()));
    Workspace ws = valid.workspace();
    WorkflowInputs.Snapshot before = WorkflowInputs.of(resolved,
        valid.workspaceClass().getMetadata().getResourceVersion(), context);
    if (ran.unchanged(ws, before)) {
      return reconciled(valid, resolved, List.of());
    }
    ran.forget(ws);
    context.managedWorkflowAndDependentResourceContext().put(WorkspaceDependents.RESOLVED, resolved);
    Queue<HasMetadata> written = WorkspaceDependents.collectWritten(context);
    WorkflowReconcileResult result = context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow();
    List<Problem> refusedByQuota = new ArrayList<>();
    result.getErroredDependents().forEach((dependent, error) -> {
      if (!isQuotaRefusal(error)) {
        result.throwAggregateExceptionIfErrorsPresent();
      }
      refusedByQuota.add(new Problem("FailedCreate", ErrorMessages.readable(error)));
    });
    if (refusedByQuota.isEmpty()) {
      ran.succeeded(ws, WorkflowInputs.written(before, written), () -> context.getPrimaryCache().list());
    }
    return reconciled(valid, resolved, refusedByQuota);
  }

  /** What the existing StatefulSet records of the pod it runs; null when it asks for none or does not exist. */
  static ResolvedWorkspace.Running running(StatefulSet sts) {
    if (sts == null || sts.getSpec() == null || Integer.valueOf(0).equals(sts.getSpec().getReplicas())) {
      return null;
    }
    var annotations = sts.getMetadata().getAnnotations();
    var template = sts.getSpec().getTemplate();
    var podAnnotations = template == null || template.getMetadata() == null ? null
        : template.getMetadata().getAnnotations();
    return new ResolvedWorkspace.Running(annotations == null ? null : annotations.get(WorkspaceModel.TEMPLATE_HASH),
        podAnnotations == null ? null : podAnnotations.get(ConnectionVersions.ANNOTATION));
  }

  private static WorkspaceObservation reconciled(WorkspaceObservation valid, ResolvedWorkspace resolved,
      List<Problem> refusedByQuota) {
    return valid.withImage(new WorkspaceModel(resolved).image())
        .withChildren(valid.statefulSet(), valid.pod(), valid.homeClaim(), refusedByQuota, valid.lostNode());
  }

  /** A child refused by a ResourceQuota (e.g. the team's maximum of workspaces): a status, not a retryable error. */
  private static boolean isQuotaRefusal(Exception error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof KubernetesClientException k && k.getCode() == 403 && k.getMessage() != null
          && k.getMessage().contains("exceeded quota")) {
        return true;
      }
    }
    return false;
  }
}
