package io.air9.platform.operator.workspace;

import io.air9.platform.model.WorkspaceNames;
import io.air9.platform.model.Workspace;
import io.air9.platform.operator.common.ChildUpdates;
import io.air9.platform.operator.common.Labels;
import io.air9.platform.operator.common.ModelDependent;
import io.air9.platform.operator.common.PrunedItemStore;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The workspace's dependent resources. Each one only adapts a {@link WorkspaceModel} builder; the model is built
 * from the {@link ResolvedWorkspace} the reconciler put into the workflow context after validation. Informers are
 * scoped to the operator's label and keep only the server-side apply entries of managed fields
 * ({@link PrunedItemStore}); JOSDK applies the desired state with server-side apply, skipping no-ops.
 */
public final class WorkspaceDependents {

  /** Key of the {@link ResolvedWorkspace} in the managed workflow context. */
  public static final String RESOLVED = "air9.resolved";

  private WorkspaceDependents() {}

  /** Key of the reconcile's one {@link WorkspaceModel} in the managed workflow context. */
  private static final String MODEL = "air9.model";

  /** The model of this reconcile: built once from the {@link ResolvedWorkspace}, shared by all dependents. */
  static WorkspaceModel model(Context<Workspace> context) {
    var workflow = context.managedWorkflowAndDependentResourceContext();
    return workflow.get(MODEL, WorkspaceModel.class).orElseGet(() -> {
      WorkspaceModel model = new WorkspaceModel(workflow.getMandatory(RESOLVED, ResolvedWorkspace.class));
      workflow.put(MODEL, model);
      return model;
    });
  }

  /** Key of what the dependents of this reconcile's workflow wrote, as the API server returned it. */
  private static final String WRITTEN = "air9.written";

  /**
   * Collects what the dependents of this reconcile's workflow create or apply, as the API server returns it
   * ({@link WorkflowInputs#written}); call before running the workflow.
   */
  static Queue<HasMetadata> collectWritten(Context<Workspace> context) {
    Queue<HasMetadata> written = new ConcurrentLinkedQueue<>();
    context.managedWorkflowAndDependentResourceContext().put(WRITTEN, written);
    return written;
  }

  /**
   * Base: desired state = one builder of the model; the child's name comes from {@link WorkspaceNames}, so JOSDK
   * finds the child in its cache by name without building the desired object first. What it writes is collected
   * ({@link #collectWritten}).
   */
  abstract static class Child<R extends HasMetadata> extends ModelDependent<R, Workspace, WorkspaceModel> {
    private final UnaryOperator<String> childName;

    Child(Class<R> type, Function<WorkspaceModel, R> builder, UnaryOperator<String> childName) {
      super(type, builder);
      this.childName = childName;
    }

    @Override
    protected WorkspaceModel model(Workspace primary, Context<Workspace> context) {
      return WorkspaceDependents.model(context);
    }

    @Override
    protected ResourceID targetSecondaryResourceID(Workspace primary, Context<Workspace> context) {
      return new ResourceID(childName.apply(primary.getMetadata().getName()), primary.getMetadata().getNamespace());
    }

    @Override
    protected void onCreated(Workspace primary, R created, Context<Workspace> context) {
      super.onCreated(primary, created, context);
      written(context, created);
    }

    @Override
    protected void onUpdated(Workspace primary, R updated, R actual, Context<Workspace> context) {
      super.onUpdated(primary, updated, actual, context);
      written(context, updated);
    }

    @SuppressWarnings("unchecked")
    private static void written(Context<Workspace> context, HasMetadata child) {
      context.managedWorkflowAndDependentResourceContext().get(WRITTEN, Queue.class).ifPresent(q -> q.add(child));
    }
  }

  @KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR, itemStore = PrunedItemStore.class,
    onUpdateFilter = ChildUpdates.class))
  public static class ServiceAccountDependent extends Child<ServiceAccount> {
    public ServiceAccountDependent() {
      super(ServiceAccount.class, WorkspaceModel::serviceAccount, WorkspaceNames::serviceAccount);
    }
  }

  @KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR, itemStore = PrunedItemStore.class,
    onUpdateFilter = ChildUpdates.class))
  public static class HomeClaimDependent extends Child<PersistentVolumeClaim> {
    public HomeClaimDependent() {
      super(PersistentVolumeClaim.class, WorkspaceModel::homeClaim, WorkspaceNames::homeClaim);
    }
  }

  /** Its informer is the reconciler's (with filters that read the pod: {@link StatefulSetEvents}). */
  public static class StatefulSetDependent extends Child<StatefulSet> {
    public StatefulSetDependent() {
      super(StatefulSet.class, WorkspaceModel::statefulSet, WorkspaceNames::statefulSet);
    }
  }

  @KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR, itemStore = PrunedItemStore.class,
    onUpdateFilter = ChildUpdates.class))
  public static class ServiceDependent extends Child<Service> {
    public ServiceDependent() {
      super(Service.class, WorkspaceModel::service, WorkspaceNames::service);
    }

    /**
     * A Service's cluster IP cannot change once set: a workspace Service made before it was headless (with a virtual
     * IP) is deleted and made again; any other change is applied in place.
     */
    @Override
    public Service update(Service actual, Service desired, Workspace primary, Context<Workspace> context) {
      if (!clusterIpKept(actual, desired)) {
        context.getClient().resource(actual).delete();
        return create(desired, primary, context);
      }
      return super.update(actual, desired, primary, context);
    }

    static boolean clusterIpKept(Service actual, Service desired) {
      String has = actual.getSpec() == null ? null : actual.getSpec().getClusterIP();
      String wants = desired.getSpec().getClusterIP();
      return has == null || has.isEmpty() || wants == null || wants.equals(has);
    }
  }

  @KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR, itemStore = PrunedItemStore.class,
    onUpdateFilter = ChildUpdates.class))
  public static class IngressDependent extends Child<Ingress> {
    public IngressDependent() {
      super(Ingress.class, WorkspaceModel::ingress, WorkspaceNames::ingress);
    }
  }

  @KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR, itemStore = PrunedItemStore.class,
    onUpdateFilter = ChildUpdates.class))
  public static class NetworkPolicyDependent extends Child<NetworkPolicy> {
    public NetworkPolicyDependent() {
      super(NetworkPolicy.class, WorkspaceModel::networkPolicy, WorkspaceNames::networkPolicy);
    }
  }

  @KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR, itemStore = PrunedItemStore.class,
    onUpdateFilter = ChildUpdates.class))
  public static class SparkRoleDependent extends Child<Role> {
    public SparkRoleDependent() {
      super(Role.class, WorkspaceModel::sparkRole, WorkspaceNames::sparkRole);
    }
  }

  @KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR, itemStore = PrunedItemStore.class,
    onUpdateFilter = ChildUpdates.class))
  public static class SparkRoleBindingDependent extends Child<RoleBinding> {
    public SparkRoleBindingDependent() {
      super(RoleBinding.class, WorkspaceModel::sparkRoleBinding, WorkspaceNames::sparkRole);
    }
  }

  @KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR, itemStore = PrunedItemStore.class,
    onUpdateFilter = ChildUpdates.class))
  public static class SparkConfigDependent extends Child<ConfigMap> {
    public SparkConfigDependent() {
      super(ConfigMap.class, WorkspaceModel::sparkConfig, WorkspaceNames::sparkConfig);
    }
  }

  /** The access token is generated once and then kept: the existing Secret's token is reused. */
  @KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR, itemStore = PrunedItemStore.class,
    onUpdateFilter = ChildUpdates.class))
  public static class TokenSecretDependent extends Child<Secret> {
    private static final SecureRandom RANDOM = new SecureRandom();

    public TokenSecretDependent() {
      super(Secret.class, model -> {
        throw new UnsupportedOperationException("the token Secret's desired state keeps the existing token");
      }, WorkspaceNames::tokenSecret);
    }

    @Override
    protected Secret desired(Workspace primary, Context<Workspace> context) {
      // Looked up by name in the informer's cache (getSecondaryResource would call desired() again).
      ResourceID id = new ResourceID(WorkspaceNames.tokenSecret(primary.getMetadata().getName()),
          primary.getMetadata().getNamespace());
      String token = eventSource().flatMap(source -> source.get(id))
          .map(s -> s.getData() == null ? null : s.getData().get(WorkspaceModel.TOKEN_KEY))
          .map(b64 -> new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8))
          .orElseGet(TokenSecretDependent::newToken);
      return WorkspaceDependents.model(context).tokenSecret(token);
    }

    static String newToken() {
      byte[] bytes = new byte[24];
      RANDOM.nextBytes(bytes);
      return HexFormat.of().formatHex(bytes);
    }
  }

  /** Spark RBAC and configuration exist only for classes with sparkEnabled; JOSDK deletes it when the condition stops holding. */
  public static class SparkEnabled implements Condition<HasMetadata, Workspace> {
    @Override
    public boolean isMet(DependentResource<HasMetadata, Workspace> dependentResource, Workspace primary,
        Context<Workspace> context) {
      return context.managedWorkflowAndDependentResourceContext().get(RESOLVED, ResolvedWorkspace.class)
          .map(r -> r.workspaceClass().isSparkEnabled()).orElse(false);
    }
  }
}
