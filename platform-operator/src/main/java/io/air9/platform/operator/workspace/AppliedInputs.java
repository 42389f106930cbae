package io.air9.platform.operator.workspace;

import io.air9.platform.model.Workspace;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the workflow of dependents last applied each workspace from, so that a reconcile caused only by a child's
 * status (a pod starting, a volume binding, the StatefulSet controller's status writes: most reconciles of a start)
 * skips the workflow: the nine desired objects would be built and compared with server-side apply's managed fields
 * only to find nothing to do.
 *
 * <p>The inputs are those of the pure {@link WorkspaceModel}: the workspace's uid and generation (its spec), the
 * class's resourceVersion, the resolved data connections and MLflow URI, whether it waits in the admission queue. The children are fingerprinted by what
 * server-side apply records of the operator's own fields: each child's name and its {@code Apply} managed-fields
 * entries. Status writes of other controllers are {@code Update} entries and do not change it; a child deleted, or
 * a field the operator owns changed by hand (an {@code Update} takes the field over) does, and the workflow then
 * runs and puts it back. Only a workflow that succeeded without errors is remembered.
 */
final class AppliedInputs {

  private static final List<Class<? extends HasMetadata>> CHILD_TYPES = List.of(ServiceAccount.class, Secret.class,
      PersistentVolumeClaim.class, StatefulSet.class, Service.class, Ingress.class, NetworkPolicy.class, Role.class,
      RoleBinding.class, ConfigMap.class);

  /** The inputs of one applied workflow and the fingerprint of the children it left. */
  record Applied(String uid, Long generation, String classVersion, List<ResolvedWorkspace.Connection> connections,
      String mlflowTrackingUri, boolean queued, Map<String, Integer> children) {}

  private final Map<String, Applied> applied = new ConcurrentHashMap<>();
  private volatile int pruneAt = 1024;

  /** Whether the workflow last applied exactly these inputs and its children are as it left them. */
  boolean unchanged(WorkspaceObservation observed, Context<Workspace> context) {
    Applied last = applied.get(key(observed.workspace()));
    return last != null && last.equals(of(observed, context));
  }

  /**
   * Remembers a workflow that succeeded, with the children as they are now (after its writes). Now and then drops
   * what is remembered of workspaces no longer in the cache (deleted ones are never reconciled again).
   */
  void succeeded(WorkspaceObservation observed, Context<Workspace> context) {
    applied.put(key(observed.workspace()), of(observed, context));
    if (applied.size() >= pruneAt) {
      java.util.Set<String> present = context.getPrimaryCache().list().map(AppliedInputs::key)
          .collect(java.util.stream.Collectors.toSet());
      applied.keySet().retainAll(present);
      pruneAt = Math.max(1024, 2 * applied.size());
    }
  }

  /** Forgets a workspace (its workflow failed, or it is gone): the next reconcile runs the workflow. */
  void forget(Workspace ws) {
    applied.remove(key(ws));
  }

  static String key(Workspace ws) {
    return ws.getMetadata().getNamespace() + "/" + ws.getMetadata().getName();
  }

  private static Applied of(WorkspaceObservation observed, Context<Workspace> context) {
    Workspace ws = observed.workspace();
    Map<String, Integer> children = new TreeMap<>();
    for (Class<? extends HasMetadata> type : CHILD_TYPES) {
      context.getSecondaryResourcesAsStream(type).forEach(child -> children.put(
          child.getKind() + "/" + child.getMetadata().getName(), appliedFields(child)));
    }
    return new Applied(ws.getMetadata().getUid(), ws.getMetadata().getGeneration(),
        observed.workspaceClass() == null ? null : observed.workspaceClass().getMetadata().getResourceVersion(),
        observed.connections(), observed.mlflowTrackingUri(), observed.queue() != null, children);
  }

  /** A hash of the child's server-side apply managed-fields entries (manager, API version and fields). */
  static int appliedFields(HasMetadata child) {
    List<ManagedFieldsEntry> entries = child.getMetadata().getManagedFields();
    if (entries == null) {
      return 0;
    }
    int hash = 1;
    for (ManagedFieldsEntry e : entries) {
      if ("Apply".equals(e.getOperation())) {
        hash = 31 * hash + Objects.hash(e.getManager(), e.getApiVersion(), e.getSubresource(),
            e.getFieldsV1() == null ? null : e.getFieldsV1().getAdditionalProperties());
      }
    }
    return hash;
  }
}
