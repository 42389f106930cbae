package io.air9.platform.sim.junit;

import io.air9.platform.sim.cluster.ClusterProvider;
import io.air9.platform.sim.cluster.ClusterProviders;
import io.air9.platform.sim.cluster.KubernetesCluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Starts the cluster once per test run (kept in the root store, stopped when the run ends) and hands
 * tests the cluster or a Fabric8 client (one per test class, closed after it).
 */
public class KubernetesClusterExtension implements ExecutionCondition, BeforeAllCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(KubernetesClusterExtension.class);

  /** A provider other than the simulated cluster that cannot run here disables the tests, with the reason. */
  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    ClusterProvider provider = provider(context);
    Optional<String> unavailable = provider.unavailableReason();
    if (unavailable.isPresent() && !"sim".equals(provider.id())) {
      return ConditionEvaluationResult.disabled(
          "Kubernetes cluster provider '" + provider.id() + "' unavailable: " + unavailable.get());
    }
    return ConditionEvaluationResult.enabled("cluster provider " + provider.id());
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    cluster(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == KubernetesCluster.class || type == KubernetesClient.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    if (parameter.getParameter().getType() == KubernetesCluster.class) {
      return cluster(context);
    }
    ExtensionContext classContext = classContext(context);
    return classContext.getStore(NAMESPACE)
        .computeIfAbsent("client", key -> new ClientResource(cluster(context).newClient()), ClientResource.class)
        .client();
  }

  private static KubernetesCluster cluster(ExtensionContext context) {
    ClusterProvider provider = provider(context);
    return context.getRoot().getStore(NAMESPACE)
        .computeIfAbsent("cluster:" + provider.id(), key -> new ClusterResource(provider.start()), ClusterResource.class)
        .cluster();
  }

  private static ClusterProvider provider(ExtensionContext context) {
    String id = context.getTestClass()
        .flatMap(c -> AnnotationSupport.findAnnotation(c, KubernetesClusterTest.class))
        .map(KubernetesClusterTest::provider)
        .filter(p -> !p.isBlank())
        .orElse(null);
    return id == null
        ? ClusterProviders.fromEnvironment()
        : ClusterProviders.byId(id, System.getProperty("air9.sim.name", "air9"));
  }

  private static ExtensionContext classContext(ExtensionContext context) {
    ExtensionContext c = context;
    while (c.getTestMethod().isPresent() && c.getParent().isPresent()) {
      c = c.getParent().get();
    }
    return c;
  }

  private record ClusterResource(KubernetesCluster cluster) implements AutoCloseable {
    @Override
    public void close() {
      cluster.close();
    }
  }

  private record ClientResource(KubernetesClient client) implements AutoCloseable {
    @Override
    public void close() {
      client.close();
    }
  }
}
