package io.air9.platform.operator;

import io.air9.platform.operator.common.InterningSerialization;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * The deployed operator: Spring Boot hosts the JOSDK operator for actuator health and Prometheus metrics (no JOSDK
 * Spring starter works on Boot 4, so the operator is wired here). Leader election is on.
 */
@SpringBootApplication
public class Air9OperatorApplication {

  /** The JDK's property for the common pool's size, read once when the pool is first used. */
  static final String COMMON_POOL_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

  public static void main(String[] args) {
    commonPoolOfTwo();
    TlsCiphers.preferChaCha20WithoutC2();
    SpringApplication.run(Air9OperatorApplication.class, args);
  }

  /**
   * With fewer than 3 CPUs (this machine, a container limited to 1-2 CPUs) the JDK's common pool has one thread, and
   * CompletableFuture then runs each async step on a new thread of its own. The JDK HTTP client completes every
   * response on that default executor, so each request to the API server started and ended a thread (11,370 in a
   * burst of 300). Two threads make the common pool the executor, as on any machine with 3 or more CPUs (whose
   * default is left alone). Set before anything uses the pool; an explicit -D setting wins.
   */
  static void commonPoolOfTwo() {
    if (System.getProperty(COMMON_POOL_PARALLELISM) == null && Runtime.getRuntime().availableProcessors() < 3) {
      System.setProperty(COMMON_POOL_PARALLELISM, "2");
    }
  }

  /** In-cluster config or KUBECONFIG; air9.kubeconfig points at another kubeconfig file. */
  @Bean(destroyMethod = "close")
  KubernetesClient kubernetesClient(@Value("${air9.kubeconfig:}") String kubeconfig) throws IOException {
    // Typed string values interned: the caches' copies of every workspace's children share their strings.
    KubernetesClientBuilder builder = new KubernetesClientBuilder()
        .withKubernetesSerialization(InterningSerialization.create());
    if (kubeconfig.isBlank()) {
      return builder.build();
    }
    return builder.withConfig(Config.fromKubeconfig(Files.readString(Path.of(kubeconfig)))).build();
  }

  @Bean
  OperatorSettings operatorSettings(
      @Value("${air9.ingress.host:air9.localtest.me}") String host,
      @Value("${air9.ingress.scheme:https}") String scheme,
      @Value("${air9.ingress.path-prefix:/ws}") String pathPrefix,
      @Value("${air9.ingress.class-name:nginx}") String ingressClassName,
      @Value("${air9.ingress.namespace:ingress-nginx}") String ingressNamespace,
      @Value("${air9.leader-election.enabled:true}") boolean leaderElection,
      @Value("${air9.leader-election.namespace:#{null}}") String leaseNamespace,
      @Value("${air9.activity-probe.enabled:true}") boolean activityProbe,
      @Value("${air9.reconcile.concurrency:" + OperatorSettings.DEFAULT_CONCURRENCY + "}") int concurrency,
      MeterRegistry registry) {
    return new OperatorSettings(host, scheme, pathPrefix, ingressClassName, ingressNamespace, leaderElection,
        leaseNamespace, Duration.ofSeconds(5), activityProbe, Optional.of(registry), concurrency);
  }

  @Bean(destroyMethod = "close")
  Air9Operator air9Operator(KubernetesClient client, OperatorSettings settings,
      @Value("${air9.leader-election.exit-on-loss:true}") boolean exitOnLostLeadership) {
    return Air9Operator.start(client, settings, exitOnLostLeadership);
  }
}
