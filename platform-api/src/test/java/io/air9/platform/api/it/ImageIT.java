package io.air9.platform.api.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.air9.platform.api.PlatformApiApplication;
import io.air9.platform.model.Crds;
import io.air9.platform.sim.cluster.KubernetesCluster;
import io.air9.platform.sim.image.BootedApp;
import io.air9.platform.sim.image.OciImage;
import io.air9.platform.sim.image.PlatformImages;
import io.air9.platform.sim.image.UnpackedContainer;
import io.air9.platform.sim.junit.KubernetesClusterTest;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The API's container image, target/platform-api-image.tar (jib:buildTar at package), checked without a container
 * runtime: its config, and that its own entrypoint and layers boot the API, with the dashboard, on the cluster.
 */
@KubernetesClusterTest
class ImageIT {

  static final Path IMAGE = BootedApp.builtImage("platform-api");
  /** The demo profile: its built-in token issuer needs no identity provider. */
  static final Map<String, String> DEMO = Map.of("SPRING_PROFILES_ACTIVE", "demo");

  @Test
  void imageRunsAsNonRootAndCarriesJvmSettingsPortAndLabels() throws Exception {
    try (OciImage image = OciImage.open(IMAGE)) {
      PlatformImages.assertConventions(image, "platform-api", PlatformApiApplication.class.getName());
    }
  }

  @Test
  void itsOwnEntrypointAndLayersBootTheApiAndServeTheDashboardAsAnArbitraryUid(KubernetesCluster cluster,
      KubernetesClient client) throws Exception {
    assumeTrue(UnpackedContainer.unsupportedReason().isEmpty(), () -> UnpackedContainer.unsupportedReason().get());
    Crds.install(client);
    Duration imageBoot;
    try (OciImage image = OciImage.open(IMAGE); BootedApp api = BootedApp.fromImage(image, cluster, DEMO)) {
      imageBoot = api.bootTime();
      assertThat(api.container().orElseThrow().mainProcessUid()).contains(BootedApp.ARBITRARY_UID);
      HttpResponse<String> index = api.get("/");
      assertThat(index.statusCode()).isEqualTo(200);
      assertThat(index.body()).contains("<title>AIR9", "app.js");
      assertThat(api.get("/app.js").statusCode()).isEqualTo(200);
      HttpResponse<String> token = HttpClient.newHttpClient().send(HttpRequest.newBuilder(api.uri("/demo/token"))
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString("grant_type=password&username=alice&password=alice")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
      String accessToken = ApiOnCluster.JSON.readTree(token.body()).get("access_token").asString();
      HttpResponse<String> me = HttpClient.newHttpClient().send(HttpRequest.newBuilder(api.uri("/api/v1/me"))
          .header("Authorization", "Bearer " + accessToken).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
      assertThat(me.body()).contains("\"name\":\"alice\"");
    }
    try (BootedApp jar = BootedApp.fromJar(bootJar(), cluster, DEMO)) {
      System.out.printf("API boot to readiness: image (unpacked, UID %d) %.1f s, java -jar %.1f s, ratio %.2f%n",
          BootedApp.ARBITRARY_UID, imageBoot.toMillis() / 1000.0, jar.bootTime().toMillis() / 1000.0,
          (double) imageBoot.toMillis() / jar.bootTime().toMillis());
    }
  }

  /** The runnable jar that ./air9 up starts (Spring Boot repackages the module's jar). */
  private static Path bootJar() throws Exception {
    try (Stream<Path> files = Files.list(Path.of("target"))) {
      return files.filter(p -> p.getFileName().toString().matches("platform-api-[^-]+(-SNAPSHOT)?\\.jar"))
          .findFirst().orElseThrow(() -> new AssertionError("no runnable jar in target/"));
    }
  }
}
