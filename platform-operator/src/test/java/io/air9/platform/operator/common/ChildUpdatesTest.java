package io.air9.platform.operator.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import org.junit.jupiter.api.Test;

class ChildUpdatesTest {

  private final ChildUpdates filter = new ChildUpdates();

  private static StatefulSet sts() {
    return new StatefulSetBuilder().withNewMetadata().withName("w").withGeneration(1L)
        .addToLabels("app.kubernetes.io/instance", "w")
        .addToManagedFields(new ManagedFieldsEntryBuilder().withManager("workspace").withOperation("Apply")
            .withTime("2026-12-01T12:00:00Z").build())
        .endMetadata().withNewSpec().withReplicas(1).endSpec()
        .withNewStatus().withObservedGeneration(1L).withReplicas(0).withUpdateRevision("w-1").endStatus().build();
  }

  @Test
  void otherControllersStatusWritesThatNothingReadsDoNotReconcile() {
    StatefulSet old = sts();
    StatefulSet ready = new StatefulSetBuilder(old).editStatus().withReadyReplicas(1).withAvailableReplicas(1)
        .withCurrentReplicas(1).endStatus().editMetadata().withResourceVersion("9").addToManagedFields(
            new ManagedFieldsEntryBuilder().withManager("kube-controller-manager").withOperation("Update")
                .withSubresource("status").build()).endMetadata().build();
    assertThat(filter.accept(ready, old)).isFalse();

    PersistentVolumeClaim claim = new PersistentVolumeClaimBuilder().withNewMetadata().withName("home-w")
        .endMetadata().withNewStatus().withPhase("Pending").endStatus().build();
    PersistentVolumeClaim annotated = new PersistentVolumeClaimBuilder(claim).editMetadata()
        .addToAnnotations("volume.kubernetes.io/storage-provisioner", "air9.io/sim").endMetadata()
        .withNewSpec().withVolumeName("pv-1").endSpec().build();
    assertThat(filter.accept(annotated, claim)).isFalse();
  }

  @Test
  void whatTheOperatorReadsOfAChildsStatusReconciles() {
    // (a workspace's StatefulSet has filters of its own, which read the pod: StatefulSetEventsTest)
    PersistentVolumeClaim claim = new PersistentVolumeClaimBuilder().withNewMetadata().withName("home-w")
        .endMetadata().withNewStatus().withPhase("Pending").endStatus().build();
    assertThat(filter.accept(new PersistentVolumeClaimBuilder(claim).editStatus().withPhase("Bound").endStatus()
        .build(), claim)).isTrue();
  }

  @Test
  void handEditsAndDeletionsOfWhatTheOperatorOwnsReconcile() {
    StatefulSet old = sts();
    // a spec edit bumps the generation
    assertThat(filter.accept(new StatefulSetBuilder(old).editMetadata().withGeneration(2L).endMetadata()
        .editSpec().withReplicas(0).endSpec().build(), old)).isTrue();
    assertThat(filter.accept(new StatefulSetBuilder(old).editMetadata().addToLabels("x", "y").endMetadata()
        .build(), old)).isTrue();
    assertThat(filter.accept(new StatefulSetBuilder(old).editMetadata()
        .withDeletionTimestamp("2026-12-01T12:01:00Z").endMetadata().build(), old)).isTrue();
    // a Service has no generation: a hand edit of a field the operator applied moves that field out of its entry
    Service service = new ServiceBuilder().withNewMetadata().withName("w").addToManagedFields(
        new ManagedFieldsEntryBuilder().withManager("workspace").withOperation("Apply").withNewFieldsV1()
            .addToAdditionalProperties("f:spec", java.util.Map.of("f:selector", java.util.Map.of())).endFieldsV1()
            .build()).endMetadata().build();
    Service edited = new ServiceBuilder(service).editMetadata().withManagedFields(
        new ManagedFieldsEntryBuilder().withManager("workspace").withOperation("Apply").withNewFieldsV1()
            .addToAdditionalProperties("f:spec", java.util.Map.of()).endFieldsV1().build(),
        new ManagedFieldsEntryBuilder().withManager("kubectl-edit").withOperation("Update").build())
        .endMetadata().build();
    assertThat(filter.accept(edited, service)).isTrue();
  }
}
