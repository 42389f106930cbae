package io.air9.platform.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.air9.platform.model.Crds;
import io.air9.platform.model.Workspace;
import io.air9.platform.sim.cluster.KubernetesCluster;
import io.air9.platform.sim.junit.KubernetesClusterTest;
import io.air9.platform.sim.junit.Waits;
import io.air9.platform.sim.metrics.GrafanaDashboard;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * deploy/grafana/air9-dashboard.json reads only metrics the operator really exposes: the deployed form (Spring Boot)
 * runs a workspace to Running and one whose StatefulSet an admission policy refuses (a reconcile error, so JOSDK's
 * failure counter exists), then every metric of the dashboard's operator queries must be in /actuator/prometheus.
 */
@KubernetesClusterTest
class GrafanaDashboardIT {

  private static final String REFUSE = """
      apiVersion: admissionregistration.k8s.io/v1
      kind: ValidatingAdmissionPolicy
      metadata: {name: air9-it-refuse-statefulsets}
      spec:
        failurePolicy: Fail
        matchConstraints:
          namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: team-graf}}
          resourceRules:
            - {apiGroups: [apps], apiVersions: [v1], operations: [CREATE, UPDATE], resources: [statefulsets]}
        validations:
          - {expression: "!object.metadata.name.startsWith('refused')", message: refused by the test's admission policy}
      ---
      apiVersion: admissionregistration.k8s.io/v1
      kind: ValidatingAdmissionPolicyBinding
      metadata: {name: air9-it-refuse-statefulsets}
      spec: {policyName: air9-it-refuse-statefulsets, validationActions: [Deny]}
      """;

  @Test
  void everyOperatorMetricOfTheDashboardIsExposed(KubernetesCluster cluster, KubernetesClient client)
      throws Exception {
    GrafanaDashboard dashboard = GrafanaDashboard.read(OperatorIT.REPO.resolve("deploy/grafana/air9-dashboard.json"));
    Set<String> wanted = dashboard.metricsOf("operator_job");
    assertThat(wanted).contains("air9_workspaces", "operator_sdk_controllers_execution_reconcile_failure_total");

    Crds.install(client);
    DefaultClasses.apply(client, OperatorIT.REPO);
    try (ConfigurableApplicationContext app = new SpringApplicationBuilder(Air9OperatorApplication.class)
        .properties("server.port=0", "air9.leader-election.enabled=false", "air9.kubeconfig=" + cluster.kubeconfig())
        .run()) {
      ClusterSteps.applyTeam(cluster, client, "graf", """
          apiVersion: air9.io/v1alpha1
          kind: Team
          metadata: {name: graf}
          spec: {quota: {cpu: "8", memory: 16Gi}}
          """);
      cluster.kubectl().runWithInput(REFUSE, "apply", "-f", "-").orThrow();
      // The policy is in force once the API server refuses a matching StatefulSet.
      Waits.await("the admission policy in force", Duration.ofSeconds(30), () -> !cluster.kubectl().runWithInput("""
          apiVersion: apps/v1
          kind: StatefulSet
          metadata: {name: refused-probe, namespace: team-graf}
          spec:
            selector: {matchLabels: {a: b}}
            template: {metadata: {labels: {a: b}}, spec: {containers: [{name: c, image: x}]}}
          """, "apply", "--dry-run=server", "-f", "-").ok());
      try {
        cluster.kubectl().runWithInput("""
            apiVersion: air9.io/v1alpha1
            kind: Workspace
            metadata: {name: ok, namespace: team-graf}
            spec: {class: jupyterlab}
            ---
            apiVersion: air9.io/v1alpha1
            kind: Workspace
            metadata: {name: refused, namespace: team-graf}
            spec: {class: jupyterlab}
            """, "apply", "-f", "-").orThrow();
        ClusterSteps.waitForPhase(client, "team-graf", "ok", "Running", Duration.ofSeconds(90));
        client.resources(Workspace.class).inNamespace("team-graf").withName("refused").waitUntilCondition(
            w -> w != null && w.getStatus() != null && w.getStatus().getConditions().stream()
                .anyMatch(c -> "ReconcileError".equals(c.getReason())), 90, TimeUnit.SECONDS);

        String port = app.getEnvironment().getProperty("local.server.port");
        HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://localhost:" + port + "/actuator/prometheus")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.statusCode()).isEqualTo(200);
        Set<String> missing = new TreeSet<>(wanted);
        missing.removeAll(GrafanaDashboard.exposedMetricNames(metrics.body()));
        assertThat(missing).as("metrics of the dashboard the operator does not expose").isEmpty();
      } finally {
        cluster.kubectl().runWithInput(REFUSE, "delete", "--ignore-not-found", "-f", "-");
      }
    }
  }
}
