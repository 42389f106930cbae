package io.air9.platform.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.air9.platform.model.Crds;
import io.air9.platform.model.Workspace;
import io.air9.platform.sim.cluster.KubernetesCluster;
import io.air9.platform.sim.cluster.Kubectl;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Base of the operator ITs: CRDs, default classes and the operator running in-process on the simulated cluster. */
abstract class OperatorIT {

  static final Path REPO = Path.of(System.getProperty("air9.repo.root", ".."));
  static Air9Operator operator;
  static KubernetesCluster cluster;
  static KubernetesClient client;

  @BeforeAll
  static void startOperator(KubernetesCluster kubernetesCluster, KubernetesClient kubernetesClient) {
    cluster = kubernetesCluster;
    client = kubernetesClient;
    Crds.install(client);
    DefaultClasses.apply(client, REPO);
    operator = Air9Operator.start(client, OperatorSettings.defaults());
  }

  @AfterAll
  static void stopOperator() {
    if (operator != null) {
      operator.close();
    }
  }

  static Kubectl.Result kubectl(String... args) {
    return cluster.kubectl().run(args);
  }

  static Kubectl.Result apply(String yaml) {
    return cluster.kubectl().runWithInput(yaml, "apply", "-f", "-");
  }

  /** Creates a Team with kubectl and waits for its namespace. */
  static void team(String name, String quota) {
    ClusterSteps.applyTeam(cluster, client, name, """
        apiVersion: air9.io/v1alpha1
        kind: Team
        metadata: {name: %s}
        spec:
          displayName: %s
          members: [{name: alice, role: admin}]
          quota: %s
        """.formatted(name, name, quota));
  }

  static Workspace waitFor(String ns, String name, Predicate<Workspace> condition, Duration timeout) {
    return client.resources(Workspace.class).inNamespace(ns).withName(name)
        .waitUntilCondition(w -> w != null && condition.test(w), timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  static Workspace waitForPhase(String ns, String name, String phase, Duration timeout) {
    return ClusterSteps.waitForPhase(client, ns, name, phase, timeout);
  }

  static String workspace(String ns, String name, String cls, String extraSpec) {
    return """
        apiVersion: air9.io/v1alpha1
        kind: Workspace
        metadata: {name: %s, namespace: %s}
        spec:
          class: %s
          owner: alice
        %s
        """.formatted(name, ns, cls, extraSpec.indent(2));
  }

  static void assertOk(Kubectl.Result r) {
    assertThat(r.exitCode()).as("kubectl: %s %s", r.stdout(), r.stderr()).isZero();
  }
}
