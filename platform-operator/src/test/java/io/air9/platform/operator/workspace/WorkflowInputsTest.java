package io.air9.platform.operator.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import io.air9.platform.model.Workspace;
import io.air9.platform.operator.OperatorSettings;
import io.air9.platform.operator.common.PrunedItemStore;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.FieldsV1Builder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class WorkflowInputsTest {

  private final Workspace ws = Fixtures.workspace("alice");
  private final ResolvedWorkspace resolved = Fixtures.resolved(ws, Fixtures.jupyter());

  private static StatefulSet sts() {
    return new StatefulSetBuilder().withNewMetadata().withName("alice").withUid("sts-1").withGeneration(1L)
        .withResourceVersion("10")
        .addToManagedFields(new ManagedFieldsEntryBuilder().withManager("workspace").withOperation("Apply")
            .withApiVersion("apps/v1").withTime("2026-12-01T12:00:00Z").withFieldsV1(new FieldsV1Builder()
                .addToAdditionalProperties("f:spec", Map.of("f:replicas", Map.of())).build()).build())
        .endMetadata().withNewSpec().withReplicas(1).endSpec().build();
  }

  private static Service service() {
    return new ServiceBuilder().withNewMetadata().withName("alice").withUid("svc-1").withResourceVersion("11")
        .addToManagedFields(new ManagedFieldsEntryBuilder().withManager("workspace").withOperation("Apply")
            .withApiVersion("v1").withFieldsV1(new FieldsV1Builder().addToAdditionalProperties("f:spec",
                Map.of("f:selector", Map.of("f:app.kubernetes.io/instance", Map.of()))).build()).build())
        .endMetadata().withNewSpec().addToSelector("app.kubernetes.io/instance", "alice").endSpec().build();
  }

  private WorkflowInputs.Snapshot snapshot(HasMetadata... children) {
    return WorkflowInputs.of(resolved, "7", Stream.of(children));
  }

  @Test
  void aWorkflowThatSucceededFromTheSameInputsAndChildrenIsSkipped() {
    WorkflowInputs ran = new WorkflowInputs();
    assertThat(ran.unchanged(ws, snapshot(sts(), service()))).as("never ran").isFalse();
    ran.succeeded(ws, snapshot(sts(), service()), Stream::empty);
    assertThat(ran.unchanged(ws, snapshot(sts(), service()))).isTrue();

    // Other controllers' status writes: a new resourceVersion and an Update entry of the status subresource.
    StatefulSet statusWritten = new StatefulSetBuilder(sts()).editMetadata().withResourceVersion("12")
        .addToManagedFields(new ManagedFieldsEntryBuilder().withManager("kube-controller-manager")
            .withOperation("Update").withSubresource("status").build()).endMetadata()
        .withNewStatus().withReadyReplicas(1).withReplicas(1).endStatus().build();
    assertThat(ran.unchanged(ws, snapshot(statusWritten, service()))).isTrue();
  }

  @Test
  void aDeletedOrHandEditedChildRunsTheWorkflow() {
    WorkflowInputs ran = new WorkflowInputs();
    ran.succeeded(ws, snapshot(sts(), service()), Stream::empty);

    assertThat(ran.unchanged(ws, snapshot(sts()))).as("service deleted").isFalse();
    // A hand edit of the selector takes the field out of the operator's Apply entry.
    Service edited = new ServiceBuilder(service()).editMetadata().withManagedFields(new ManagedFieldsEntryBuilder()
        .withManager("workspace").withOperation("Apply").withApiVersion("v1").withFieldsV1(new FieldsV1Builder()
            .addToAdditionalProperties("f:spec", Map.of("f:selector", Map.of())).build()).build(),
        new ManagedFieldsEntryBuilder().withManager("kubectl-edit").withOperation("Update").build())
        .endMetadata().build();
    assertThat(ran.unchanged(ws, snapshot(sts(), edited))).as("selector edited").isFalse();
    StatefulSet recreated = new StatefulSetBuilder(sts()).editMetadata().withUid("sts-2").endMetadata().build();
    assertThat(ran.unchanged(ws, snapshot(recreated, service()))).as("recreated").isFalse();
    StatefulSet scaled = new StatefulSetBuilder(sts()).editMetadata().withGeneration(2L).endMetadata().build();
    assertThat(ran.unchanged(ws, snapshot(scaled, service()))).as("new generation").isFalse();
  }

  @Test
  void changedInputsRunTheWorkflow() {
    WorkflowInputs ran = new WorkflowInputs();
    ran.succeeded(ws, snapshot(sts()), Stream::empty);
    var cls = Fixtures.jupyter();
    List<ResolvedWorkspace> changed = List.of(
        new ResolvedWorkspace(ws, cls, OperatorSettings.defaults(), List.of(), "http://mlflow", false, false),
        new ResolvedWorkspace(ws, cls, OperatorSettings.defaults(), List.of(), null, true, false),
        new ResolvedWorkspace(ws, cls, OperatorSettings.defaults(), List.of(), null, false, true),
        new ResolvedWorkspace(ws, cls, OperatorSettings.defaults(),
            List.of(new ResolvedWorkspace.Connection("lake", "s3", List.of("KEY"), "4")), null, false, false),
        new ResolvedWorkspace(ws, cls, OperatorSettings.defaults(), List.of(), null, false, false,
            new ResolvedWorkspace.Running("abc", null)));
    for (ResolvedWorkspace r : changed) {
      assertThat(ran.unchanged(ws, WorkflowInputs.of(r, "7", Stream.of(sts())))).as(r.toString()).isFalse();
    }
    assertThat(ran.unchanged(ws, WorkflowInputs.of(resolved, "8", Stream.of(sts())))).as("class changed")
        .isFalse();
    Workspace newSpec = Fixtures.workspace("alice");
    newSpec.getMetadata().setGeneration(2L);
    assertThat(ran.unchanged(newSpec, WorkflowInputs.of(Fixtures.resolved(newSpec, cls), "7", Stream.of(sts()))))
        .as("spec changed").isFalse();
  }

  /** A context whose caches hold, for each type asked for, one child of that type named after its kind. */
  @SuppressWarnings("unchecked")
  private static Context<Workspace> oneChildOfEachTypeAskedFor() {
    return (Context<Workspace>) Proxy.newProxyInstance(Context.class.getClassLoader(), new Class<?>[] {Context.class},
        (proxy, method, args) -> {
          if (!method.getName().equals("getSecondaryResourcesAsStream") || args.length != 1) {
            throw new UnsupportedOperationException(method.getName());
          }
          HasMetadata child = ((Class<? extends HasMetadata>) args[0]).getDeclaredConstructor().newInstance();
          child.setMetadata(new ObjectMetaBuilder().withName(HasMetadata.getKind(child.getClass())).build());
          return Stream.of(child);
        });
  }

  @Test
  void theSnapshotHoldsAChildOfEveryDependentOfTheWorkflow() throws Exception {
    WorkflowInputs.Snapshot snapshot = WorkflowInputs.of(resolved, "7", oneChildOfEachTypeAskedFor());
    Dependent[] dependents = WorkspaceReconciler.class.getAnnotation(Workflow.class).dependents();
    assertThat(dependents).hasSizeGreaterThanOrEqualTo(10);
    for (Dependent dependent : dependents) {
      String kind = HasMetadata.getKind(
          ((DependentResource<?, ?>) dependent.type().getDeclaredConstructor().newInstance()).resourceType()
              .asSubclass(HasMetadata.class));
      assertThat(snapshot.children()).as("the child of the dependent %s", dependent.name())
          .containsKey(kind + "/" + kind);
    }
  }

  /** A workflow that declares other dependents than the workspace's. */
  @Workflow(dependents = {
      @Dependent(name = "config", type = WorkspaceDependents.SparkConfigDependent.class),
      @Dependent(name = "budget", type = BudgetDependent.class),
      @Dependent(name = "home", type = WorkspaceDependents.HomeClaimDependent.class),
      @Dependent(name = "config-again", type = WorkspaceDependents.SparkConfigDependent.class)})
  private static final class OtherReconciler {}

  public static final class BudgetDependent extends CRUDKubernetesDependentResource<PodDisruptionBudget, Workspace> {
    public BudgetDependent() {
      super(PodDisruptionBudget.class);
    }
  }

  @Test
  void theChildTypesAreThoseOfTheWorkflowsDependents() {
    assertThat(WorkflowInputs.childTypes(OtherReconciler.class))
        .containsExactly(ConfigMap.class, PodDisruptionBudget.class, PersistentVolumeClaim.class);
    assertThat(WorkflowInputs.CHILD_TYPES).contains(StatefulSet.class, Service.class, Secret.class, ConfigMap.class)
        .doesNotHaveDuplicates();
  }

  @Test
  void aFailedWorkflowIsForgotten() {
    WorkflowInputs ran = new WorkflowInputs();
    ran.succeeded(ws, snapshot(sts()), Stream::empty);
    ran.forget(ws);
    assertThat(ran.unchanged(ws, snapshot(sts()))).isFalse();
  }

  /** As the informer caches it: the store keeps the Apply entries of managed fields only. */
  @SuppressWarnings("unchecked")
  private static <R extends HasMetadata> R cached(R written, String controller) {
    R copy = (R) io.fabric8.kubernetes.client.utils.Serialization.clone(written);
    copy.getMetadata().setResourceVersion(copy.getMetadata().getResourceVersion() + "1");
    copy.getMetadata().getManagedFields().add(new ManagedFieldsEntryBuilder().withManager(controller)
        .withOperation("Update").withSubresource("status").build());
    PrunedItemStore<R> store = new PrunedItemStore<>();
    store.put(store.getKey(copy), copy);
    return store.get(store.getKey(copy));
  }

  @Test
  void whatIsRememberedOfAWrittenChildSharesItsFieldTreesWithTheCaches() {
    // two answers of the API server: equal field trees, each its own maps
    WorkflowInputs.Snapshot one = WorkflowInputs.written(snapshot(), List.of(sts()));
    WorkflowInputs.Snapshot two = WorkflowInputs.written(snapshot(), List.of(sts()));
    Object treeOne = one.children().get("StatefulSet/alice").applied().get(0).getFieldsV1().getAdditionalProperties()
        .get("f:spec");
    Object treeTwo = two.children().get("StatefulSet/alice").applied().get(0).getFieldsV1().getAdditionalProperties()
        .get("f:spec");
    assertThat(treeOne).as("kept once, not per workspace").isSameAs(treeTwo).isEqualTo(Map.of("f:replicas", Map.of()));
    assertThat(one).as("equal to what a cache shows").isEqualTo(WorkflowInputs.written(snapshot(),
        List.of(cached(sts(), "kube-controller-manager"))));
  }

  @Test
  void theChildrenAWorkflowWroteAreRememberedAsTheApiServerReturnedThem() {
    WorkflowInputs ran = new WorkflowInputs();
    // a start's first reconcile: no child before the workflow, which creates them
    WorkflowInputs.Snapshot before = snapshot();
    ran.succeeded(ws, WorkflowInputs.written(before, List.of(sts(), service())), Stream::empty);

    // the next reconcile finds them in the caches as made, the controllers' status written since, and the model
    // reads the StatefulSet that now exists (its running pod's template hash and versions)
    ResolvedWorkspace next = new ResolvedWorkspace(ws, Fixtures.jupyter(), OperatorSettings.defaults(), List.of(),
        null, false, false, WorkspaceChildren.running(sts()));
    assertThat(next.running()).isNotNull();
    assertThat(ran.unchanged(ws, WorkflowInputs.of(next, "7",
        Stream.of(cached(sts(), "kube-controller-manager"), cached(service(), "x"))))).isTrue();
    // without what the workflow wrote, it would run again only to find them as made
    WorkflowInputs beforeOnly = new WorkflowInputs();
    beforeOnly.succeeded(ws, before, Stream::empty);
    assertThat(beforeOnly.unchanged(ws, WorkflowInputs.of(next, "7", Stream.of(sts(), service())))).isFalse();

    // a hand edit or a deletion after the workflow's write still runs it
    Service edited = new ServiceBuilder(service()).editMetadata().withManagedFields(new ManagedFieldsEntryBuilder()
        .withManager("workspace").withOperation("Apply").withApiVersion("v1").withFieldsV1(new FieldsV1Builder()
            .addToAdditionalProperties("f:spec", Map.of()).build()).build()).endMetadata().build();
    assertThat(ran.unchanged(ws, WorkflowInputs.of(next, "7", Stream.of(sts(), edited)))).as("edited").isFalse();
    assertThat(ran.unchanged(ws, WorkflowInputs.of(next, "7", Stream.of(sts())))).as("deleted").isFalse();
  }

  @Test
  void aChildTheWorkflowDidNotWriteIsRememberedAsBefore() {
    WorkflowInputs ran = new WorkflowInputs();
    // a stop: the StatefulSet applied anew at 0 replicas (a new generation), the Service as it was
    StatefulSet stopped = new StatefulSetBuilder(sts()).editMetadata().withGeneration(2L).endMetadata()
        .editSpec().withReplicas(0).endSpec().build();
    WorkflowInputs.Snapshot running = WorkflowInputs.of(new ResolvedWorkspace(ws, Fixtures.jupyter(),
        OperatorSettings.defaults(), List.of(), null, false, false, WorkspaceChildren.running(sts())), "7",
        Stream.of(sts(), service()));
    ran.succeeded(ws, WorkflowInputs.written(running, List.of(stopped)), Stream::empty);
    assertThat(ran.unchanged(ws, snapshot(stopped, service()))).isTrue();
    assertThat(ran.unchanged(ws, snapshot(sts(), service()))).isFalse();
  }
}
