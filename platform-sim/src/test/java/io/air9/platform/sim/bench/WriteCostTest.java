package io.air9.platform.sim.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.air9.platform.model.WorkspacePhase;
import io.air9.platform.model.WorkspaceStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WriteCostTest {

  private static WorkspaceStatus running() {
    WorkspaceStatus s = new WorkspaceStatus();
    s.setPhase(WorkspacePhase.Running);
    s.setObservedGeneration(1L);
    s.setUrl("/user/bench-team-0/ws-1/");
    s.setConditions(List.of(
        new ConditionBuilder().withType("Ready").withStatus("True").withReason("Running")
            .withMessage("workspace is ready").withLastTransitionTime("2026-12-02T19:00:00Z").build(),
        new ConditionBuilder().withType("StorageReady").withStatus("True").withReason("VolumeBound")
            .withMessage("home volume bound").withLastTransitionTime("2026-12-02T18:59:50Z").build()));
    return s;
  }

  @Test
  void theStartingStatusChangesThePhaseAndReadyAloneAndLeavesTheRunningOneAsItWas() {
    WorkspaceStatus running = running();

    WorkspaceStatus starting = WriteCost.starting(running);

    assertThat(starting.getPhase()).isEqualTo(WorkspacePhase.Provisioning);
    Condition ready = starting.getConditions().get(0);
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getReason()).isEqualTo("ContainerCreating");
    assertThat(ready.getLastTransitionTime()).isEqualTo("2026-12-02T19:00:00Z");
    assertThat(starting.getConditions().get(1)).isEqualTo(running.getConditions().get(1));
    assertThat(starting.getUrl()).isEqualTo(running.getUrl());
    // the status it came from is not changed: the writes toggle between the two
    assertThat(running).isEqualTo(running());
    assertThat(starting).isNotEqualTo(running);
  }

  @Test
  void costPerWriteIsWhatEachProcessUsedBeyondItsIdleRateOverTheWrites() {
    Map<String, Double> used = Map.of("kube-apiserver", 12.5, "etcd", 2.0, "kwok-controller", 0.35,
        "systemd", 0.01);
    Map<String, Double> idle = Map.of("kube-apiserver", 0.05, "etcd", 0.02, "kwok-controller", 0.04);

    Map<String, Double> perWrite = WriteCost.perWrite(used, idle, 10, 5000);

    // (12.5 - 0.5) / 5000, (2.0 - 0.2) / 5000; kwok at its idle rate: 0; systemd below 0.1 ms a write: left out
    assertThat(perWrite).containsOnlyKeys("kube-apiserver", "etcd");
    assertThat(perWrite.get("kube-apiserver")).isCloseTo(0.0024, within(1e-12));
    assertThat(perWrite.get("etcd")).isCloseTo(0.00036, within(1e-12));
  }

  @Test
  void modesAreNamedAsOnTheCommandLineAndAnUnknownOneIsRefusedWithTheChoices() {
    assertThat(WriteCost.modes("ssa, json-patch,merge")).containsExactly(WriteCost.Mode.SSA,
        WriteCost.Mode.JSON_PATCH, WriteCost.Mode.MERGE);
    assertThatThrownBy(() -> WriteCost.modes("ssa,update"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--write-mode is ssa or json-patch or merge, not update");
  }
}
