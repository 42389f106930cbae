package io.air9.platform.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.air9.platform.model.Workspace;
import io.air9.platform.operator.workspace.WorkspaceStatusAggregator;
import io.air9.platform.sim.junit.KubernetesClusterTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shipped samples (deploy/samples), applied with the real kubectl, reach Ready; kubectl get ws shows the printer
 * columns. What the samples' team and workspaces are made of is checked by {@link SampleTeamNamespaceIT},
 * {@link SampleInjectionIT} and {@link SamplePodSecurityIT}.
 */
@KubernetesClusterTest
class SamplesIT extends OperatorIT {

  static final String NS = "team-data-science";

  @BeforeAll
  static void applySamples() {
    long start = System.nanoTime();
    applyAndWaitForSamples();
    System.out.printf("[measure] 4 sample workspaces from kubectl apply to Ready: %d ms%n",
        (System.nanoTime() - start) / 1_000_000);
  }

  /** Applies the sample team and workspaces with kubectl (idempotent) and waits until every workspace is Ready. */
  static void applyAndWaitForSamples() {
    ClusterSteps.applyTeam(cluster, client, "data-science", read("deploy/samples/00-team-data-science.yaml"));
    assertOk(kubectl("apply", "-f", REPO.resolve("deploy/samples").toString()));
    assertOk(kubectl("wait", "workspaces", "--all", "-n", NS, "--for=condition=Ready", "--timeout=120s"));
  }

  @Test
  void everySampleRunsWithACompleteStatus() {
    List<Workspace> all = client.resources(Workspace.class).inNamespace(NS).list().getItems();
    assertThat(all).hasSize(4).allSatisfy(w -> {
      assertThat(w.getStatus().getPhase().name()).isEqualTo("Running");
      assertThat(w.getStatus().getConditions()).extracting("type")
          .containsExactlyElementsOf(WorkspaceStatusAggregator.CONDITION_TYPES);
      assertThat(w.getStatus().getUrl()).isEqualTo(
          "http://air9.localtest.me/ws/" + NS + "/" + w.getMetadata().getName() + "/");
      assertThat(w.getStatus().getStartedAt()).isNotNull();
      assertThat(w.getStatus().getStorage()).isNotNull();
      assertThat(w.getStatus().getObservedGeneration()).isEqualTo(w.getMetadata().getGeneration());
    });
  }

  @Test
  void kubectlGetShowsClassPhaseAndUrl() {
    String table = kubectl("get", "ws", "-n", NS).orThrow().stdout();
    // The CRD generator orders printer columns by JSON path, so AGE (.metadata) comes right after NAME.
    assertThat(table.lines().findFirst().orElseThrow())
        .containsSubsequence("NAME", "AGE", "CLASS", "CULL-AT", "PHASE", "QUEUE", "URL");
    // CULL-AT is empty for a class that never culls (mlflow); QUEUE is empty unless the workspace is queued.
    assertThat(table).containsPattern("alice-notebook\\s+\\d+[smhd]\\S*\\s+jupyterlab\\s+\\d{4}-\\d\\d-\\d\\dT\\S+Z\\s+Running\\s+"
        + "http://air9.localtest.me/ws/" + NS + "/alice-notebook/");
    assertThat(table).containsPattern("tracking\\s+\\d+[smhd]\\S*\\s+mlflow\\s+Running\\s+http://");
  }

  static String read(String path) {
    try {
      return Files.readString(REPO.resolve(path));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
