package io.air9.platform.sim.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** What every image of the platform promises in its config (see README, "Container images"). */
public final class PlatformImages {

  /** The registry and repository prefix of the images; the Helm chart and deploy/ name the same. */
  public static final String REGISTRY = "ghcr.io/air9/";

  private PlatformImages() {}

  /**
   * Asserts the run configuration of the image of {@code artifactId}: named {@code ghcr.io/air9/<artifactId>:<version
   * without -SNAPSHOT>}; a numeric non-root user in group 0; the entrypoint {@code java} with exit on
   * OutOfMemoryError, /tmp as temporary directory and {@code mainClass}; the heap cap as a share of the container's
   * memory in JAVA_TOOL_OPTIONS (the knob); port 8080; and the OCI labels.
   */
  public static void assertConventions(OciImage image, String artifactId, String mainClass) {
    OciImage.Config config = image.config();
    Map<String, String> labels = config.labels();
    String version = labels.getOrDefault("org.opencontainers.image.version", "");
    assertEquals(REGISTRY + artifactId + ":" + version.replaceFirst("-SNAPSHOT$", ""), image.reference(),
        "image name and tag");

    assertTrue(config.user().matches("\\d+:0"), "numeric user in group 0: " + config.user());
    assertNotEquals("0", config.user().split(":")[0], "not root");

    List<String> entrypoint = config.command();
    assertEquals("java", entrypoint.get(0), "entrypoint " + entrypoint);
    assertEquals(mainClass, entrypoint.get(entrypoint.size() - 1), "entrypoint " + entrypoint);
    assertTrue(entrypoint.containsAll(List.of("-XX:+ExitOnOutOfMemoryError", "-Djava.io.tmpdir=/tmp")),
        "JVM flags in the entrypoint " + entrypoint);
    assertTrue(config.envMap().getOrDefault("JAVA_TOOL_OPTIONS", "").matches(".*-XX:MaxRAMPercentage=\\d+.*"),
        "heap cap in JAVA_TOOL_OPTIONS: " + config.env());
    assertTrue(config.envMap().getOrDefault("PATH", "").startsWith("/opt/java/openjdk/bin:"), "java on the PATH");

    assertEquals(Set.of("8080/tcp"), config.exposedPorts(), "exposed ports");

    assertEquals(artifactId, labels.get("org.opencontainers.image.title"), "title label");
    assertTrue(version.matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"), "version label " + version);
    assertTrue(labels.getOrDefault("org.opencontainers.image.revision", "").matches("[0-9a-f]{40}"),
        "revision label (the git commit): " + labels);
    for (String label : List.of("description", "source", "licenses", "vendor", "base.name")) {
      assertTrue(!labels.getOrDefault("org.opencontainers.image." + label, "").isBlank(), label + " label");
    }
  }
}
