package io.air9.platform.operator.workspace;

import io.air9.platform.operator.common.ChildUpdates;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import java.util.Objects;
import java.util.function.Function;

/**
 * Which events of a workspace's StatefulSet reconcile the workspace: the filters of the StatefulSet informer, which
 * the reconciler makes (not an annotation) so that they can read the workspace's pod from the pod cache.
 * <ul>
 *   <li>An update reconciles when it changes what the operator owns ({@link ChildUpdates#owned}: a hand edit, a
 *       deletion) or what the status reads of the StatefulSet's status <em>with the pod as cached now</em>
 *       ({@link #read}): while there is no pod, whether the StatefulSet controller has seen the current spec and
 *       counts no pod (it could not create it; its warnings say why); with a pod, whether the pod is of the
 *       StatefulSet's current revision (a Ready pod on an older revision is not Running). The controller writes the
 *       status two or three times per start (the revision seen, then the pod counted, then ready counts): with the
 *       pod already cached none of it changes the workspace's status, and a change of the pod itself reconciles
 *       through the pod's own events, which then read the StatefulSet as it is.</li>
 *   <li>An add ({@link #seenByController}) reconciles only once the StatefulSet controller has seen the StatefulSet. An add it has not seen yet
 *       is the operator's own create, whose reconcile saw what it created (JOSDK skips the event of its own write
 *       when the write's answer came before the event, and marks its writes with an annotation for the other case,
 *       but not on StatefulSets, where that annotation would change the spec's generation); a new operator
 *       reconciles every workspace anyway.</li>
 * </ul>
 * Creations seen by the controller, deletions and every pod event still reconcile.
 */
final class StatefulSetEvents implements OnUpdateFilter<StatefulSet> {

  private final Function<StatefulSet, Pod> pod;

  /** {@code pod}: the pod of the StatefulSet's workspace in the pod cache, null when there is none. */
  StatefulSetEvents(Function<StatefulSet, Pod> pod) {
    this.pod = pod;
  }

  /** The filter of adds: whether the StatefulSet controller has seen the StatefulSet (its own create's is not). */
  static boolean seenByController(StatefulSet added) {
    return added.getStatus() != null && added.getStatus().getObservedGeneration() != null;
  }

  @Override
  public boolean accept(StatefulSet updated, StatefulSet old) {
    if (ChildUpdates.owned(updated.getMetadata(), old.getMetadata())) {
      return true;
    }
    Pod current = pod.apply(updated);
    return !Objects.equals(read(updated, current), read(old, current));
  }

  /** What the workspace's status reads of the StatefulSet, given the workspace's pod (null: none) (pure). */
  static boolean read(StatefulSet sts, Pod pod) {
    return pod == null ? WorkspaceObserver.podNotCreated(sts) : WorkspaceStatusAggregator.isCurrentRevision(sts, pod);
  }
}
