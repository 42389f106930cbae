package io.air9.platform.api.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.VersionInfo;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;

class KubernetesHealthIndicatorTest {

  final KubernetesClient client = mock(KubernetesClient.class);
  final Caches caches = mock(Caches.class);
  final KubernetesHealthIndicator health = new KubernetesHealthIndicator(client, caches);

  @Test
  void upWhenTheApiServerAnswersAndCachesSynced() {
    when(client.getKubernetesVersion()).thenReturn(new VersionInfo.Builder().withGitVersion("v1.34.4").build());
    when(caches.synced()).thenReturn(true);
    assertThat(health.health().getStatus()).isEqualTo(Status.UP);
    assertThat(health.health().getDetails()).containsEntry("serverVersion", "v1.34.4");
  }

  @Test
  void downWhileCachesSync() {
    when(client.getKubernetesVersion()).thenReturn(new VersionInfo.Builder().withGitVersion("v1.34.4").build());
    when(caches.synced()).thenReturn(false);
    assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
  }

  @Test
  void downWhenTheApiServerIsUnreachable() {
    when(client.getKubernetesVersion()).thenThrow(new KubernetesClientException("connection refused"));
    assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
  }
}
