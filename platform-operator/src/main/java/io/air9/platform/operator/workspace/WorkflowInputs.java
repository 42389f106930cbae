package io.air9.platform.operator.workspace;

import io.air9.platform.model.Workspace;
import io.air9.platform.operator.common.ChildUpdates;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What the workflow of dependents last ran from, per workspace, so that a reconcile in which nothing the workflow
 * reads has changed skips it: most reconciles of a start come from the pod (scheduled, started, ready) or from
 * other controllers' status writes, and would build and compare nine desired objects only to find nothing to do.
 *
 * <p>The snapshot is taken <em>before</em> the workflow runs and remembered only when it succeeded without errors.
 * The workflow reads the caches after the snapshot, so whatever it saw is at least as new as the snapshot: a child
 * deleted or edited by hand after the snapshot (even while the workflow runs) makes the next snapshot differ, and the
 * next reconcile (the child's event) runs the workflow and puts it back. Children the workflow created or applied
 * are remembered as the API server returned them ({@link #written}): a start's first reconcile makes them all, and
 * its next reconciles find them as made. What it holds: the inputs of the pure
 * {@link WorkspaceModel} ({@link ResolvedWorkspace}: the workspace's uid and generation, the class's
 * resourceVersion, connections with their versions, MLflow URI, queued, a failed start, the running pod's template
 * hash and versions) and, per child, its uid, generation, deletion and server-side-apply managed-fields entries (a
 * hand edit of a field the operator applied takes the field out of the operator's entry; other controllers' status
 * writes are {@code Update} entries and change none of it). Kept in memory only: a new leader, or a restarted
 * operator, runs the workflow on each workspace's first reconcile.
 */
final class WorkflowInputs {

  /** The kinds of the workspace's children: those of the dependents its reconciler's workflow declares. */
  static final List<Class<? extends HasMetadata>> CHILD_TYPES = childTypes(WorkspaceReconciler.class);

  /** What the workflow reads of a child: it is put back when one of these changes. */
  record Child(String uid, Long generation, boolean deleting, List<ManagedFieldsEntry> applied) {}

  /** The inputs of one workflow run and the children it saw. */
  record Snapshot(String uid, Long generation, String classVersion, List<ResolvedWorkspace.Connection> connections,
      String mlflowTrackingUri, boolean queued, boolean startFailed, ResolvedWorkspace.Running running,
      Map<String, Child> children) {}

  private final Map<String, Snapshot> ran = new ConcurrentHashMap<>();
  private volatile int pruneAt = 1024;

  /** The snapshot of now (take it before running the workflow), with the workspace's children in the caches. */
  static Snapshot of(ResolvedWorkspace resolved, String classVersion, Context<Workspace> context) {
    return of(resolved, classVersion, CHILD_TYPES.stream().flatMap(context::getSecondaryResourcesAsStream));
  }

  /** The snapshot of these inputs and children (pure). */
  static Snapshot of(ResolvedWorkspace resolved, String classVersion, Stream<? extends HasMetadata> children) {
    Map<String, Child> seen = new TreeMap<>();
    children.forEach(child -> seen.put(key(child), child(child, ChildUpdates::applied)));
    var meta = resolved.workspace().getMetadata();
    return new Snapshot(meta.getUid(), meta.getGeneration(), classVersion, resolved.connections(),
        resolved.mlflowTrackingUri(), resolved.queued(), resolved.startFailed(), resolved.running(), seen);
  }

  /**
   * The snapshot as the workflow left it (pure): the children it created or applied are taken as the API server
   * returned them, the others as they were before the workflow, and what the model reads of the StatefulSet (the
   * running pod's template hash and versions) from the StatefulSet it applied. So the reconcile after the one that
   * made the children (the next event of the start) skips the workflow instead of running it again only to find them
   * as made; a child changed by anyone after the workflow's own write (or, for the others, after the snapshot) still
   * differs.
   */
  static Snapshot written(Snapshot before, Collection<? extends HasMetadata> written) {
    if (written.isEmpty()) {
      return before;
    }
    Map<String, Child> children = new TreeMap<>(before.children());
    ResolvedWorkspace.Running running = before.running();
    for (HasMetadata child : written) {
      // As the API server answered, not from a cache: its field trees shared with the caches' (kept per workspace).
      children.put(key(child), child(child, ChildUpdates::appliedShared));
      if (child instanceof StatefulSet sts) {
        running = WorkspaceChildren.running(sts);
      }
    }
    return new Snapshot(before.uid(), before.generation(), before.classVersion(), before.connections(),
        before.mlflowTrackingUri(), before.queued(), before.startFailed(), running, children);
  }

  private static String key(HasMetadata child) {
    return child.getKind() + "/" + child.getMetadata().getName();
  }

  /** What is kept of a child, with its server-side-apply entries as {@code applied} reads them from its metadata. */
  private static Child child(HasMetadata child, Function<ObjectMeta, List<ManagedFieldsEntry>> applied) {
    var meta = child.getMetadata();
    return new Child(meta.getUid(), meta.getGeneration(), meta.getDeletionTimestamp() != null, applied.apply(meta));
  }

  /**
   * The resource types of the dependents a reconciler's {@link Workflow} declares, each from JOSDK's
   * {@link DependentResource#resourceType()} of the dependent (made as JOSDK makes it, by its no-argument
   * constructor): the one list of the children is the workflow's, so a dependent added there is in the snapshot too.
   */
  static List<Class<? extends HasMetadata>> childTypes(Class<?> reconciler) {
    Workflow workflow = reconciler.getAnnotation(Workflow.class);
    if (workflow == null) {
      throw new IllegalArgumentException(reconciler.getName() + " declares no @Workflow");
    }
    return Stream.of(workflow.dependents()).<Class<? extends HasMetadata>>map(d -> resourceType(d.type()))
        .distinct().toList();
  }

  @SuppressWarnings({"rawtypes", "unchecked"})
  private static Class<? extends HasMetadata> resourceType(Class<? extends DependentResource> dependent) {
    Class<?> type;
    try {
      type = ((DependentResource<?, ?>) dependent.getDeclaredConstructor().newInstance()).resourceType();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot make the dependent " + dependent.getName(), e);
    }
    if (!HasMetadata.class.isAssignableFrom(type)) {
      throw new IllegalStateException("the dependent " + dependent.getName() + " is not of a Kubernetes kind");
    }
    return (Class<? extends HasMetadata>) type;
  }

  /** Whether the workflow last succeeded from exactly this snapshot (then it would find nothing to do). */
  boolean unchanged(Workspace ws, Snapshot now) {
    return now.equals(ran.get(key(ws)));
  }

  /** Forgets a workspace before its workflow runs: a workflow that fails leaves nothing remembered. */
  void forget(Workspace ws) {
    ran.remove(key(ws));
  }

  /**
   * Remembers the snapshot a workflow succeeded from. Now and then drops what is remembered of workspaces no longer
   * in the cache (a deleted workspace is not reconciled again).
   */
  void succeeded(Workspace ws, Snapshot before, Supplier<Stream<Workspace>> cached) {
    ran.put(key(ws), before);
    if (ran.size() >= pruneAt) {
      Set<String> present = cached.get().map(WorkflowInputs::key).collect(Collectors.toSet());
      ran.keySet().retainAll(present);
      pruneAt = Math.max(1024, 2 * ran.size());
    }
  }

  private static String key(Workspace ws) {
    return ws.getMetadata().getNamespace() + "/" + ws.getMetadata().getName();
  }
}
