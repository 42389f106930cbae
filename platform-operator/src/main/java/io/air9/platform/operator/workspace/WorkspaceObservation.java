package io.air9.platform.operator.workspace;

import io.air9.platform.model.Workspace;
import io.air9.platform.model.WorkspaceClass;
import io.air9.platform.model.validation.Violation;
import io.air9.platform.operator.admission.Queueing;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.time.Instant;
import java.util.List;

/**
 * What the operator saw of one workspace in one reconcile: the input of validation, of the desired state and of the
 * status aggregator.
 *
 * @param workspaceClass the workspace's class; null when it does not exist
 * @param violations validation problems; non-empty means the spec is invalid and no child was touched
 * @param statefulSetProblems recent warnings about the StatefulSet (e.g. pod creation refused by quota)
 * @param connections the data connections that exist, with their key names
 * @param connectionProblems data connections named by the spec that are missing or of an unknown type
 * @param mlflowTrackingUri in-cluster URL of the team's MLflow; null when there is none
 * @param reconcileError why the last attempt to reconcile the children failed, readable (see ErrorMessages); null
 *     when it did not fail
 * @param url the workspace's URL
 * @param image the image the workspace runs; null when not resolved (invalid spec)
 * @param lostNode the node the pod is bound to when that node no longer exists (deleted: the pod lingers until the
 *     pod garbage collector removes it); null when the pod's node exists, or without a pod or node
 * @param imagePulledAt when the kubelet pulled the pod's image (its Pulled event), read only while the start waits
 *     for that step; null when not read or not found
 * @param progress when any workspace's start last reached each step (the start deadline's progress, see
 *     {@link StartTimeline#failsAt})
 */
public record WorkspaceObservation(
    Workspace workspace,
    WorkspaceClass workspaceClass,
    List<Violation> violations,
    StatefulSet statefulSet,
    Pod pod,
    PersistentVolumeClaim homeClaim,
    List<Problem> statefulSetProblems,
    List<ResolvedWorkspace.Connection> connections,
    List<String> connectionProblems,
    String mlflowTrackingUri,
    String reconcileError,
    String url,
    String image,
    Instant now,
    String lostNode,
    Queueing queue,
    Instant imagePulledAt,
    StartTimeline.Progress progress) {

  /** An observation without the progress of other starts. */
  public WorkspaceObservation(Workspace workspace, WorkspaceClass workspaceClass, List<Violation> violations,
      StatefulSet statefulSet, Pod pod, PersistentVolumeClaim homeClaim, List<Problem> statefulSetProblems,
      List<ResolvedWorkspace.Connection> connections, List<String> connectionProblems, String mlflowTrackingUri,
      String reconcileError, String url, String image, Instant now, String lostNode, Queueing queue,
      Instant imagePulledAt) {
    this(workspace, workspaceClass, violations, statefulSet, pod, homeClaim, statefulSetProblems, connections,
        connectionProblems, mlflowTrackingUri, reconcileError, url, image, now, lostNode, queue, imagePulledAt,
        StartTimeline.Progress.none());
  }

  /** An observation without the image's Pulled event time. */
  public WorkspaceObservation(Workspace workspace, WorkspaceClass workspaceClass, List<Violation> violations,
      StatefulSet statefulSet, Pod pod, PersistentVolumeClaim homeClaim, List<Problem> statefulSetProblems,
      List<ResolvedWorkspace.Connection> connections, List<String> connectionProblems, String mlflowTrackingUri,
      String reconcileError, String url, String image, Instant now, String lostNode, Queueing queue) {
    this(workspace, workspaceClass, violations, statefulSet, pod, homeClaim, statefulSetProblems, connections,
        connectionProblems, mlflowTrackingUri, reconcileError, url, image, now, lostNode, queue, null);
  }

  /** A reason a start hangs, from an Event or a pod status. */
  public record Problem(String reason, String message) {}

  public WorkspaceObservation withViolations(List<Violation> found) {
    return new WorkspaceObservation(workspace, workspaceClass, List.copyOf(found), statefulSet, pod, homeClaim,
        statefulSetProblems, connections, connectionProblems, mlflowTrackingUri, reconcileError, url, image, now,
        lostNode, queue, imagePulledAt, progress);
  }

  public WorkspaceObservation withImage(String resolvedImage) {
    return new WorkspaceObservation(workspace, workspaceClass, violations, statefulSet, pod, homeClaim,
        statefulSetProblems, connections, connectionProblems, mlflowTrackingUri, reconcileError, url, resolvedImage,
        now, lostNode, queue, imagePulledAt, progress);
  }

  /**
   * This observation with the children as they are now, the StatefulSet's problems (child errors first) and the pod's
   * node when it is gone.
   */
  public WorkspaceObservation withChildren(StatefulSet sts, Pod currentPod, PersistentVolumeClaim claim,
      List<Problem> problems, String podLostNode) {
    return new WorkspaceObservation(workspace, workspaceClass, violations, sts, currentPod, claim, List.copyOf(problems),
        connections, connectionProblems, mlflowTrackingUri, reconcileError, url, image, now, podLostNode, queue,
        imagePulledAt, progress);
  }

  /** This observation with the admission queue's answer: null when the workspace may have its pod. */
  public WorkspaceObservation withQueue(Queueing waiting) {
    return new WorkspaceObservation(workspace, workspaceClass, violations, statefulSet, pod, homeClaim,
        statefulSetProblems, connections, connectionProblems, mlflowTrackingUri, reconcileError, url, image, now,
        lostNode, waiting, imagePulledAt, progress);
  }

  /** This observation with the progress of every workspace's start, as {@link StartProgress} keeps it. */
  public WorkspaceObservation withProgress(StartTimeline.Progress startProgress) {
    return new WorkspaceObservation(workspace, workspaceClass, violations, statefulSet, pod, homeClaim,
        statefulSetProblems, connections, connectionProblems, mlflowTrackingUri, reconcileError, url, image, now,
        lostNode, queue, imagePulledAt, startProgress);
  }

  /** This observation with the readable reason the children could not be reconciled. */
  public WorkspaceObservation withReconcileError(String error) {
    return new WorkspaceObservation(workspace, workspaceClass, violations, statefulSet, pod, homeClaim,
        statefulSetProblems, connections, connectionProblems, mlflowTrackingUri, error, url, image, now, lostNode,
        queue, imagePulledAt, progress);
  }

  /**
   * The home volume's size now: the larger of what its claim asks for and its capacity (a provisioner may round up;
   * the API server refuses a claim below either); null without a claim.
   */
  public Quantity currentStorage() {
    if (homeClaim == null) {
      return null;
    }
    Quantity requested = homeClaim.getSpec() == null || homeClaim.getSpec().getResources() == null
        || homeClaim.getSpec().getResources().getRequests() == null ? null
        : homeClaim.getSpec().getResources().getRequests().get("storage");
    Quantity capacity = homeClaim.getStatus() == null || homeClaim.getStatus().getCapacity() == null ? null
        : homeClaim.getStatus().getCapacity().get("storage");
    if (requested == null || capacity == null) {
      return requested != null ? requested : capacity;
    }
    return capacity.getNumericalAmount().compareTo(requested.getNumericalAmount()) > 0 ? capacity : requested;
  }
}
