package io.air9.platform.operator;

import static io.air9.platform.operator.WorkspaceLifecycleIT.condition;
import static io.air9.platform.operator.WorkspaceLifecycleIT.events;
import static org.assertj.core.api.Assertions.assertThat;

import io.air9.platform.model.Workspace;
import io.air9.platform.operator.workspace.WorkspaceStatusAggregator;
import io.air9.platform.sim.junit.KubernetesClusterTest;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A start that hangs says why; the CRDs document every field for kubectl explain. */
@KubernetesClusterTest
class StartProblemsIT extends OperatorIT {

  private static final String NS = "team-problems";

  @BeforeAll
  static void teamAndOversizedClass() {
    team("problems", "{cpu: \"200\", memory: 1000Gi}");
    String jupyter = SamplesIT.read("deploy/classes/jupyterlab.yaml");
    assertOk(apply(jupyter.replace("name: jupyterlab", "name: huge")
        .replace("maxResources: {cpu: \"8\", memory: 32Gi, gpu: 1}", "maxResources: {cpu: \"128\", memory: 512Gi}")));
  }

  @Test
  void anUnschedulableWorkspaceSaysSoInStatusAndEvents() {
    assertOk(apply(workspace(NS, "giant", "huge", "resources: {cpu: \"64\", memory: 8Gi}")));
    Workspace ws = waitFor(NS, "giant", w -> w.getStatus() != null && w.getStatus().getConditions().stream()
        .anyMatch(c -> "Scheduled".equals(c.getType()) && "Unschedulable".equals(c.getReason())),
        Duration.ofSeconds(60));
    assertThat(condition(ws, WorkspaceStatusAggregator.SCHEDULED).getMessage()).contains("Insufficient cpu");
    assertThat(condition(ws, WorkspaceStatusAggregator.DEGRADED).getReason()).isEqualTo("Unschedulable");
    assertThat(condition(ws, WorkspaceStatusAggregator.READY).getStatus()).isEqualTo("False");
    assertThat(ws.getStatus().getPhase().name()).as("room may come: awaited, not failed").isEqualTo("Pending");
    assertThat(condition(ws, WorkspaceStatusAggregator.READY).getReason()).isEqualTo("WaitingForScheduling");
    assertThat(events(NS, "giant")).contains("Unschedulable").contains("Insufficient cpu");
  }

  @Test
  void aGpuWorkspaceRunsOnTheGpuNode() {
    assertOk(apply(workspace(NS, "gpu", "jupyterlab", "resources: {cpu: \"2\", memory: 8Gi, gpu: 1}")));
    waitForPhase(NS, "gpu", "Running", Duration.ofSeconds(60));
    Pod pod = client.pods().inNamespace(NS).withName("gpu-0").get();
    assertThat(pod.getSpec().getContainers().get(0).getResources().getLimits())
        .containsEntry("nvidia.com/gpu", new Quantity("1"));
    Node node = client.nodes().withName(pod.getSpec().getNodeName()).get();
    assertThat(node.getStatus().getCapacity()).containsKey("nvidia.com/gpu");
  }

  @Test
  void kubectlExplainDocumentsTheFields() {
    assertThat(kubectl("explain", "workspace.spec.idleTimeout").orThrow().stdout())
        .contains("Stop the workspace after this long without user activity");
    assertThat(kubectl("explain", "workspace.status.conditions").orThrow().stdout())
        .contains("Ready, StorageReady, Scheduled and Degraded");
    assertThat(kubectl("explain", "ws.spec.resources.gpu").orThrow().stdout()).contains("nvidia.com/gpu");
    assertThat(kubectl("explain", "team.spec.quota.maxWorkspaces").orThrow().stdout())
        .contains("Most workspaces the team may have");
  }
}
