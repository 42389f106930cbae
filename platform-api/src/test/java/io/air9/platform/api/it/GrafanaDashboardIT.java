package io.air9.platform.api.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.air9.platform.sim.cluster.KubernetesCluster;
import io.air9.platform.sim.junit.KubernetesClusterTest;
import io.air9.platform.sim.metrics.GrafanaDashboard;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * deploy/grafana/air9-dashboard.json reads only metrics the API really exposes: after API requests (a success, and a
 * 404 for a team alice is not in), every metric of the dashboard's API queries, latency histogram buckets included, is in
 * /actuator/prometheus.
 */
@KubernetesClusterTest
class GrafanaDashboardIT {

  @Test
  void everyApiMetricOfTheDashboardIsExposed(KubernetesCluster cluster) {
    ApiOnCluster api = ApiOnCluster.start(cluster);
    GrafanaDashboard dashboard = GrafanaDashboard.read(ApiOnCluster.REPO.resolve("deploy/grafana/air9-dashboard.json"));
    Set<String> wanted = dashboard.metricsOf("api_job");
    assertThat(wanted).contains("http_server_requests_seconds_bucket");

    assertThat(api.send("GET", "/api/v1/teams/a/workspaces", api.token("alice"), null).status()).isEqualTo(200);
    assertThat(api.send("GET", "/api/v1/teams/b/workspaces", api.token("alice"), null).status()).isEqualTo(404);
    ApiOnCluster.Response metrics = api.send("GET", "/actuator/prometheus", null, null);
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.body()).contains("http_server_requests_seconds_bucket{")
        .contains("uri=\"/api/v1/teams/{team}/workspaces\"");
    Set<String> missing = new TreeSet<>(wanted);
    missing.removeAll(GrafanaDashboard.exposedMetricNames(metrics.body()));
    assertThat(missing).as("metrics of the dashboard the API does not expose").isEmpty();
  }
}
