package io.air9.platform.operator.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.air9.platform.model.capacity.NodeRoom;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

class PrunedItemStoreTest {

  private static Pod pod() {
    return new PodBuilder().withNewMetadata().withName("p").withNamespace("ns")
        .withManagedFields(
            new ManagedFieldsEntryBuilder().withManager("workspace").withOperation("Apply").build(),
            new ManagedFieldsEntryBuilder().withManager("kwok").withOperation("Update").withSubresource("status")
                .build())
        .endMetadata().build();
  }

  @Test
  void keepsAppliedFieldsAndDropsUpdatedOnes() {
    Pod pod = pod();
    PrunedItemStore<Pod> store = new PrunedItemStore<>();

    store.put(store.getKey(pod), pod);

    assertThat(store.get("ns/p").getMetadata().getManagedFields()).singleElement()
        .satisfies(f -> assertThat(f.getManager()).isEqualTo("workspace"));
  }

  @Test
  void whatIsOnlyReadKeepsNoManagedFields() {
    Pod pod = pod();
    PrunedItemStore<Pod> store = new PrunedItemStore.WithoutManagedFields<>();

    store.put(store.getKey(pod), pod);

    assertThat(store.get("ns/p").getMetadata().getManagedFields()).isEmpty();
    assertThat(store.get("ns/p").getMetadata().getName()).isEqualTo("p");
  }

  @Test
  void connectionSecretsKeepTheirKeyNamesAndVersionButNoValue() {
    io.fabric8.kubernetes.api.model.Secret secret = new io.fabric8.kubernetes.api.model.SecretBuilder()
        .withNewMetadata().withName("s3").withNamespace("ns").withResourceVersion("42").endMetadata()
        .addToData("accessKeyId", "QUtJQQ==").addToData("secretAccessKey", "c2VjcmV0").build();
    PrunedItemStore<io.fabric8.kubernetes.api.model.Secret> store = new PrunedItemStore.SecretKeysOnly();

    store.put(store.getKey(secret), secret);

    assertThat(store.get("ns/s3").getData()).containsOnlyKeys("accessKeyId", "secretAccessKey")
        .allSatisfy((k, v) -> assertThat(v).isEmpty());
    assertThat(store.get("ns/s3").getMetadata().getResourceVersion()).isEqualTo("42");
  }

  @Test
  void podsKeepWhatTheQueueAndTheStatusReadAndNothingElse() {
    Pod pod = new PodBuilder(pod()).editMetadata().withResourceVersion("7").addToLabels("air9.io/workspace", "w")
        .addToAnnotations("pod-create.stage.kwok.x-k8s.io/delay", "1s")
        .addToAnnotations("air9.io/connection-versions", "s3=42").withCreationTimestamp("2026-12-01T12:00:00Z")
        .endMetadata()
        .withNewSpec().withNodeName("n1").addNewVolume().withName("home").endVolume()
        .addNewContainer().withName("workspace").withImage("jupyter").addNewEnv().withName("A").withValue("b").endEnv()
        .withNewResources().addToRequests("cpu", new Quantity("500m")).addToLimits("cpu", new Quantity("2"))
        .endResources().endContainer()
        .addNewContainer().withName("sidecar").endContainer().endSpec()
        .withNewStatus().withPhase("Running").addNewCondition().withType("Ready").withStatus("True").endCondition()
        .addNewContainerStatus().withName("workspace").withImageID("sha256:1").endContainerStatus().endStatus()
        .build();
    PrunedItemStore<Pod> store = new PrunedItemStore.PodFacts();

    store.put(store.getKey(pod), pod);

    Pod kept = store.get("ns/p");
    assertThat(kept.getMetadata().getName()).isEqualTo("p");
    assertThat(kept.getMetadata().getNamespace()).isEqualTo("ns");
    assertThat(kept.getMetadata().getResourceVersion()).isEqualTo("7");
    assertThat(kept.getMetadata().getCreationTimestamp()).isEqualTo("2026-12-01T12:00:00Z");
    assertThat(kept.getMetadata().getLabels()).containsEntry("air9.io/workspace", "w");
    assertThat(kept.getMetadata().getAnnotations()).containsOnly(java.util.Map.entry("air9.io/connection-versions",
        "s3=42"));
    assertThat(kept.getMetadata().getManagedFields()).isEmpty();
    assertThat(kept.getSpec().getNodeName()).isEqualTo("n1");
    assertThat(kept.getSpec().getVolumes()).isEmpty();
    assertThat(kept.getSpec().getContainers()).extracting(c -> c.getName()).containsExactly("workspace", "sidecar");
    assertThat(kept.getSpec().getContainers().get(0).getImage()).isNull();
    assertThat(kept.getSpec().getContainers().get(0).getEnv()).isEmpty();
    assertThat(kept.getSpec().getContainers().get(0).getResources().getLimits()).isEmpty();
    assertThat(NodeRoom.requests(kept)).isEqualTo(NodeRoom.requests(pod));
    assertThat(NodeRoom.holdsResources(kept)).isTrue();
    assertThat(kept.getStatus()).isEqualTo(pod.getStatus());
  }

  @Test
  void equalAppliedFieldTreesOfDifferentChildrenAreOneCopy() {
    PrunedItemStore<Pod> store = new PrunedItemStore<>();
    for (String name : java.util.List.of("a", "b")) {
      var spec = new java.util.LinkedHashMap<String, Object>(java.util.Map.of("f:nodeName", java.util.Map.of()));
      var owners = new java.util.LinkedHashMap<String, Object>(
          java.util.Map.of("k:{\"uid\":\"" + name + "\"}", java.util.Map.of()));
      Pod pod = new PodBuilder().withNewMetadata().withName(name).withNamespace("ns").addNewManagedField()
          .withManager("workspace").withOperation("Apply").withNewFieldsV1()
          .addToAdditionalProperties("f:spec", spec)
          .addToAdditionalProperties("f:metadata", java.util.Map.of("f:ownerReferences", owners))
          .endFieldsV1().endManagedField().endMetadata().build();
      store.put(store.getKey(pod), pod);
    }

    var a = store.get("ns/a").getMetadata().getManagedFields().get(0).getFieldsV1().getAdditionalProperties();
    var b = store.get("ns/b").getMetadata().getManagedFields().get(0).getFieldsV1().getAdditionalProperties();
    // the subtree every workspace has alike is one copy; the one naming the object stays its own
    assertThat(b.get("f:spec")).isSameAs(a.get("f:spec")).isEqualTo(java.util.Map.of("f:nodeName", java.util.Map.of()));
    assertThat(b.get("f:metadata")).isNotSameAs(a.get("f:metadata")).isNotEqualTo(a.get("f:metadata"));
    assertThat(a.get("f:metadata")).isEqualTo(java.util.Map.of("f:ownerReferences",
        java.util.Map.of("k:{\"uid\":\"a\"}", java.util.Map.of())));
  }


  @Test
  void anInternedTreeEqualsAndHashesAsThePlainTreeItCameFromAndIsReadOnly() {
    var plain = new java.util.LinkedHashMap<String, Object>();
    plain.put("f:spec", new java.util.LinkedHashMap<>(java.util.Map.of("f:replicas", java.util.Map.of(),
        "f:template", java.util.Map.of("f:spec", java.util.Map.of("f:containers", java.util.Map.of())))));
    plain.put("f:metadata", java.util.Map.of("f:labels", java.util.Map.of(".", java.util.Map.of())));
    var fields = new io.fabric8.kubernetes.api.model.FieldsV1();
    plain.forEach(fields::setAdditionalProperty);

    var interned = PrunedItemStore.intern(fields).getAdditionalProperties();
    var again = PrunedItemStore.intern(PrunedItemStore.intern(fields)).getAdditionalProperties();

    assertThat(interned).isEqualTo(plain);
    assertThat(plain).isEqualTo(interned);
    interned.forEach((k, v) -> assertThat(v.hashCode()).isEqualTo(plain.get(k).hashCode()));
    assertThat(again.get("f:spec")).isSameAs(interned.get("f:spec"));
    @SuppressWarnings("unchecked")
    var spec = (java.util.Map<String, Object>) interned.get("f:spec");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> spec.put("f:x", java.util.Map.of()))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void emptyPropertyMapsOfCachedObjectsAreOneSharedMapAndTheObjectIsUnchanged() {
    java.util.function.Function<String, io.fabric8.kubernetes.api.model.apps.StatefulSet> sts = name ->
        new io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder().withNewMetadata().withName(name)
            .withNamespace("ns").endMetadata().withNewSpec().withReplicas(1).withNewTemplate().withNewSpec()
            .addNewContainer().withName("workspace").addNewEnv().withName("A").withValue("1").endEnv()
            .withNewResources().addToRequests("cpu", new Quantity("500m")).endResources().endContainer()
            .endSpec().endTemplate().endSpec().build();
    io.fabric8.kubernetes.api.model.apps.StatefulSet unknownField = sts.apply("b");
    unknownField.getSpec().setAdditionalProperty("futureField", "kept");
    PrunedItemStore<io.fabric8.kubernetes.api.model.apps.StatefulSet> store = new PrunedItemStore<>();

    store.put("ns/a", sts.apply("a"));
    store.put("ns/b", unknownField);

    var a = store.get("ns/a");
    var b = store.get("ns/b");
    assertThat(a).isEqualTo(sts.apply("a"));
    var containerA = a.getSpec().getTemplate().getSpec().getContainers().get(0);
    var containerB = b.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(containerA.getAdditionalProperties()).isEmpty();
    assertThat(containerA.getAdditionalProperties()).isSameAs(containerB.getAdditionalProperties())
        .isSameAs(containerA.getEnv().get(0).getAdditionalProperties())
        .isSameAs(containerA.getResources().getRequests().get("cpu").getAdditionalProperties())
        .isSameAs(a.getMetadata().getAdditionalProperties());
    assertThat(b.getSpec().getAdditionalProperties()).containsEntry("futureField", "kept");
  }
}
