package io.air9.platform.operator.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
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
}
