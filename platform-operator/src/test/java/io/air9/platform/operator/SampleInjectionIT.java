package io.air9.platform.operator;

import static io.air9.platform.operator.SamplesIT.NS;
import static org.assertj.core.api.Assertions.assertThat;

import io.air9.platform.model.Workspace;
import io.air9.platform.sim.junit.KubernetesClusterTest;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the sample workspaces get injected: data connections as Secret references, the team's MLflow, Spark. */
@KubernetesClusterTest
class SampleInjectionIT extends OperatorIT {

  @BeforeAll
  static void samples() {
    SamplesIT.applyAndWaitForSamples();
  }

  private static StatefulSet statefulSet(String name) {
    return client.apps().statefulSets().inNamespace(NS).withName(name).get();
  }

  private static List<EnvVar> env(StatefulSet sts) {
    return sts.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
  }

  @Test
  void theTeamsMlflowIsInjectedIntoItsNotebooks() {
    // eventually: MLflow may come up after the notebook
    StatefulSet sts = client.apps().statefulSets().inNamespace(NS).withName("alice-notebook")
        .waitUntilCondition(s -> env(s).stream().anyMatch(e -> "MLFLOW_TRACKING_URI".equals(e.getName())),
            60, TimeUnit.SECONDS);
    assertThat(env(sts)).anySatisfy(e -> {
      assertThat(e.getName()).isEqualTo("MLFLOW_TRACKING_URI");
      assertThat(e.getValue()).isEqualTo("http://tracking." + NS + ".svc:5000");
    });
  }

  @Test
  void mlflowItselfGetsNoTrackingUriAndRunsTheClassImage() {
    assertThat(env(statefulSet("tracking"))).noneMatch(e -> "MLFLOW_TRACKING_URI".equals(e.getName()));
    Workspace mlflow = client.resources(Workspace.class).inNamespace(NS).withName("tracking").get();
    assertThat(mlflow.getStatus().getImage()).isEqualTo("ghcr.io/mlflow/mlflow:v3.5.0");
  }

  @Test
  void dataConnectionsAreSecretReferencesNeverValues() {
    assertThat(env(statefulSet("alice-notebook"))).anySatisfy(e -> {
      assertThat(e.getName()).isEqualTo("RAW_LAKE_SECRET_ACCESS_KEY");
      assertThat(e.getValue()).isNull();
      assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("raw-lake");
    });
  }

  @Test
  void sparkClassesGetSparkSettingsAndRbacOthersDoNot() {
    assertThat(env(statefulSet("alice-notebook"))).anySatisfy(e -> assertThat(e.getName())
        .isEqualTo("SPARK_EXECUTOR_IMAGE"));
    assertThat(client.rbac().roles().inNamespace(NS).withName("alice-notebook-spark").get()).isNotNull();
    assertThat(client.rbac().roles().inNamespace(NS).withName("bob-rstudio-spark").get()).isNull();
  }
}
