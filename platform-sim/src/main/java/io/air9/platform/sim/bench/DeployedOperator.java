package io.air9.platform.sim.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * The JVM the operator is deployed with, for the benchmark to run the same: its image's {@code JAVA_TOOL_OPTIONS}
 * (the root pom's {@code air9.operator.java-tool-options}, read from a resource filtered at build time) and, since
 * those size the heap as a share of the container's memory, {@code -XX:MaxRAM} set to the container's memory limit in
 * deploy/operator. The benchmark's {@code --operator-jvm} replaces them all.
 */
final class DeployedOperator {

  /** The operator container's memory limit (deploy/operator/deployment.yaml, the chart's values). */
  static final String MEMORY_LIMIT = "1Gi";

  private DeployedOperator() {}

  /** The image's JVM options and the memory limit they are a share of. */
  static List<String> jvmOptions() {
    List<String> options = new ArrayList<>(javaToolOptions());
    options.add("-XX:MaxRAM=" + MEMORY_LIMIT.replace("Gi", "g"));
    return List.copyOf(options);
  }

  /** The image's JAVA_TOOL_OPTIONS, split. */
  static List<String> javaToolOptions() {
    Properties p = new Properties();
    try (InputStream in = DeployedOperator.class.getResourceAsStream("deployed-operator.properties")) {
      if (in == null) {
        throw new IllegalStateException("deployed-operator.properties is missing: build platform-sim with Maven");
      }
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String options = p.getProperty("javaToolOptions", "").trim();
    if (options.isEmpty() || options.contains("@")) {
      throw new IllegalStateException("deployed-operator.properties was not filtered: " + options);
    }
    return Arrays.asList(options.split("\\s+"));
  }
}
