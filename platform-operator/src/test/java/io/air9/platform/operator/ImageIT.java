package io.air9.platform.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.air9.platform.model.Crds;
import io.air9.platform.sim.cluster.KubernetesCluster;
import io.air9.platform.sim.image.BootedApp;
import io.air9.platform.sim.image.OciImage;
import io.air9.platform.sim.image.PlatformImages;
import io.air9.platform.sim.image.UnpackedContainer;
import io.air9.platform.sim.junit.KubernetesClusterTest;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The operator's container image, target/platform-operator-image.tar (jib:buildTar at package), checked without a
 * container runtime: its config, and that its own entrypoint and layers boot the operator on the cluster.
 */
@KubernetesClusterTest
class ImageIT {

  static final Path IMAGE = BootedApp.builtImage("platform-operator");

  @Test
  void imageIsNamedAsDeployedRunsAsNonRootAndCarriesJvmSettingsPortAndLabels() throws Exception {
    try (OciImage image = OciImage.open(IMAGE)) {
      PlatformImages.assertConventions(image, "platform-operator", Air9OperatorApplication.class.getName());
      Path deployment = Path.of(System.getProperty("air9.repo.root", ".."), "deploy/operator/deployment.yaml");
      assertThat(Files.readString(deployment)).contains("image: " + image.reference());
    }
  }

  @Test
  void itsOwnEntrypointAndLayersBootTheOperatorAsAnArbitraryUid(KubernetesCluster cluster, KubernetesClient client)
      throws Exception {
    assumeTrue(UnpackedContainer.unsupportedReason().isEmpty(), () -> UnpackedContainer.unsupportedReason().get());
    Crds.install(client);
    Duration imageBoot;
    try (OciImage image = OciImage.open(IMAGE);
        BootedApp operator = BootedApp.fromImage(image, cluster, leaseIn(client, "image-it"))) {
      imageBoot = operator.bootTime();
      assertThat(operator.container().orElseThrow().mainProcessUid()).contains(BootedApp.ARBITRARY_UID);
      // The heap as a share of the container's memory, and the C1 compiler only (the root pom says why).
      assertThat(operator.log()).contains("Picked up JAVA_TOOL_OPTIONS: -XX:MaxRAMPercentage=")
          .contains("-XX:TieredStopAtLevel=1");
      var metrics = operator.get("/actuator/prometheus");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body()).contains("jvm_memory_used_bytes");
    }
    // The same app started as ./air9 does, in the same run, as the baseline of the boot time.
    try (BootedApp jar = BootedApp.fromJar(ExecutableJarIT.execJar(), cluster, leaseIn(client, "image-it-jar"))) {
      System.out.printf("operator boot to readiness: image (unpacked, UID %d) %.1f s, java -jar %.1f s, ratio %.2f%n",
          BootedApp.ARBITRARY_UID, imageBoot.toMillis() / 1000.0, jar.bootTime().toMillis() / 1000.0,
          (double) imageBoot.toMillis() / jar.bootTime().toMillis());
    }
  }

  /** Its own namespace for the leader-election Lease, so no other operator of the run holds it. */
  private static Map<String, String> leaseIn(KubernetesClient client, String namespace) {
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
        .serverSideApply();
    return Map.of("AIR9_LEADER_ELECTION_NAMESPACE", namespace, "AIR9_LEADER_ELECTION_EXIT_ON_LOSS", "false");
  }
}
