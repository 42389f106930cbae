package io.air9.platform.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.air9.platform.model.Workspace;
import io.air9.platform.model.WorkspacePhase;
import io.air9.platform.operator.workspace.WorkspaceStatusAggregator;
import io.air9.platform.sim.junit.KubernetesClusterTest;
import io.air9.platform.sim.junit.Waits;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The admission queue on fake nodes: a small tainted GPU pool (one node, 2 GPUs) that only the class {@code
 * queue-gpu} tolerates. Team qa fills it; qa's third and then qb's first GPU workspace queue without pods; qb, holding
 * no GPU, goes before qa; stopping one of qa's admits qb's; a node added to the pool admits qa's.
 */
@KubernetesClusterTest
class QueueIT extends OperatorIT {

  private static final String QA = "team-qa";
  private static final String QB = "team-qb";
  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  /** The freed room's pod deletion to the next admitted workspace's pod (measured 0.45 s; generous for load). */
  private static final Duration ADMIT_AFTER_FREED = Duration.ofSeconds(5);
  private static final String GPU = "resources: {cpu: \"1\", memory: 2Gi, gpu: 1}";

  @BeforeAll
  static void gpuPoolClassAndTeams() throws Exception {
    addPoolNode("queue-gpu-1");
    String jupyter = Files.readString(REPO.resolve("deploy/classes/jupyterlab.yaml"));
    assertOk(apply(jupyter.replace("name: jupyterlab", "name: queue-gpu") + """
          nodeSelector: {air9.io/pool: queue-gpu}
          tolerations: [{key: air9.io/queue-it, operator: Exists, effect: NoSchedule}]
        """));
    team("qa", "{cpu: \"32\", memory: 128Gi, gpu: 8}");
    team("qb", "{cpu: \"32\", memory: 128Gi, gpu: 8}");
  }

  @AfterAll
  static void removePool() {
    kubectl("delete", "node", "queue-gpu-1", "queue-gpu-2", "--ignore-not-found", "--wait=false");
  }

  /** A fake GPU node of this test's pool: 2 GPUs, tainted so that only the queue-gpu class goes there. */
  static void addPoolNode(String name) throws Exception {
    String node = Files.readString(REPO.resolve("deploy/sim/node-template.yaml"))
        .replace("__NAME__", name).replace("__POOL__", "queue-gpu").replace("__GPU__", "2")
        .replace("__PODS__", "110")
        .replace("spec: {}", "spec: {taints: [{key: air9.io/queue-it, value: gpu, effect: NoSchedule}]}");
    assertOk(apply(node));
  }

  @Test
  void gpuWorkspacesQueueInFairOrderAndAreAdmittedAsRoomFrees() throws Exception {
    assertOk(apply(workspace(QA, "a1", "queue-gpu", GPU)));
    assertOk(apply(workspace(QA, "a2", "queue-gpu", GPU)));
    waitForPhase(QA, "a1", "Running", TIMEOUT);
    waitForPhase(QA, "a2", "Running", TIMEOUT);

    // The pool is full: qa's third waits, first in the queue, and gets no pod
    assertOk(apply(workspace(QA, "a3", "queue-gpu", GPU)));
    Workspace a3 = waitFor(QA, "a3", w -> position(w) == 1, TIMEOUT);
    assertThat(a3.getStatus().getPhase()).isEqualTo(WorkspacePhase.Queued);
    Condition ready = WorkspaceLifecycleIT.condition(a3, WorkspaceStatusAggregator.READY);
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getReason()).isEqualTo("Queued");
    assertThat(ready.getMessage()).isEqualTo("waiting for 1 GPU; 1st in the queue");
    assertThat(a3.getStatus().getQueuedAt()).isNotNull();
    assertThat(client.pods().inNamespace(QA).withName("a3-0").get()).as("no pod while queued").isNull();
    StatefulSet sts = client.apps().statefulSets().inNamespace(QA).withName("a3").get();
    assertThat(sts == null || sts.getSpec().getReplicas() == 0).as("no replica while queued").isTrue();
    assertThat(kubectl("get", "ws", "a3", "-n", QA).orThrow().stdout()).contains("QUEUE").contains("Queued");

    // qb holds no GPU: its workspace, though later, goes before qa's third, which moves to 2nd
    assertOk(apply(workspace(QB, "b1", "queue-gpu", GPU)));
    waitFor(QB, "b1", w -> position(w) == 1, TIMEOUT);
    a3 = waitFor(QA, "a3", w -> position(w) == 2, TIMEOUT);
    assertThat(WorkspaceLifecycleIT.condition(a3, WorkspaceStatusAggregator.READY).getMessage())
        .isEqualTo("waiting for 1 GPU; 2nd in the queue");

    // Stopping one of qa's frees a GPU: qb's is admitted, qa's third moves up to 1st and still waits
    long stop = System.nanoTime();
    assertOk(kubectl("patch", "ws", "a1", "-n", QA, "--type", "merge", "-p", "{\"spec\":{\"state\":\"Stopped\"}}"));
    // The GPU is free only once the stopped pod is gone (its 15 s termination grace, which KWOK spends at random):
    // its deletion, not a later event or a timer, admits the next, whose pod follows at once
    Waits.await("a1's pod gone", TIMEOUT, () -> client.pods().inNamespace(QA).withName("a1-0").get() == null);
    long gone = System.nanoTime();
    Waits.await("b1's pod created", TIMEOUT, () -> client.pods().inNamespace(QB).withName("b1-0").get() != null);
    long podAfterGone = (System.nanoTime() - gone) / 1_000_000;
    Workspace b1 = waitForPhase(QB, "b1", "Running", TIMEOUT);
    System.out.printf("[measure] stop of a GPU workspace to the next in the queue Running: %d ms (the stopped pod "
        + "gone after %d ms, the next one's pod created %d ms later)%n", (System.nanoTime() - stop) / 1_000_000,
        (gone - stop) / 1_000_000, podAfterGone);
    assertThat(podAfterGone).as("ms from the freed GPU's pod deletion to the next admitted pod").isLessThan(
        ADMIT_AFTER_FREED.toMillis());
    assertThat(b1.getStatus().getQueuePosition()).isNull();
    a3 = waitFor(QA, "a3", w -> position(w) == 1, TIMEOUT);
    assertThat(a3.getStatus().getPhase()).isEqualTo(WorkspacePhase.Queued);
    assertThat(client.pods().inNamespace(QA).withName("a3-0").get()).isNull();

    // A node added to the pool admits the rest
    addPoolNode("queue-gpu-2");
    a3 = waitForPhase(QA, "a3", "Running", TIMEOUT);
    assertThat(a3.getStatus().getQueuePosition()).isNull();
    assertThat(client.pods().inNamespace(QA).withName("a3-0").get().getSpec().getNodeName())
        .startsWith("queue-gpu-");
  }

  private static int position(Workspace w) {
    return w.getStatus() == null || w.getStatus().getQueuePosition() == null ? 0 : w.getStatus().getQueuePosition();
  }
}
