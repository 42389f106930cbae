package io.air9.platform.api.kube;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Fabric8 client of the API (an embedding application or test may register its own). */
@Configuration(proxyBeanMethods = false)
public class KubernetesConfiguration {

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  KubernetesClient kubernetesClient(KubernetesProperties properties) {
    if (properties.kubeconfig() == null || properties.kubeconfig().isBlank()) {
      return new KubernetesClientBuilder().build();
    }
    try {
      Config config = Config.fromKubeconfig(Files.readString(Path.of(properties.kubeconfig())));
      return new KubernetesClientBuilder().withConfig(config).build();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read kubeconfig " + properties.kubeconfig(), e);
    }
  }
}
