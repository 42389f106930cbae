package io.air9.platform.operator.workspace;

import io.air9.platform.model.Workspace;
import io.air9.platform.model.validation.Violation;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.time.Instant;
import java.util.List;

/**
 * What the operator saw of one workspace in one reconcile: the input of the status aggregator.
 *
 * @param violations validation problems; non-empty means the spec is invalid and no child was touched
 * @param statefulSetProblems recent warnings about the StatefulSet (e.g. pod creation refused by quota)
 * @param url the workspace's URL
 */
public record WorkspaceObservation(
    Workspace workspace,
    List<Violation> violations,
    StatefulSet statefulSet,
    Pod pod,
    PersistentVolumeClaim homeClaim,
    List<Problem> statefulSetProblems,
    String url,
    String image,
    Instant now) {

  /** A reason a start hangs, from an Event or a pod status. */
  public record Problem(String reason, String message) {}
}
