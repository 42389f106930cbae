package io.air9.platform.sim.bench;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * The JVM the operator is deployed with, for the benchmark to run the same: its image's {@code JAVA_TOOL_OPTIONS}
 * (the root pom's {@code air9.operator.java-tool-options}, read from a resource filtered at build time) and, since
 * those size the heap as a share of the container's memory, {@code -XX:MaxRAM} set to the container's memory limit,
 * read from {@value #DEPLOYMENT} in the repository (as the benchmark reads the CRDs and classes it installs). The
 * benchmark's {@code --operator-jvm} replaces them all.
 */
final class DeployedOperator {

  /** The operator's Deployment: its container's memory limit is the one the heap is a share of. */
  static final String DEPLOYMENT = "deploy/operator/deployment.yaml";

  private DeployedOperator() {}

  /** The image's JVM options and the memory limit they are a share of, from the repository at {@code root}. */
  static List<String> jvmOptions(Path root) {
    List<String> options = new ArrayList<>(javaToolOptions());
    options.add("-XX:MaxRAM=" + Quantity.getAmountInBytes(memoryLimit(root)).toBigInteger());
    return List.copyOf(options);
  }

  /** The memory limit of the operator's container in {@value #DEPLOYMENT}. */
  static Quantity memoryLimit(Path root) {
    Deployment deployment;
    try {
      deployment = new KubernetesSerialization().unmarshal(Files.readString(root.resolve(DEPLOYMENT)),
          Deployment.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return deployment.getSpec().getTemplate().getSpec().getContainers().stream().findFirst()
        .map(Container::getResources).map(ResourceRequirements::getLimits).map(limits -> limits.get("memory"))
        .orElseThrow(() -> new IllegalStateException(DEPLOYMENT + ": the operator's container has no memory limit"));
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
