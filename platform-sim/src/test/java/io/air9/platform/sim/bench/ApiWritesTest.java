package io.air9.platform.sim.bench;

import static org.assertj.core.api.Assertions.assertThat;

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
  void succeededOnlyLeavesRefusedWritesOut() {
    assertThat(ApiWrites.parse(METRICS, true)).containsEntry("APPLY workspaces/status", 458.0)
        .containsEntry("POST pods", 5.0);
  }
}
