package io.air9.platform.model.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import io.air9.platform.model.capacity.Admission.Decision;
import io.air9.platform.model.capacity.Admission.Demand;
import io.air9.platform.model.capacity.Admission.Quota;
import io.fabric8.kubernetes.api.model.NodeSelectorTermBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdmissionTest {

  static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");
  static final Taint GPU_TAINT = new TaintBuilder().withKey("nvidia.com/gpu").withValue("present")
      .withEffect("NoSchedule").build();
  static final Toleration GPU_TOLERATION = new TolerationBuilder().withKey("nvidia.com/gpu").withOperator("Exists")
      .withEffect("NoSchedule").build();

  static Amounts amounts(String cpu, String memory, int gpu) {
    return new Amounts(new Quantity(cpu).getNumericalAmount(), new Quantity(memory).getNumericalAmount(),
        BigDecimal.valueOf(gpu));
  }

  static NodeRoom node(String name, String cpu, String memory, int gpu, Taint... taints) {
    return new NodeRoom(name, true, true, Map.of("air9.io/pool", gpu > 0 ? "gpu" : "cpu"), List.of(taints),
        amounts(cpu, memory, gpu), Amounts.ZERO);
  }

  static Demand waiting(String key, String team, Amounts request, int minute) {
    return new Demand(key, team, request, Placement.ANY, T0.plusSeconds(60L * minute), false, false, false);
  }

  static Demand running(String key, String team, Amounts request) {
    return new Demand(key, team, request, Placement.ANY, T0, true, false, false);
  }

  static Amounts gpus(int n) {
    return amounts("1", "1Gi", n);
  }

  @Test
  void admitsWhatFitsAndQueuesTheRestWithPositionsAndWhatTheyWaitFor() {
    List<NodeRoom> nodes = List.of(node("gpu-0", "16", "64Gi", 4));
    var result = Admission.evaluate(nodes, Map.of(), Map.of(), List.of(
        waiting("a/one", "a", gpus(2), 0), waiting("a/two", "a", gpus(2), 1), waiting("a/three", "a", gpus(2), 2),
        waiting("a/four", "a", gpus(1), 3)));
    assertThat(result.decisions().get("a/one").admitted()).isTrue();
    assertThat(result.decisions().get("a/two").admitted()).isTrue();
    Decision three = result.decisions().get("a/three");
    assertThat(three.admitted()).isFalse();
    assertThat(three.position()).isEqualTo(1);
    assertThat(three.waitingFor()).isEqualTo("2 GPUs");
    assertThat(result.decisions().get("a/four").position()).isEqualTo(2);
    assertThat(result.queue()).extracting(Demand::key).containsExactly("a/three", "a/four");
  }

  @Test
  void fifoInsideATeam() {
    List<NodeRoom> nodes = List.of(node("gpu-0", "16", "64Gi", 1));
    var result = Admission.evaluate(nodes, Map.of(), Map.of(), List.of(
        waiting("a/late", "a", gpus(1), 5), waiting("a/early", "a", gpus(1), 1), waiting("a/middle", "a", gpus(1), 3)));
    assertThat(result.decisions().get("a/early").admitted()).isTrue();
    assertThat(result.queue()).extracting(Demand::key).containsExactly("a/middle", "a/late");
  }

  @Test
  void theTeamWithTheSmallerDominantShareGoesFirstEvenWhenItCameLater() {
    // team a holds 3 of the 4 GPUs; one frees; b's workspace came after a's but b holds nothing
    List<NodeRoom> nodes = List.of(node("gpu-0", "16", "64Gi", 4));
    List<Demand> demands = List.of(running("a/r1", "a", gpus(1)), running("a/r2", "a", gpus(1)),
        running("a/r3", "a", gpus(1)), waiting("a/next", "a", gpus(1), 1), waiting("b/first", "b", gpus(1), 2),
        waiting("b/second", "b", gpus(1), 3));
    var result = Admission.evaluate(nodes, Map.of(), Map.of(), demands);
    assertThat(result.decisions().get("b/first").admitted()).isTrue();
    // a holds 3/4, b 1/4: b's second still goes before a's next
    assertThat(result.queue()).extracting(Demand::key).containsExactly("b/second", "a/next");
    assertThat(result.decisions().get("b/second").position()).isEqualTo(1);
    assertThat(result.decisions().get("a/next").position()).isEqualTo(2);
  }

  @Test
  void positionsInterleaveTeamsByShare() {
    List<NodeRoom> nodes = List.of(node("gpu-0", "16", "64Gi", 0));
    List<Demand> demands = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      demands.add(waiting("a/" + i, "a", amounts("16", "1Gi", 0), i));
      demands.add(waiting("b/" + i, "b", amounts("16", "1Gi", 0), 10 + i));
    }
    var result = Admission.evaluate(nodes, Map.of(), Map.of(), demands);
    assertThat(result.decisions().get("a/0").admitted()).as("a came first").isTrue();
    assertThat(result.queue()).extracting(Demand::key).containsExactly("b/0", "a/1", "b/1", "a/2", "b/2");
  }

  @Test
  void aWaitingWorkspaceDoesNotBlockASmallerOneOfItsTeam() {
    List<NodeRoom> nodes = List.of(node("n", "4", "16Gi", 0));
    var result = Admission.evaluate(nodes, Map.of(), Map.of(), List.of(running("a/r", "a", amounts("2", "1Gi", 0)),
        waiting("a/big", "a", amounts("4", "1Gi", 0), 1), waiting("a/small", "a", amounts("1", "1Gi", 0), 2)));
    assertThat(result.decisions().get("a/small").admitted()).isTrue();
    assertThat(result.decisions().get("a/big").position()).isEqualTo(1);
    assertThat(result.decisions().get("a/big").waitingFor()).isEqualTo("4 CPU");
  }

  @Test
  void taintedNodesCountOnlyForWorkspacesThatTolerateThem() {
    List<NodeRoom> nodes = List.of(node("cpu-0", "2", "8Gi", 0), node("gpu-0", "16", "64Gi", 4, GPU_TAINT));
    Placement tolerant = new Placement(Map.of(), List.of(GPU_TOLERATION), List.of());
    Demand plain = waiting("a/plain", "a", amounts("4", "1Gi", 0), 0);
    Demand gpu = new Demand("a/gpu", "a", amounts("4", "1Gi", 1), tolerant, T0, false, false, false);
    var result = Admission.evaluate(nodes, Map.of(), Map.of(), List.of(plain, gpu));
    assertThat(result.decisions().get("a/gpu").admitted()).isTrue();
    assertThat(result.decisions().get("a/plain").admitted())
        .as("larger than every node it may use: admitted, Kubernetes says Unschedulable").isTrue();
    assertThat(result.queue()).isEmpty();
  }

  @Test
  void nodeSelectorAndAffinityRestrictTheNodes() {
    NodeRoom cpu = node("cpu-0", "16", "64Gi", 0);
    NodeRoom gpu = node("gpu-0", "16", "64Gi", 4);
    assertThat(new Placement(Map.of("air9.io/pool", "gpu"), List.of(), List.of()).allows(cpu)).isFalse();
    assertThat(new Placement(Map.of("air9.io/pool", "gpu"), List.of(), List.of()).allows(gpu)).isTrue();
    Placement affinity = new Placement(Map.of(), List.of(), List.of(new NodeSelectorTermBuilder()
        .addNewMatchExpression().withKey("air9.io/pool").withOperator("NotIn").withValues("gpu").endMatchExpression()
        .build()));
    assertThat(affinity.allows(cpu)).isTrue();
    assertThat(affinity.allows(gpu)).isFalse();
    assertThat(Placement.ANY.allows(node("t", "1", "1Gi", 0, GPU_TAINT))).isFalse();
    Taint preferNo = new TaintBuilder().withKey("x").withEffect("PreferNoSchedule").build();
    assertThat(Placement.ANY.allows(node("p", "1", "1Gi", 0, preferNo))).as("only a preference").isTrue();
  }

  @Test
  void theTeamQuotaHoldsWorkspacesBackAndSaysHowMuchIsLeft() {
    List<NodeRoom> nodes = List.of(node("gpu-0", "16", "64Gi", 4));
    Map<String, Quota> quotas = Map.of("a", new Quota(null, null, BigDecimal.valueOf(2)));
    var result = Admission.evaluate(nodes, Map.of("a", gpus(1)), quotas, List.of(
        waiting("a/two", "a", gpus(2), 0), waiting("a/one", "a", gpus(1), 1)));
    assertThat(result.decisions().get("a/two").waitingFor()).isEqualTo("room in team a's quota: 2 GPUs (0 left)");
    assertThat(result.decisions().get("a/one").admitted()).isTrue();
    var larger = Admission.evaluate(nodes, Map.of(), quotas, List.of(waiting("a/three", "a", gpus(3), 0)));
    assertThat(larger.decisions().get("a/three").admitted()).as("more than the whole quota: Kubernetes says why")
        .isTrue();
  }

  @Test
  void anAdmittedWorkspaceWithoutABoundPodKeepsItsRoom() {
    List<NodeRoom> nodes = List.of(node("gpu-0", "16", "64Gi", 2));
    var result = Admission.evaluate(nodes, Map.of(), Map.of(), List.of(running("a/admitted", "a", gpus(2)),
        waiting("b/next", "b", gpus(1), 0)));
    assertThat(result.decisions().get("b/next").admitted()).isFalse();
    // its pod bound: the node's requests already hold it, nothing is reserved twice
    NodeRoom used = new NodeRoom("gpu-0", true, true, Map.of(), List.of(), gpus(0).plus(amounts("0", "0", 2)),
        amounts("1", "1Gi", 2));
    var bound = Admission.evaluate(List.of(used), Map.of("a", gpus(2)), Map.of(), List.of(
        new Demand("a/admitted", "a", gpus(2), Placement.ANY, T0, true, true, true)));
    assertThat(bound.room().mostFree(Placement.ANY).gpu()).isEqualByComparingTo("0");
  }

  @Test
  void cordonedAndNotReadyNodesTakeNothing() {
    NodeRoom cordoned = new NodeRoom("c", true, false, Map.of(), List.of(), gpus(4), Amounts.ZERO);
    NodeRoom notReady = new NodeRoom("r", false, true, Map.of(), List.of(), gpus(4), Amounts.ZERO);
    var result = Admission.evaluate(List.of(cordoned, notReady, node("small", "16", "64Gi", 1)), Map.of(), Map.of(),
        List.of(waiting("a/one", "a", gpus(1), 0), waiting("a/two", "a", gpus(1), 1)));
    assertThat(result.decisions().get("a/one").admitted()).isTrue();
    assertThat(result.decisions().get("a/two").position()).isEqualTo(1);
  }

  @Test
  void theRoomLeftAdmitsMoreAtOnce() {
    var result = Admission.evaluate(List.of(node("gpu-0", "16", "64Gi", 2)), Map.of(), Map.of(), List.of());
    assertThat(result.room().take(waiting("a/x", "a", gpus(1), 0))).isTrue();
    assertThat(result.room().take(waiting("a/y", "a", gpus(2), 0))).isFalse();
  }

  @Test
  void aCheckedWorkspaceIsPlacedBehindTheQueueThatWouldTakeTheRoomTheNodesShowFree() {
    // The node shows 2 GPUs free (no bound pod), but two admitted workspaces hold them until their pods bind, and
    // a3 already waits: a new GPU workspace of team a would be 2nd in line, one of team b (holding nothing) 1st.
    List<NodeRoom> nodes = List.of(node("gpu-0", "16", "64Gi", 2));
    List<Demand> demands = List.of(running("a/a1", "a", gpus(1)), running("a/a2", "a", gpus(1)),
        waiting("a/a3", "a", gpus(1), 1));
    Decision sameTeam = Admission.place(nodes, Map.of(), Map.of(), demands, waiting("a/new", "a", gpus(1), 9));
    assertThat(sameTeam).isEqualTo(new Decision(false, 2, "1 GPU"));
    Decision otherTeam = Admission.place(nodes, Map.of(), Map.of(), demands, waiting("b/new", "b", gpus(1), 9));
    assertThat(otherTeam).isEqualTo(new Decision(false, 1, "1 GPU"));
    // the queue does not block a request that the room left still takes, nor one nobody waits ahead of
    Decision cpuOnly = Admission.place(nodes, Map.of(), Map.of(), demands, waiting("a/cpu", "a", gpus(0), 9));
    assertThat(cpuOnly.admitted()).isTrue();
    Decision alone = Admission.place(nodes, Map.of(), Map.of(), List.of(), waiting("a/new", "a", gpus(2), 9));
    assertThat(alone.admitted()).isTrue();
  }

  @Test
  void aCheckOfAWorkspaceAlreadyInTheDemandsCountsItOnce() {
    List<NodeRoom> nodes = List.of(node("gpu-0", "16", "64Gi", 1));
    List<Demand> demands = List.of(waiting("a/a1", "a", gpus(1), 1));
    assertThat(Admission.place(nodes, Map.of(), Map.of(), demands, waiting("a/a1", "a", gpus(1), 9)).admitted())
        .isTrue();
  }

  @Test
  void admittedBeforeAndQueuedSinceAsTheWorldShowsThem() {
    assertThat(Admission.shownAdmitted(null, true)).isTrue();
    assertThat(Admission.shownAdmitted(io.air9.platform.model.WorkspacePhase.Running, false)).isTrue();
    assertThat(Admission.shownAdmitted(io.air9.platform.model.WorkspacePhase.Pending, false)).isTrue();
    assertThat(Admission.shownAdmitted(io.air9.platform.model.WorkspacePhase.Queued, false)).isFalse();
    assertThat(Admission.shownAdmitted(null, false)).isFalse();
    var status = new io.air9.platform.model.WorkspaceStatus();
    assertThat(Admission.queuedAt(status, T0)).isEqualTo(T0);
    status.setQueuedAt("2026-12-01T08:00:00Z");
    assertThat(Admission.queuedAt(status, T0)).isEqualTo(Instant.parse("2026-12-01T08:00:00Z"));
    status.setQueuedAt("yesterday");
    assertThat(Admission.queuedAt(status, T0)).isEqualTo(T0);
    assertThat(Admission.queuedAt(null, T0)).isEqualTo(T0);
  }

  @Test
  void ordinals() {
    assertThat(List.of(1, 2, 3, 4, 11, 12, 13, 21, 22, 103).stream().map(Admission::ordinal))
        .containsExactly("1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "103rd");
  }
}
