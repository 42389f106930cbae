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

  /**
   * The client identifies itself by the field manager's name: the API server names the manager of a create (which,
   * unlike server-side apply, takes no field manager from Fabric8) after the User-Agent.
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  KubernetesClient kubernetesClient(KubernetesProperties properties) {
    Config config;
    if (properties.kubeconfig() == null || properties.kubeconfig().isBlank()) {
      config = Config.autoConfigure(null);
    } else {
      try {
        config = Config.fromKubeconfig(Files.readString(Path.of(properties.kubeconfig())));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read kubeconfig " + properties.kubeconfig(), e);
      }
    }
    config.setUserAgent(properties.fieldManager());
    return new KubernetesClientBuilder().withConfig(config).build();
  }
}
