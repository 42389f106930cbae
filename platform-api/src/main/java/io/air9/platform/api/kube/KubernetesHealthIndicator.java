package io.air9.platform.api.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** Up when the API server answers and every informer cache has synced; part of the readiness group. */
@Component("kubernetes")
class KubernetesHealthIndicator implements HealthIndicator {

  private final KubernetesClient client;
  private final Caches caches;

  KubernetesHealthIndicator(KubernetesClient client, Caches caches) {
    this.client = client;
    this.caches = caches;
  }

  @Override
  public Health health() {
    try {
      String version = client.getKubernetesVersion().getGitVersion();
      boolean synced = caches.synced();
      return (synced ? Health.up() : Health.down())
          .withDetail("serverVersion", version)
          .withDetail("cachesSynced", synced)
          .build();
    } catch (RuntimeException e) {
      return Health.down().withDetail("error", e.getClass().getSimpleName()).build();
    }
  }
}
