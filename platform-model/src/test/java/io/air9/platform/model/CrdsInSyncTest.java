package io.air9.platform.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** deploy/crds holds exactly what the build generates from the Java types. */
class CrdsInSyncTest {

  private static final Path DEPLOYED = Path.of("..", "deploy", "crds");

  @ParameterizedTest
  @ValueSource(strings = {"workspaces.air9.io-v1.yml", "workspaceclasses.air9.io-v1.yml", "teams.air9.io-v1.yml"})
  void deployedCrdMatchesTheGeneratedOne(String file) throws IOException {
    String generated;
    try (InputStream in = getClass().getResourceAsStream("/META-INF/fabric8/" + file)) {
      assertThat(in).as("generated CRD " + file).isNotNull();
      generated = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Path deployed = DEPLOYED.resolve(file);
    assertThat(deployed).as("deploy/crds/" + file + " (run ./mvnw -pl platform-model -Pupdate-crds process-classes)").exists();
    assertThat(Files.readString(deployed))
        .as("deploy/crds/%s is out of date: run ./mvnw -pl platform-model -Pupdate-crds process-classes", file)
        .isEqualTo(generated);
  }

  @org.junit.jupiter.api.Test
  void noStaleCrdFilesInDeploy() throws IOException {
    try (Stream<Path> files = Files.list(DEPLOYED)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("workspaces.air9.io-v1.yml", "workspaceclasses.air9.io-v1.yml", "teams.air9.io-v1.yml");
    }
  }
}
