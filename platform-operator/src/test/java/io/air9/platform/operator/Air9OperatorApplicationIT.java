package io.air9.platform.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.air9.platform.model.Crds;
import io.air9.platform.model.Workspace;
import io.air9.platform.sim.cluster.KubernetesCluster;
import io.air9.platform.sim.junit.KubernetesClusterTest;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The deployed form: Spring Boot with leader election, actuator health and Prometheus metrics. */
@KubernetesClusterTest
class Air9OperatorApplicationIT {

  @Test
  void bootAppElectsALeaderReconcilesAndExposesHealthAndMetrics(KubernetesCluster cluster, KubernetesClient client)
      throws Exception {
    Crds.install(client);
    DefaultClasses.apply(client, OperatorIT.REPO);
    try (ConfigurableApplicationContext app = new SpringApplicationBuilder(Air9OperatorApplication.class)
        .properties("server.port=0", "air9.leader-election.namespace=default",
            "air9.leader-election.exit-on-loss=false", "air9.ingress.scheme=https",
            "air9.kubeconfig=" + cluster.kubeconfig())
        .run()) {
      Lease lease = client.leases().inNamespace("default").withName(OperatorSettings.LEASE_NAME)
          .waitUntilCondition(l -> l != null && l.getSpec().getHolderIdentity() != null, 60, TimeUnit.SECONDS);
      assertThat(lease.getSpec().getHolderIdentity()).isNotBlank();

      ClusterSteps.applyTeam(cluster, client, "booted", """
          apiVersion: air9.io/v1alpha1
          kind: Team
          metadata: {name: booted}
          spec: {quota: {cpu: "8", memory: 16Gi}}
          """);
      cluster.kubectl().runWithInput("""
          apiVersion: air9.io/v1alpha1
          kind: Workspace
          metadata: {name: nb, namespace: team-booted}
          spec: {class: jupyterlab}
          """, "apply", "-f", "-").orThrow();
      Workspace ws = ClusterSteps.waitForPhase(client, "team-booted", "nb", "Running", Duration.ofSeconds(60));
      assertThat(ws.getStatus().getUrl()).startsWith("https://air9.localtest.me/ws/team-booted/nb/");

      String port = app.getEnvironment().getProperty("local.server.port");
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      HttpResponse<String> health = http.send(HttpRequest.newBuilder(
          URI.create("http://localhost:" + port + "/actuator/health")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).contains("\"UP\"");
      HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(
          URI.create("http://localhost:" + port + "/actuator/prometheus")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body())
          .containsPattern("air9_workspaces\\{phase=\"Running\"[^}]*\\} [1-9]")
          .containsPattern("air9_workspace_time_to_ready_seconds_count [1-9]")
          .contains("air9_workspace_time_to_ready_seconds_bucket")
          .contains("air9_workspace_culls_total")
          .containsPattern("operator_sdk_controllers_execution_reconcile_success_total\\{controller=\"workspace\""
              + ",type=\"status\"\\} [1-9]")
          .contains("operator_sdk_events_received_total");
    }
  }
}
