package io.air9.platform.sim.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiWritesTest {

  private static final String METRICS = """
      # TYPE apiserver_request_total counter
      apiserver_request_total{code="200",component="apiserver",dry_run="",group="air9.io",resource="workspaces",scope="resource",subresource="status",verb="APPLY",version="v1alpha1"} 458
      apiserver_request_total{code="409",component="apiserver",dry_run="",group="air9.io",resource="workspaces",scope="resource",subresource="status",verb="APPLY",version="v1alpha1"} 2
      apiserver_request_total{code="200",component="apiserver",dry_run="",group="air9.io",resource="workspaces",scope="resource",subresource="",verb="GET",version="v1alpha1"} 7
      apiserver_request_total{code="201",component="apiserver",dry_run="All",group="",resource="pods",scope="resource",subresource="",verb="POST",version="v1"} 3
      apiserver_request_total{code="201",component="apiserver",dry_run="",group="",resource="pods",scope="resource",subresource="",verb="POST",version="v1"} 5
      """;

  @Test
  void writesAreSummedByVerbAndResourceWithoutReadsOrDryRuns() {
    assertThat(ApiWrites.parse(METRICS)).containsOnlyKeys("APPLY workspaces/status", "POST pods")
        .containsEntry("APPLY workspaces/status", 460.0).containsEntry("POST pods", 5.0);
  }

  @Test
  void readsAreSummedByVerbAndResourceAndWatchEventsByResourceOrKind() {
    String metrics = METRICS + """
        apiserver_request_total{code="200",component="",dry_run="",group="",resource="",scope="",subresource="/healthz",verb="GET",version=""} 9
        apiserver_request_total{code="200",component="apiserver",dry_run="",group="",resource="pods",scope="cluster",subresource="",verb="LIST",version="v1"} 4
        apiserver_request_total{code="0",component="apiserver",dry_run="",group="",resource="pods",scope="cluster",subresource="",verb="WATCH",version="v1"} 3
        apiserver_watch_events_total{group="",resource="pods",version="v1"} 1200
        apiserver_watch_events_total{group="air9.io",resource="workspaces",version="v1alpha1"} 300
        apiserver_watch_events_total{group="apps",kind="StatefulSet",version="v1"} 50
        apiserver_watch_events_sizes_sum{group="",resource="pods",version="v1"} 8.88e+06
        apiserver_watch_events_sizes_count{group="",resource="pods",version="v1"} 1200
        """;

    assertThat(ApiWrites.parseReads(metrics)).containsOnly(Map.entry("GET workspaces", 7.0),
        Map.entry("LIST pods", 4.0), Map.entry("WATCH pods", 3.0), Map.entry("events pods", 1200.0),
        Map.entry("events workspaces", 300.0), Map.entry("events StatefulSet", 50.0), Map.entry("KB pods", 8880.0));
  }

  @Test
  void succeededOnlyLeavesRefusedWritesOut() {
    assertThat(ApiWrites.parse(METRICS, true)).containsEntry("APPLY workspaces/status", 458.0)
        .containsEntry("POST pods", 5.0);
  }

  @Test
  void writesPerWorkspaceAreWhatAPhaseAddedDividedByItsStarts() {
    assertThat(ApiWrites.perWorkspace(Map.of("POST pods", 5.0, "PUT leases", 100.0),
        Map.of("POST pods", 305.0, "PUT leases", 100.0, "POST events", 600.0), 300))
        .containsOnly(Map.entry("POST pods", 1.0), Map.entry("POST events", 2.0));
  }

  @Test
  void josdksReconcileCounterIsSummedByKindOverItsRetryLabels() {
    // as an operator's /actuator/prometheus?includedNames=operator_sdk_reconciliations_started renders it
    String scrape = """
        # HELP operator_sdk_reconciliations_started_total
        # TYPE operator_sdk_reconciliations_started_total counter
        operator_sdk_reconciliations_started_total{group="air9.io",kind="Team",reconciliations_retries_last="true",reconciliations_retries_number="0",scope="cluster",version="v1alpha1"} 7.0
        operator_sdk_reconciliations_started_total{group="air9.io",kind="Workspace",reconciliations_retries_last="true",reconciliations_retries_number="0",scope="namespace",version="v1alpha1"} 16.0
        operator_sdk_reconciliations_started_total{group="air9.io",kind="Workspace",reconciliations_retries_last="false",reconciliations_retries_number="1",scope="namespace",version="v1alpha1"} 2.0
        operator_sdk_reconciliations_success_total{group="air9.io",kind="Workspace",scope="namespace",version="v1alpha1"} 16.0
        """;
    assertThat(PromText.sumBy(scrape, "operator_sdk_reconciliations_started_total", "kind"))
        .containsOnly(Map.entry("Team", 7.0), Map.entry("Workspace", 18.0));
  }
}
