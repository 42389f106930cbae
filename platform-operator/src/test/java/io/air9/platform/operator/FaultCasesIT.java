package io.air9.platform.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.air9.platform.sim.cluster.ClusterProviders;
import io.air9.platform.sim.cluster.KubernetesCluster;
import io.air9.platform.sim.fault.CaseResult;
import io.air9.platform.sim.fault.FaultCases;
import io.air9.platform.sim.fault.FaultEnvironment;
import io.air9.platform.sim.process.JavaProcess;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cheap cases of the fault suite (platform-sim's FaultSuite), small, against two operator processes from the
 * runnable jar with leader election on. Each asserts 0 lost, 0 orphaned, 0 duplicated and convergence in its bound.
 * The cases crash control-plane components and delete nodes, so they run on a cluster of their own
 * ({@code <module cluster>-faults}), never on the one the module's other ITs share.
 */
class FaultCasesIT {

  private static KubernetesCluster cluster;
  private static KubernetesClient client;
  private static FaultEnvironment env;
  private static FaultCases faults;

  @BeforeAll
  static void operators() {
    cluster = ClusterProviders.fromEnvironment("-faults").start();
    client = cluster.newClient();
    env = new FaultEnvironment(cluster, client, JavaProcess.execJar(Path.of("target")));
    env.prepare(OperatorIT.REPO, 2);
    faults = new FaultCases(env, System.out::println);
  }

  @AfterAll
  static void stop() throws Exception {
    if (env != null) {
      env.close();
    }
    if (client != null) {
      client.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void handEditedChildrenAreReverted() {
    assertPassed(faults.drift(3));
  }

  @Test
  void workspacesOfALostNodeAreRescheduled() {
    assertPassed(faults.nodeLoss(2));
  }

  @Test
  void aDeletedTeamLeavesNothingBehind() {
    assertPassed(faults.teamDeletion(3));
  }

  @Test
  void theStandbyTakesOverWhenTheLeaderDies() {
    assertPassed(faults.leaderFailover());
  }

  @Test
  void anApiServerCrashIsSurvived() {
    assertPassed(faults.controlPlaneRestart("kube-apiserver", 2));
  }

  @Test
  void anEtcdCrashIsSurvived() {
    assertPassed(faults.controlPlaneRestart("etcd", 2));
  }

  @Test
  void killingTheOperatorDuringABurstLosesNothing() {
    assertPassed(faults.operatorKills(20, 2));
  }

  private static void assertPassed(CaseResult result) {
    System.out.println("[measure] " + result.summary() + " " + result.figures());
    assertThat(result.passed()).as(result.summary() + " " + result.figures()).isTrue();
  }
}
