package io.air9.platform.model.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import io.air9.platform.model.DesiredState;
import io.air9.platform.model.StartDeadline;
import io.air9.platform.model.StartStep;
import io.air9.platform.model.Team;
import io.air9.platform.model.TeamQuota;
import io.air9.platform.model.Workspace;
import io.air9.platform.model.WorkspaceClass;
import io.air9.platform.model.WorkspaceClassSpec;
import io.air9.platform.model.WorkspaceNames;
import io.air9.platform.model.WorkspacePhase;
import io.air9.platform.model.WorkspaceStatus;
import io.air9.platform.model.capacity.Admission.Demand;
import io.air9.platform.model.capacity.Admission.Quota;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The one builder of the queue's inputs, as the operator and the API use it, on plain objects. */
class AdmissionInputsTest {

  static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");

  final WorkspaceClass gpuClass = new WorkspaceClass();
  final Function<String, WorkspaceClass> classes = name -> "gpu".equals(name) ? gpuClass : null;
  final List<Workspace> workspaces = new ArrayList<>();
  final List<Pod> pods = new ArrayList<>();
  final List<String> waitingAsked = new ArrayList<>();
  final List<Pod> podsRead = new ArrayList<>();
  Set<String> remembered = Set.of();

  /** Requests from the workspace's class (1 CPU, 2Gi, 1 GPU); waiting since T0; remembers what the test says. */
  final AdmissionInputs.Knowledge knowledge = new AdmissionInputs.Knowledge() {
    @Override
    public Amounts podRequests(Pod pod) {
      podsRead.add(pod);
      return NodeRoom.requests(pod);
    }

    @Override
    public Amounts request(Workspace ws, WorkspaceClassSpec cls) {
      assertThat(cls).isSameAs(gpuClass.getSpec());
      return AdmissionTest.gpus(1);
    }

    @Override
    public boolean admittedBefore(String key) {
      return remembered.contains(key);
    }

    @Override
    public Instant waitingSince(String key, Workspace ws) {
      waitingAsked.add(key);
      return T0;
    }
  };

  AdmissionInputsTest() {
    gpuClass.setMetadata(new ObjectMetaBuilder().withName("gpu").build());
  }

  static Node gpuNode(String name, int gpus) {
    return new NodeBuilder().withNewMetadata().withName(name).endMetadata()
        .withNewStatus().addNewCondition().withType("Ready").withStatus("True").endCondition()
        .withAllocatable(Map.of("cpu", new Quantity("16"), "memory", new Quantity("64Gi"),
            "nvidia.com/gpu", new Quantity(Integer.toString(gpus))))
        .endStatus().build();
  }

  Workspace workspace(String team, String name, WorkspacePhase phase) {
    Workspace ws = new Workspace();
    ws.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("team-" + team).withGeneration(1L)
        .build());
    ws.getSpec().setWorkspaceClass("gpu");
    if (phase != null) {
      ws.setStatus(new WorkspaceStatus());
      ws.getStatus().setPhase(phase);
    }
    workspaces.add(ws);
    return ws;
  }

  /** The workspace's pod requesting 1 GPU, on {@code node} (null: not scheduled yet), in {@code phase}. */
  Pod pod(Workspace ws, String node, String phase) {
    Pod p = new PodBuilder().withNewMetadata().withNamespace(ws.getMetadata().getNamespace())
        .withName(WorkspaceNames.pod(ws.getMetadata().getName())).endMetadata()
        .withNewSpec().withNodeName(node).addNewContainer().withName("main").withNewResources()
        .withRequests(Map.of("cpu", new Quantity("1"), "memory", new Quantity("1Gi"),
            "nvidia.com/gpu", new Quantity("1"))).endResources().endContainer().endSpec()
        .withNewStatus().withPhase(phase).endStatus().build();
    pods.add(p);
    return p;
  }

  AdmissionInputs build(List<Node> nodes, List<Team> teams) {
    return AdmissionInputs.of(nodes, pods, teams, workspaces, classes, knowledge);
  }

  static void same(Amounts actual, Amounts expected) {
    assertThat(actual.cpu()).isEqualByComparingTo(expected.cpu());
    assertThat(actual.memory()).isEqualByComparingTo(expected.memory());
    assertThat(actual.gpu()).isEqualByComparingTo(expected.gpu());
  }

  static Map<String, Demand> byKey(AdmissionInputs inputs) {
    return inputs.demands().stream().collect(Collectors.toMap(Demand::key, d -> d));
  }

  @Test
  void onlyWorkspacesThatShouldRunOfAKnownClassAreDemands() {
    workspace("a", "runs", WorkspacePhase.Running);
    workspace("a", "stopped", WorkspacePhase.Stopped).getSpec().setState(DesiredState.Stopped);
    workspace("a", "deleting", WorkspacePhase.Running).getMetadata().setDeletionTimestamp("2026-12-01T09:05:00Z");
    workspace("a", "unknown-class", null).getSpec().setWorkspaceClass("gone");
    Workspace failed = workspace("a", "past-deadline", WorkspacePhase.Failed);
    failed.getStatus().setObservedGeneration(1L);
    failed.getStatus().setStartTimeline(List.of(new StartStep(StartStep.Name.Accepted, "2026-12-01T09:00:00Z", 0.0)));
    failed.getStatus().setConditions(List.of(new ConditionBuilder().withType("Ready").withStatus("False")
        .withReason(StartDeadline.REASON).build()));
    Workspace restarted = workspace("a", "started-again", WorkspacePhase.Failed);
    restarted.setStatus(failed.getStatus());
    restarted.getMetadata().setGeneration(2L);

    assertThat(build(List.of(), List.of()).demands()).extracting(Demand::key)
        .containsExactly("team-a/runs", "team-a/started-again");
  }

  @Test
  void aPodNotScheduledYetExistsButIsNotBound() {
    Workspace unscheduled = workspace("a", "unscheduled", WorkspacePhase.Pending);
    pod(unscheduled, null, "Pending");
    Workspace bound = workspace("a", "bound", WorkspacePhase.Running);
    pod(bound, "gpu-0", "Running");
    Workspace ended = workspace("a", "ended", WorkspacePhase.Pending);
    pod(ended, "gpu-0", "Succeeded");
    workspace("a", "no-pod", WorkspacePhase.Provisioning);

    Map<String, Demand> d = byKey(build(List.of(gpuNode("gpu-0", 4)), List.of()));
    assertThat(d.get("team-a/unscheduled")).extracting(Demand::podExists, Demand::podBound)
        .containsExactly(true, false);
    assertThat(d.get("team-a/bound")).extracting(Demand::podExists, Demand::podBound).containsExactly(true, true);
    assertThat(d.get("team-a/ended")).as("a pod that ended holds nothing").extracting(Demand::podExists,
        Demand::podBound).containsExactly(false, false);
    assertThat(d.get("team-a/no-pod")).extracting(Demand::podExists, Demand::podBound).containsExactly(false, false);
  }

  @Test
  void anAdmittedWorkspacesUnscheduledPodLeavesItsNodeRoomReserved() {
    // Two GPUs: a1's pod exists without a node, a2 has no pod yet, a3 waits. Both admitted ones hold a GPU on the
    // node, so a new workspace of the same team is 2nd in line (bound, a1 would hold none: a3 admitted, it 1st).
    Workspace a1 = workspace("q", "a1", WorkspacePhase.Pending);
    pod(a1, null, "Pending");
    workspace("q", "a2", WorkspacePhase.Provisioning);
    workspace("q", "a3", WorkspacePhase.Queued);
    AdmissionInputs inputs = build(List.of(gpuNode("gpu-0", 2)), List.of());
    same(inputs.nodes().get(0).requested(), Amounts.ZERO);
    assertThat(inputs.teamPods().get("q").gpu()).as("the pod counts in its team's quota").isEqualByComparingTo("1");

    var decision = inputs.place(new Demand("team-q/new", "q", AdmissionTest.gpus(1), Placement.ANY,
        T0.plusSeconds(60), false, false, false));
    assertThat(decision.admitted()).isFalse();
    assertThat(decision.position()).isEqualTo(2);
    assertThat(inputs.evaluate().decisions().get("team-q/a3").position()).isEqualTo(1);
  }

  @Test
  void teamPodsNodesAndQuotasComeFromTheCachesWithTheCallersPodRequests() {
    Workspace running = workspace("a", "running", WorkspacePhase.Running);
    Pod onNode = pod(running, "gpu-0", "Running");
    Pod ended = pod(workspace("a", "old", WorkspacePhase.Stopped), "gpu-0", "Failed");
    Pod foreign = new PodBuilder(onNode).editMetadata().withNamespace("kube-system").withName("other")
        .endMetadata().build();
    pods.add(foreign);
    Team a = new Team();
    a.setMetadata(new ObjectMetaBuilder().withName("a").build());
    a.getSpec().setQuota(new TeamQuota("8", "32Gi", 2, "100Gi", 10));
    Team b = new Team();
    b.setMetadata(new ObjectMetaBuilder().withName("b").build());
    b.getSpec().setQuota(null);

    AdmissionInputs inputs = build(List.of(gpuNode("gpu-0", 4)), List.of(a, b));
    assertThat(inputs.teamPods()).as("only team namespaces' pods that hold resources").containsOnlyKeys("a");
    same(inputs.teamPods().get("a"), AdmissionTest.amounts("1", "1Gi", 1));
    assertThat(inputs.nodes()).hasSize(1);
    // every bound pod that holds resources, any namespace
    same(inputs.nodes().get(0).requested(), AdmissionTest.amounts("2", "2Gi", 2));
    assertThat(podsRead).as("the caller's (memoised) reading, never a pod that ended").contains(onNode, foreign)
        .doesNotContain(ended);
    assertThat(inputs.quotas()).containsEntry("a", new Quota(new Quantity("8").getNumericalAmount(),
        new Quantity("32Gi").getNumericalAmount(), BigDecimal.valueOf(2))).containsEntry("b", Quota.UNLIMITED);
  }

  @Test
  void admittedByTheWorldOrTheCallersMemoryElseWaitingSinceTheCallerSays() {
    workspace("a", "running", WorkspacePhase.Running);
    pod(workspace("a", "pod-only", null), null, "Pending");
    workspace("a", "remembered", WorkspacePhase.Queued);
    workspace("a", "new", null);
    remembered = Set.of("team-a/remembered");

    Map<String, Demand> d = byKey(build(List.of(), List.of()));
    assertThat(d.values()).filteredOn(Demand::admitted).extracting(Demand::key)
        .containsExactlyInAnyOrder("team-a/running", "team-a/pod-only", "team-a/remembered");
    assertThat(d.get("team-a/new").since()).isEqualTo(T0);
    assertThat(waitingAsked).as("only a waiting workspace asks since when").containsExactly("team-a/new");
    same(d.get("team-a/new").request(), AdmissionTest.gpus(1));
    assertThat(d.get("team-a/new").team()).isEqualTo("a");
  }
}
