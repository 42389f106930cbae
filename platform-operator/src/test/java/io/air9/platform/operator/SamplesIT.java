package io.air9.platform.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.air9.platform.model.Workspace;
import io.air9.platform.operator.workspace.WorkspaceStatusAggregator;
import io.air9.platform.sim.junit.KubernetesClusterTest;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The shipped samples, applied with the real kubectl, reach Ready; kubectl get ws shows the printer columns. */
@KubernetesClusterTest
class SamplesIT extends OperatorIT {

  private static final String NS = "team-data-science";

  @Test
  void samplesAppliedWithKubectlReachReady() {
    long start = System.nanoTime();
    ClusterSteps.applyTeam(cluster, client, "data-science",
        read("deploy/samples/00-team-data-science.yaml"));
    assertOk(kubectl("apply", "-f", REPO.resolve("deploy/samples").toString()));
    assertOk(kubectl("wait", "workspaces", "--all", "-n", NS, "--for=condition=Ready", "--timeout=120s"));
    System.out.printf("[measure] 4 sample workspaces from kubectl apply to Ready: %d ms%n",
        (System.nanoTime() - start) / 1_000_000);

    List<Workspace> all = client.resources(Workspace.class).inNamespace(NS).list().getItems();
    assertThat(all).hasSize(4).allSatisfy(w -> {
      assertThat(w.getStatus().getPhase().name()).isEqualTo("Running");
      assertThat(w.getStatus().getConditions()).extracting("type")
          .containsExactlyElementsOf(WorkspaceStatusAggregator.CONDITION_TYPES);
      assertThat(w.getStatus().getUrl()).isEqualTo(
          "http://air9.localtest.me/ws/" + NS + "/" + w.getMetadata().getName() + "/");
      assertThat(w.getStatus().getStartedAt()).isNotNull();
      assertThat(w.getStatus().getObservedGeneration()).isEqualTo(w.getMetadata().getGeneration());
    });

    String table = kubectl("get", "ws", "-n", NS).orThrow().stdout();
    // The CRD generator orders printer columns by JSON path, so AGE (.metadata) comes right after NAME.
    assertThat(table.lines().findFirst().orElseThrow()).containsSubsequence("NAME", "AGE", "CLASS", "PHASE", "URL");
    assertThat(table).containsPattern("alice-notebook\\s+\\d+s\\s+jupyterlab\\s+Running\\s+http://air9.localtest.me/ws/"
        + NS + "/alice-notebook/");
    assertThat(table).containsPattern("tracking\\s+\\d+s\\s+mlflow\\s+Running");

    // Team namespace: restricted Pod Security, quota, deny-by-default networking, member bindings
    assertThat(client.namespaces().withName(NS).get().getMetadata().getLabels())
        .containsEntry("pod-security.kubernetes.io/enforce", "restricted")
        .containsEntry("air9.io/team", "data-science");
    assertThat(client.resourceQuotas().inNamespace(NS).withName("air9-team-quota").get().getSpec().getHard())
        .containsKeys("requests.cpu", "requests.memory", "requests.nvidia.com/gpu", "requests.storage",
            "count/statefulsets.apps");
    assertThat(client.network().networkPolicies().inNamespace(NS).list().getItems())
        .extracting(n -> n.getMetadata().getName())
        .contains("air9-default-deny", "air9-allow-workspaces", "alice-notebook");
    assertThat(client.rbac().roleBindings().inNamespace(NS).withName("air9-team-admin").get().getSubjects())
        .extracting("name").containsExactly("alice");

    // Data connection and the team's MLflow are injected (eventually: MLflow may come up after the notebook)
    StatefulSet sts = client.apps().statefulSets().inNamespace(NS).withName("alice-notebook")
        .waitUntilCondition(s -> env(s).stream().anyMatch(e -> "MLFLOW_TRACKING_URI".equals(e.getName())),
            60, TimeUnit.SECONDS);
    assertThat(env(sts)).anySatisfy(e -> {
      assertThat(e.getName()).isEqualTo("MLFLOW_TRACKING_URI");
      assertThat(e.getValue()).isEqualTo("http://tracking." + NS + ".svc:5000");
    });
    assertThat(env(sts)).anySatisfy(e -> {
      assertThat(e.getName()).isEqualTo("RAW_LAKE_SECRET_ACCESS_KEY");
      assertThat(e.getValue()).isNull();
      assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("raw-lake");
    });
    assertThat(env(sts)).anySatisfy(e -> assertThat(e.getName()).isEqualTo("SPARK_EXECUTOR_IMAGE"));
    assertThat(client.rbac().roles().inNamespace(NS).withName("alice-notebook-spark").get()).isNotNull();
    assertThat(client.rbac().roles().inNamespace(NS).withName("bob-rstudio-spark").get()).isNull();
    Workspace mlflow = client.resources(Workspace.class).inNamespace(NS).withName("tracking").get();
    assertThat(env(client.apps().statefulSets().inNamespace(NS).withName("tracking").get()))
        .noneMatch(e -> "MLFLOW_TRACKING_URI".equals(e.getName()));
    assertThat(mlflow.getStatus().getImage()).isEqualTo("ghcr.io/mlflow/mlflow:v3.5.0");

    // Pods pass PSS restricted (the namespace enforces it) and run as the class's user
    Pod pod = client.pods().inNamespace(NS).withName("alice-notebook-0").get();
    assertThat(pod.getSpec().getSecurityContext().getRunAsUser()).isEqualTo(1000L);
    assertThat(pod.getSpec().getContainers().get(0).getSecurityContext().getCapabilities().getDrop())
        .containsExactly("ALL");
  }

  private static List<EnvVar> env(StatefulSet sts) {
    return sts.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
  }

  static String read(String path) {
    try {
      return Files.readString(REPO.resolve(path));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
