package io.air9.platform.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.air9.platform.model.Workspace;
import io.air9.platform.model.WorkspaceClass;
import io.air9.platform.model.WorkspaceKind;
import io.air9.platform.model.validation.WorkspaceValidator;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The shipped classes are complete and pinned; the sample workspaces are valid for them. */
class DefaultClassesTest {

  private static final Path REPO = Path.of("..");

  @Test
  void oneClassPerKindWithPinnedUpstreamImages() {
    List<WorkspaceClass> classes = DefaultClasses.load(REPO);
    assertThat(classes).extracting(c -> c.getSpec().getKind())
        .containsExactlyInAnyOrder(WorkspaceKind.JUPYTER, WorkspaceKind.RSTUDIO, WorkspaceKind.VSCODE,
            WorkspaceKind.MLFLOW);
    assertThat(classes).allSatisfy(c -> {
      assertThat(c.getSpec().getImages()).isNotEmpty().allSatisfy(i -> assertThat(i.getImage())
          .matches("[a-z0-9./-]+:[A-Za-z0-9._-]+").doesNotEndWith(":latest"));
      assertThat(c.getSpec().getReadinessProbe()).isNotNull();
      assertThat(c.getSpec().getRunAsUser()).isPositive();
      assertThat(c.getSpec().getMaxResources()).isNotNull();
    });
    Map<String, WorkspaceClass> byName = classes.stream()
        .collect(Collectors.toMap(c -> c.getMetadata().getName(), Function.identity()));
    assertThat(byName.get("jupyterlab").getSpec().getArgs()).contains("--ServerApp.base_url=$(AIR9_BASE_URL)");
    assertThat(byName.get("jupyterlab").getSpec().isSparkEnabled()).isTrue();
    assertThat(byName.get("mlflow").getSpec().getCulling().isEnabled()).isFalse();
  }

  @Test
  void sampleWorkspacesAreValidForTheirClasses() throws IOException {
    Map<String, WorkspaceClass> classes = DefaultClasses.load(REPO).stream()
        .collect(Collectors.toMap(c -> c.getMetadata().getName(), Function.identity()));
    List<Path> samples;
    try (Stream<Path> files = Files.list(REPO.resolve("deploy/samples"))) {
      samples = files.filter(f -> f.getFileName().toString().startsWith("20-workspace")).sorted().toList();
    }
    assertThat(samples).hasSize(4);
    for (Path sample : samples) {
      try (InputStream in = Files.newInputStream(sample)) {
        Workspace ws = Serialization.unmarshal(in, Workspace.class);
        assertThat(WorkspaceValidator.validate(ws.getSpec(), classes.get(ws.getSpec().getWorkspaceClass())))
            .as(sample.toString()).isEmpty();
      }
    }
  }
}
