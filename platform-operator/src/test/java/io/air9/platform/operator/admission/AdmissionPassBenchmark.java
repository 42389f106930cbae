package io.air9.platform.operator.admission;

import io.air9.platform.model.ComputeResources;
import io.air9.platform.model.Team;
import io.air9.platform.model.Workspace;
import io.air9.platform.model.WorkspaceClass;
import io.air9.platform.model.WorkspaceNames;
import io.air9.platform.model.WorkspacePhase;
import io.air9.platform.model.WorkspaceStatus;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Figures, not a test: the CPU of one whole admission pass of the operator (reading the caches into the inputs and
 * evaluating) for W Running workspaces with their bound pods on N nodes, printed. Run with
 * {@code java -XX:TieredStopAtLevel=1 -cp ... io.air9.platform.operator.admission.AdmissionPassBenchmark} (see
 * platform-operator/README.md, "Admission queue").
 */
public final class AdmissionPassBenchmark {

  private AdmissionPassBenchmark() {}

  public static void main(String[] args) {
    int[][] shapes = {{1000, 40}, {5000, 200}};
    for (int round = 0; round < Integer.getInteger("rounds", 3); round++) {
      for (int[] shape : shapes) {
        run(shape[0], shape[1], round == 2);
      }
    }
  }

  private static void run(int count, int nodeCount, boolean print) {
    WorkspaceClass cls = new WorkspaceClass();
    cls.setMetadata(new ObjectMetaBuilder().withName("jupyterlab").build());
    cls.getSpec().setDefaultResources(new ComputeResources("500m", "1Gi", 0));
    List<Node> nodes = new ArrayList<>();
    for (int i = 0; i < nodeCount; i++) {
      nodes.add(new NodeBuilder().withNewMetadata().withName(String.format("node-%03d", i)).endMetadata()
          .withNewStatus().addNewCondition().withType("Ready").withStatus("True").endCondition()
          .withAllocatable(Map.of("cpu", new Quantity("16"), "memory", new Quantity("64Gi"), "pods",
              new Quantity("110")))
          .endStatus().build());
    }
    List<Workspace> workspaces = new ArrayList<>();
    List<Pod> pods = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String ns = "team-t" + (i % 50);
      String name = "ws-" + i;
      Workspace ws = new Workspace();
      ws.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns).withUid("uid-ws-" + i)
          .withGeneration(1L).withResourceVersion(Integer.toString(1000 + i)).build());
      ws.getSpec().setWorkspaceClass("jupyterlab");
      WorkspaceStatus status = new WorkspaceStatus();
      status.setPhase(WorkspacePhase.Running);
      status.setObservedGeneration(1L);
      for (String type : List.of("Ready", "Available", "Progressing", "Degraded")) {
        status.getConditions().add(new ConditionBuilder().withType(type).withStatus("True").withReason("Ready")
            .withLastTransitionTime("2026-12-01T09:00:00Z").build());
      }
      ws.setStatus(status);
      workspaces.add(ws);
      pods.add(new PodBuilder().withMetadata(new ObjectMetaBuilder().withName(WorkspaceNames.pod(name))
              .withNamespace(ns).withUid("uid-pod-" + i).withResourceVersion(Integer.toString(9000 + i))
              .withLabels(Map.of("air9.io/workspace", name)).build())
          .withNewSpec().withNodeName(nodes.get(i % nodeCount).getMetadata().getName())
          .addNewContainer().withName("main").withNewResources()
          .withRequests(Map.of("cpu", new Quantity("500m"), "memory", new Quantity("1Gi"))).endResources()
          .endContainer().endSpec()
          .withNewStatus().withPhase("Running").endStatus().build());
    }
    WorkspaceAdmission admission = new WorkspaceAdmission();
    admission.use(new WorkspaceAdmission.Caches(() -> List.copyOf(workspaces), n -> cls, () -> List.copyOf(nodes),
        () -> List.copyOf(pods), List::<Team>of));
    admission.close();
    int repeats = 30;
    long[] cpu = new long[repeats];
    var threads = java.lang.management.ManagementFactory.getThreadMXBean();
    for (int r = 0; r < repeats; r++) {
      long before = threads.getCurrentThreadCpuTime();
      admission.evaluate();
      cpu[r] = threads.getCurrentThreadCpuTime() - before;
    }
    Arrays.sort(cpu);
    if (print) {
      System.out.printf("[measure] admission pass (caches to decisions) of %d Running workspaces with bound pods on %d"
          + " nodes: CPU best %.1f ms, median %.1f ms of %d%n", count, nodeCount, cpu[0] / 1e6,
          cpu[repeats / 2] / 1e6, repeats);
    }
  }
}
