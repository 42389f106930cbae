package io.air9.platform.operator.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The StatefulSet's events that reconcile its workspace, on the objects of a start as the API server and the
 * StatefulSet controller write them: created by the operator's apply (status {@code {replicas: 0}}), then the
 * controller's status writes (the revision seen, the pod counted, the pod ready).
 */
class StatefulSetEventsTest {

  private final AtomicReference<Pod> cachedPod = new AtomicReference<>();
  private final StatefulSetEvents events = new StatefulSetEvents(sts -> cachedPod.get());

  /** As the operator's server-side apply created it: the API server resets the status to its zero value. */
  private static StatefulSet created() {
    return new StatefulSetBuilder().withNewMetadata().withName("alice").withNamespace("team-a").withGeneration(1L)
        .withResourceVersion("100").addToLabels("air9.io/workspace", "alice")
        .addToManagedFields(new ManagedFieldsEntryBuilder().withManager("workspace").withOperation("Apply")
            .withTime("2026-12-01T12:00:00Z").build())
        .endMetadata().withNewSpec().withReplicas(1).endSpec().withNewStatus().withReplicas(0).endStatus().build();
  }

  /** The StatefulSet controller's first status write: it saw the spec and made revision alice-1, counting no pod yet. */
  private static StatefulSet revisionSeen() {
    return new StatefulSetBuilder(created()).editMetadata().withResourceVersion("101")
        .addToManagedFields(new ManagedFieldsEntryBuilder().withManager("kube-controller-manager")
            .withOperation("Update").withSubresource("status").build()).endMetadata()
        .editStatus().withObservedGeneration(1L).withCurrentRevision("alice-1").withUpdateRevision("alice-1")
        .withCollisionCount(0).withAvailableReplicas(0).endStatus().build();
  }

  private static StatefulSet podCounted() {
    return new StatefulSetBuilder(revisionSeen()).editMetadata().withResourceVersion("102").endMetadata()
        .editStatus().withReplicas(1).withCurrentReplicas(1).withUpdatedReplicas(1).endStatus().build();
  }

  private static StatefulSet podReady() {
    return new StatefulSetBuilder(podCounted()).editMetadata().withResourceVersion("103").endMetadata()
        .editStatus().withReadyReplicas(1).withAvailableReplicas(1).endStatus().build();
  }

  private static Pod pod(String revision, boolean ready) {
    return new PodBuilder().withNewMetadata().withName("alice-0").withNamespace("team-a")
        .addToLabels("controller-revision-hash", revision).endMetadata().withNewStatus()
        .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition().endStatus().build();
  }

  @Test
  void theControllersStatusWritesOfAStartDoNotReconcileOnceThePodIsCached() {
    cachedPod.set(pod("alice-1", false));
    assertThat(events.accept(revisionSeen(), created())).as("revision seen").isFalse();
    assertThat(events.accept(podCounted(), revisionSeen())).as("pod counted").isFalse();
    cachedPod.set(pod("alice-1", true));
    assertThat(events.accept(podReady(), podCounted())).as("pod ready").isFalse();
  }

  @Test
  void withoutAPodTheControllerSeeingTheSpecAndCountingNoPodReconciles() {
    // the controller could not create the pod (quota, admission): only this status write says so
    assertThat(events.accept(revisionSeen(), created())).isTrue();
    // the pod counted, not in the pod cache yet: its own add follows
    assertThat(events.accept(podCounted(), revisionSeen())).isTrue();
  }

  @Test
  void aReadyPodReconcilesWhenItBecomesCurrentOrNot() {
    StatefulSet edited = new StatefulSetBuilder(podReady()).editMetadata().withGeneration(2L)
        .withResourceVersion("200").endMetadata().build();
    cachedPod.set(pod("alice-1", true));
    // the new spec itself (the pod is not current until the controller has seen it)
    assertThat(events.accept(edited, podReady())).isTrue();
    // a new template seen: the Ready pod stays of an older revision, no change; its replacement's events follow
    StatefulSet newRevision = new StatefulSetBuilder(edited).editMetadata().withResourceVersion("201").endMetadata()
        .editStatus().withObservedGeneration(2L).withUpdateRevision("alice-2").endStatus().build();
    assertThat(events.accept(newRevision, edited)).isFalse();
    // a new spec with the same template: the Ready pod is current once the controller saw it
    StatefulSet sameRevision = new StatefulSetBuilder(edited).editMetadata().withResourceVersion("201")
        .endMetadata().editStatus().withObservedGeneration(2L).endStatus().build();
    assertThat(events.accept(sameRevision, edited)).isTrue();
  }

  @Test
  void handEditsAndDeletionsReconcileWhateverThePod() {
    cachedPod.set(pod("alice-1", true));
    StatefulSet old = podReady();
    assertThat(events.accept(new StatefulSetBuilder(old).editMetadata().withGeneration(2L).endMetadata()
        .editSpec().withReplicas(0).endSpec().build(), old)).isTrue();
    assertThat(events.accept(new StatefulSetBuilder(old).editMetadata().addToLabels("x", "y").endMetadata()
        .build(), old)).isTrue();
    assertThat(events.accept(new StatefulSetBuilder(old).editMetadata()
        .withDeletionTimestamp("2026-12-01T12:01:00Z").endMetadata().build(), old)).isTrue();
    assertThat(events.accept(new StatefulSetBuilder(old).editMetadata().withManagedFields(
        new ManagedFieldsEntryBuilder().withManager("kubectl-edit").withOperation("Apply").build()).endMetadata()
        .build(), old)).as("a field the operator applied taken over").isTrue();
  }

  @Test
  void anAddReconcilesOnlyOnceTheControllerHasSeenTheStatefulSet() {
    assertThat(StatefulSetEvents.seenByController(created())).as("the operator's own create").isFalse();
    assertThat(StatefulSetEvents.seenByController(new StatefulSetBuilder(created()).withStatus(null).build()))
        .isFalse();
    assertThat(StatefulSetEvents.seenByController(revisionSeen())).isTrue();
    assertThat(StatefulSetEvents.seenByController(podReady())).as("listed at an operator's start").isTrue();
  }
}
