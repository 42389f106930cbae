package io.air9.platform.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.air9.platform.model.WorkspaceNames;
import io.air9.platform.sim.junit.KubernetesClusterTest;
import io.air9.platform.sim.junit.Waits;
import io.air9.platform.sim.spark.SparkSessionSimulator;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Spark in client mode from a workspace: executors (created as Spark creates them, by {@link SparkSessionSimulator})
 * are owned by the workspace pod, count against the team's quota, and are gone after a stop or a cull.
 */
@KubernetesClusterTest
class SparkExecutorsIT extends OperatorIT {

  private static final String NS = "team-spark";
  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  @BeforeAll
  static void createTeam() {
    team("spark", "{cpu: \"12\", memory: 48Gi, storage: 100Gi, maxWorkspaces: 5}");
  }

  @Test
  void executorsAreOwnedByTheWorkspacePodAndGoneAfterAStop() {
    assertOk(apply(workspace(NS, "etl", "jupyterlab", "image: pyspark")));
    waitForPhase(NS, "etl", "Running", TIMEOUT);
    SparkSessionSimulator spark = SparkSessionSimulator.start(client, NS, WorkspaceNames.pod("etl"), Map.of());
    List<Pod> executors = spark.requestExecutors(2);
    Pod driver = client.pods().inNamespace(NS).withName(WorkspaceNames.pod("etl")).get();
    for (Pod executor : executors) {
      OwnerReference owner = executor.getMetadata().getOwnerReferences().stream().findFirst()
          .orElseThrow(() -> new AssertionError("executor " + executor.getMetadata().getName() + " has no owner"));
      assertThat(owner.getKind()).isEqualTo("Pod");
      assertThat(owner.getUid()).isEqualTo(driver.getMetadata().getUid());
      assertThat(owner.getController()).isTrue();
      assertThat(executor.getMetadata().getLabels()).containsEntry("air9.io/workspace", "etl")
          .containsEntry("spark-role", "executor").containsEntry("app.kubernetes.io/component", "spark-executor");
    }
    awaitRunning(spark.executors());
    executorsAreLetThroughToTheDriverOnly(NS, "etl", executors);

    long stop = System.nanoTime();
    kubectl("patch", "workspace", "etl", "-n", NS, "--type", "merge", "-p", "{\"spec\":{\"state\":\"Stopped\"}}")
        .orThrow();
    awaitGone(spark.executors());
    System.out.printf("[measure] Spark executors gone %d ms after the workspace was stopped%n",
        (System.nanoTime() - stop) / 1_000_000);
  }

  @Test
  void executorsAreGoneAfterACull() {
    assertOk(apply(workspace(NS, "idle-etl", "jupyterlab", "image: pyspark\nidleTimeout: 20s")));
    waitForPhase(NS, "idle-etl", "Running", TIMEOUT);
    SparkSessionSimulator spark = SparkSessionSimulator.start(client, NS, WorkspaceNames.pod("idle-etl"), Map.of());
    spark.requestExecutors(2);
    awaitRunning(spark.executors());
    waitForPhase(NS, "idle-etl", "Stopped", TIMEOUT);
    awaitGone(spark.executors());
  }

  @Test
  void executorsCountAgainstTheTeamQuota() {
    assertOk(apply(workspace(NS, "big-etl", "jupyterlab", "image: pyspark")));
    waitForPhase(NS, "big-etl", "Running", TIMEOUT);
    // 64 GiB of executor memory in a team with 48 GiB: the API server refuses the pod, as Spark would log.
    SparkSessionSimulator spark = SparkSessionSimulator.start(client, NS, WorkspaceNames.pod("big-etl"),
        Map.of("spark.executor.memory", "64g"));
    assertThatThrownBy(() -> spark.requestExecutors(1)).isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("exceeded quota");
    assertThat(spark.executors()).isEmpty();
  }

  /**
   * Where executors connect back (no connection is made: pod addresses are not routable here): the driver URL names
   * the workspace's Service and its fixed driver port; the Service exposes that port and the block manager's, and its
   * endpoints are the driver alone (the executors carry the workspace's labels too); the workspace's NetworkPolicy
   * admits exactly these executors to both ports.
   */
  private static void executorsAreLetThroughToTheDriverOnly(String ns, String ws, List<Pod> executors) {
    String host = WorkspaceNames.serviceHost(ws, ns);
    for (Pod executor : executors) {
      assertThat(executor.getSpec().getContainers().get(0).getEnv())
          .filteredOn(e -> "SPARK_DRIVER_URL".equals(e.getName())).extracting(EnvVar::getValue)
          .containsExactly("spark://CoarseGrainedScheduler@" + host + ":7078");
    }
    Service service = client.services().inNamespace(ns).withName(WorkspaceNames.service(ws)).get();
    assertThat(service.getSpec().getPorts()).extracting(p -> p.getPort() + "->" + p.getTargetPort().getValue())
        .contains("7078->7078", "7079->7079");
    String driver = WorkspaceNames.pod(ws);
    Waits.await("the driver among the endpoints of Service " + ws, TIMEOUT,
        () -> endpointPods(ns, ws).contains(driver));
    assertThat(endpointPods(ns, ws)).as("endpoints of Service " + ws).containsExactly(driver);
    NetworkPolicy policy = client.network().v1().networkPolicies().inNamespace(ns)
        .withName(WorkspaceNames.networkPolicy(ws)).get();
    assertThat(policy.getSpec().getIngress()).anySatisfy(rule -> {
      assertThat(rule.getPorts()).extracting(p -> p.getPort().getIntVal()).contains(7078, 7079);
      assertThat(rule.getFrom()).filteredOn(peer -> peer.getPodSelector() != null
          && peer.getPodSelector().getMatchLabels() != null && !peer.getPodSelector().getMatchLabels().isEmpty())
          .anySatisfy(peer -> assertThat(executors).allSatisfy(executor ->
          assertThat(executor.getMetadata().getLabels()).containsAllEntriesOf(peer.getPodSelector().getMatchLabels())));
    });
  }

  private static List<String> endpointPods(String ns, String service) {
    return client.discovery().v1().endpointSlices().inNamespace(ns).withLabel("kubernetes.io/service-name", service)
        .list().getItems().stream().flatMap(slice -> slice.getEndpoints() == null ? java.util.stream.Stream.empty()
            : slice.getEndpoints().stream())
        .filter(e -> e.getTargetRef() != null).map(e -> e.getTargetRef().getName()).distinct().toList();
  }

  private static void awaitRunning(List<String> names) {
    Waits.await("executors " + names + " Running", TIMEOUT, () -> names.stream().allMatch(n -> {
      Pod p = client.pods().inNamespace(NS).withName(n).get();
      return p != null && p.getStatus() != null && "Running".equals(p.getStatus().getPhase());
    }));
  }

  private static void awaitGone(List<String> names) {
    Waits.await("executors " + names + " deleted", TIMEOUT,
        () -> names.stream().allMatch(n -> client.pods().inNamespace(NS).withName(n).get() == null));
  }
}
