package io.air9.platform.sim.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.air9.platform.sim.junit.KubernetesClusterTest;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The simulated cluster runs StatefulSets with volumes like a real one: real scheduler, real controllers. */
@KubernetesClusterTest
class StatefulSetOnSimulatedClusterIT {

  private static final String NS = "sim-it";

  @BeforeAll
  static void namespace(KubernetesClient client) {
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .serverSideApply();
  }

  @Test
  void statefulSetAppliedWithKubectlRunsOnAFakeNode(KubernetesCluster cluster, KubernetesClient client) {
    String manifest = """
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: via-kubectl, namespace: %s}
        spec:
          serviceName: via-kubectl
          replicas: 1
          selector: {matchLabels: {app: via-kubectl}}
          template:
            metadata: {labels: {app: via-kubectl}}
            spec:
              containers:
              - name: main
                image: quay.io/jupyter/base-notebook:2025-10-20
                volumeMounts: [{name: home, mountPath: /home/jovyan}]
          volumeClaimTemplates:
          - metadata: {name: home}
            spec:
              accessModes: [ReadWriteOnce]
              resources: {requests: {storage: 2Gi}}
        """.formatted(NS);

    Kubectl.Result applied = cluster.kubectl().runWithInput(manifest, "apply", "-f", "-").orThrow();
    assertThat(applied.stdout()).contains("statefulset.apps/via-kubectl created");

    Kubectl.Result rollout = cluster.kubectl()
        .run("rollout", "status", "statefulset/via-kubectl", "-n", NS, "--timeout=60s").orThrow();
    assertThat(rollout.stdout()).contains("partitioned roll out complete");

    assertRunningOnFakeNodeWithBoundVolume(client, "via-kubectl", "2Gi");
    assertThat(cluster.kubectl().run("get", "statefulset", "via-kubectl", "-n", NS,
        "-o", "jsonpath={.status.readyReplicas}").orThrow().stdout()).isEqualTo("1");
  }

  @Test
  void statefulSetAppliedWithFabric8RunsOnAFakeNode(KubernetesClient client) {
    StatefulSet sts = new StatefulSetBuilder()
        .withNewMetadata().withName("via-fabric8").withNamespace(NS).endMetadata()
        .withNewSpec()
        .withServiceName("via-fabric8")
        .withReplicas(1)
        .withNewSelector().addToMatchLabels("app", "via-fabric8").endSelector()
        .withNewTemplate()
        .withNewMetadata().addToLabels("app", "via-fabric8").endMetadata()
        .withNewSpec()
        .addNewContainer().withName("main").withImage("rocker/rstudio:4.5.1")
        .addNewVolumeMount().withName("home").withMountPath("/home/rstudio").endVolumeMount()
        .endContainer()
        .endSpec()
        .endTemplate()
        .addNewVolumeClaimTemplate()
        .withNewMetadata().withName("home").endMetadata()
        .withNewSpec().withAccessModes("ReadWriteOnce")
        .withNewResources().addToRequests("storage", new Quantity("1Gi")).endResources()
        .endSpec()
        .endVolumeClaimTemplate()
        .endSpec()
        .build();

    client.resource(sts).fieldManager("air9-it").forceConflicts().serverSideApply();

    StatefulSet ready = client.apps().statefulSets().inNamespace(NS).withName("via-fabric8")
        .waitUntilCondition(s -> s != null && s.getStatus() != null
            && Integer.valueOf(1).equals(s.getStatus().getReadyReplicas()), 60, TimeUnit.SECONDS);
    assertThat(ready.getStatus().getReadyReplicas()).isEqualTo(1);
    assertRunningOnFakeNodeWithBoundVolume(client, "via-fabric8", "1Gi");
  }

  private static void assertRunningOnFakeNodeWithBoundVolume(KubernetesClient client, String sts, String size) {
    Pod pod = client.pods().inNamespace(NS).withName(sts + "-0").get();
    assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
    assertThat(pod.getStatus().getContainerStatuses()).allSatisfy(c -> assertThat(c.getReady()).isTrue());
    Node node = client.nodes().withName(pod.getSpec().getNodeName()).get();
    assertThat(node.getMetadata().getAnnotations()).containsEntry("kwok.x-k8s.io/node", "fake");

    PersistentVolumeClaim pvc = client.persistentVolumeClaims().inNamespace(NS).withName("home-" + sts + "-0").get();
    assertThat(pvc.getStatus().getPhase()).isEqualTo("Bound");
    assertThat(pvc.getStatus().getCapacity().get("storage")).isEqualTo(new Quantity(size));
  }
}
