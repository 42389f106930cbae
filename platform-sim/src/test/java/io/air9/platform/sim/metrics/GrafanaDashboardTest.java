package io.air9.platform.sim.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.air9.platform.sim.cluster.ClusterProviders;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class GrafanaDashboardTest {

  static final Path DASHBOARD = ClusterProviders.repoRoot().resolve("deploy/grafana/air9-dashboard.json");

  @Test
  void metricNamesSkipFunctionsLabelsRangesStringsAndNumbers() {
    assertThat(GrafanaDashboard.metricNames(
        "histogram_quantile(0.99, sum by (le, uri) (rate(http_server_requests_seconds_bucket{job=~\"$api\", "
            + "uri=~\"/api/.*\"}[$__rate_interval])))"))
        .containsExactly("http_server_requests_seconds_bucket");
    assertThat(GrafanaDashboard.metricNames("sum(rate(a_total[5m])) / on (job) group_left (x) sum(b:recorded) > 1e3"))
        .containsExactly("a_total", "b:recorded");
    assertThat(GrafanaDashboard.metricNames("max without (pod) (up offset 5m) or vector(0)")).containsExactly("up");
    assertThat(GrafanaDashboard.metricNames("count(x{phase='Running'}) and bool y")).containsExactly("x", "y");
  }

  @Test
  void exposedNamesAreTheSampleNamesOfAnExposition() {
    assertThat(GrafanaDashboard.exposedMetricNames("""
        # HELP air9_workspaces Workspaces by phase
        # TYPE air9_workspaces gauge
        air9_workspaces{phase="Running"} 3.0
        process_uptime_seconds 12.5
        """)).containsExactly("air9_workspaces", "process_uptime_seconds");
  }

  @Test
  void everyQueryOfTheShippedDashboardReadsOneApplicationsMetrics() {
    GrafanaDashboard dashboard = GrafanaDashboard.read(DASHBOARD);
    assertThat(dashboard.queries()).hasSizeGreaterThan(10);
    for (GrafanaDashboard.Query q : dashboard.queries()) {
      assertThat(q.reads("operator_job") ^ q.reads("api_job"))
          .as("%s: %s selects exactly one of $operator_job, $api_job", q.where(), q.expr()).isTrue();
      assertThat(q.metricNames()).as(q.where() + ": " + q.expr()).isNotEmpty();
    }
    assertThat(dashboard.metricsOf("operator_job")).contains("air9_workspaces",
        "air9_workspace_time_to_ready_seconds_bucket", "air9_workspace_culls_total",
        "operator_sdk_controllers_execution_reconcile_failure_total");
    assertThat(dashboard.metricsOf("api_job")).contains("http_server_requests_seconds_bucket");
  }
}
