package io.air9.platform.operator;

import io.air9.platform.model.WorkspaceClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The default WorkspaceClasses shipped in deploy/classes (JupyterLab, RStudio, VS Code, MLflow). */
public final class DefaultClasses {

  public static final String DIRECTORY = "deploy/classes";

  private DefaultClasses() {}

  public static List<WorkspaceClass> load(Path repoRoot) {
    try (Stream<Path> files = Files.list(repoRoot.resolve(DIRECTORY))) {
      return files.filter(f -> f.toString().endsWith(".yaml") && !f.endsWith("kustomization.yaml")).sorted()
          .map(DefaultClasses::read).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static WorkspaceClass read(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return Serialization.unmarshal(in, WorkspaceClass.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Server-side applies the default classes; returns their names. */
  public static List<String> apply(KubernetesClient client, Path repoRoot) {
    return load(repoRoot).stream().map(c -> {
      client.resource(c).fieldManager("air9-installer").forceConflicts().serverSideApply();
      return c.getMetadata().getName();
    }).toList();
  }
}
