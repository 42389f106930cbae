package io.air9.platform.sim.image;

import io.air9.platform.sim.cluster.KubernetesCluster;
import io.air9.platform.sim.junit.Waits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Spring Boot app of the platform started as users start it, for ITs: from its container image (unpacked, its
 * own entrypoint, an arbitrary UID) or with {@code java -jar}. It listens on a free loopback port and talks to the
 * test's cluster; {@link #start} returns once /actuator/health/readiness answers 200, and records how long that took.
 */
public final class BootedApp implements AutoCloseable {

  /** A UID that no image and no host knows, as OpenShift assigns them. */
  public static final long ARBITRARY_UID = 123456;
  private static final String KUBECONFIG_IN_IMAGE = "/var/run/air9/kubeconfig";
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private interface Stoppable {
    boolean isAlive();

    String log() throws IOException;

    void stop() throws Exception;
  }

  private final Stoppable app;
  private final URI base;
  private final Duration bootTime;
  private final Path root;
  private final UnpackedContainer container;

  private BootedApp(Stoppable app, URI base, Duration bootTime, Path root, UnpackedContainer container) {
    this.app = app;
    this.base = base;
    this.bootTime = bootTime;
    this.root = root;
    this.container = container;
  }

  /** The image tarball that the package phase of this module built (jib:buildTar). */
  public static Path builtImage(String artifactId) {
    Path tar = Path.of("target", artifactId + "-image.tar");
    if (!Files.isRegularFile(tar)) {
      throw new AssertionError(tar + " is missing: the package phase builds it (jib:buildTar); -Djib.skip skips it");
    }
    return tar;
  }

  /**
   * Unpacks {@code image} and starts its own command as {@link #ARBITRARY_UID} in group 0, with the image's
   * environment plus {@code env}, a kubeconfig of {@code cluster} where a Secret would be mounted, and
   * SERVER_PORT/SERVER_ADDRESS on loopback.
   */
  public static BootedApp fromImage(OciImage image, KubernetesCluster cluster, Map<String, String> env)
      throws IOException {
    Path root = Files.createTempDirectory("image-root");
    image.unpack(root);
    Path kubeconfig = root.resolve(KUBECONFIG_IN_IMAGE.substring(1));
    Files.createDirectories(kubeconfig.getParent());
    // Inline certificates: the cluster's own kubeconfig may name files outside the root.
    Files.writeString(kubeconfig, cluster.kubectl().run("config", "view", "--raw", "--flatten", "--minify")
        .orThrow().stdout());
    // What a runtime writes for a pod: /etc/hosts with the container's host name (here the host's, on loopback).
    Files.createDirectories(root.resolve("etc"));
    Files.writeString(root.resolve("etc/hosts"), "127.0.0.1 localhost " + Files.readString(Path.of("/proc/sys/kernel/hostname")).strip()
        + "\n::1 localhost ip6-localhost ip6-loopback\n");
    Map<String, String> all = new HashMap<>(env);
    all.put("KUBECONFIG", KUBECONFIG_IN_IMAGE);
    int port = freePort();
    all.put("SERVER_PORT", Integer.toString(port));
    all.put("SERVER_ADDRESS", "127.0.0.1");
    Path log = Files.createTempFile("image-app", ".log");
    long start = System.nanoTime();
    UnpackedContainer container = UnpackedContainer.start(root, image.config(), all, ARBITRARY_UID, log);
    Stoppable app = new Stoppable() {
      @Override
      public boolean isAlive() {
        return container.isAlive();
      }

      @Override
      public String log() throws IOException {
        return container.log();
      }

      @Override
      public void stop() throws InterruptedException {
        container.close();
      }
    };
    return started(app, port, start, root, container);
  }

  /** Starts {@code java -jar jar} with the JDK running the test, the cluster's kubeconfig and {@code env}. */
  public static BootedApp fromJar(Path jar, KubernetesCluster cluster, Map<String, String> env) throws IOException {
    int port = freePort();
    Path log = Files.createTempFile("jar-app", ".log");
    ProcessBuilder builder = new ProcessBuilder(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()))
        .redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(env);
    builder.environment().put("KUBECONFIG", cluster.kubeconfig().toAbsolutePath().toString());
    builder.environment().put("SERVER_PORT", Integer.toString(port));
    builder.environment().put("SERVER_ADDRESS", "127.0.0.1");
    long start = System.nanoTime();
    Process process = builder.start();
    Stoppable app = new Stoppable() {
      @Override
      public boolean isAlive() {
        return process.isAlive();
      }

      @Override
      public String log() throws IOException {
        return Files.readString(log);
      }

      @Override
      public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      }
    };
    return started(app, port, start, null, null);
  }

  private static BootedApp started(Stoppable app, int port, long start, Path root, UnpackedContainer container) {
    URI base = URI.create("http://127.0.0.1:" + port);
    try {
      Waits.await("readiness of the app", Duration.ofSeconds(600), () -> {
        if (!app.isAlive()) {
          throw new AssertionError("the app exited; its log:\n" + logOf(app));
        }
        return status(base.resolve("/actuator/health/readiness")) == 200;
      });
    } catch (AssertionError e) {
      String log = logOf(app);
      stopQuietly(app);
      deleteQuietly(root);
      throw new AssertionError(e.getMessage() + (e.getMessage().contains("its log") ? "" : "; its log:\n" + log), e);
    }
    return new BootedApp(app, base, Duration.ofNanos(System.nanoTime() - start), root, container);
  }

  /** The app's URL of {@code path}. */
  public URI uri(String path) {
    return base.resolve(path);
  }

  /** GET {@code path}. */
  public HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** From start to readiness 200. */
  public Duration bootTime() {
    return bootTime;
  }

  /** The container of an app started from its image (empty for {@code java -jar}). */
  public java.util.Optional<UnpackedContainer> container() {
    return java.util.Optional.ofNullable(container);
  }

  public String log() throws IOException {
    return app.log();
  }

  @Override
  public void close() throws Exception {
    app.stop();
    deleteQuietly(root);
  }

  private static int status(URI uri) {
    try {
      return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException notYet) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String logOf(Stoppable app) {
    try {
      return app.log();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void stopQuietly(Stoppable app) {
    try {
      app.stop();
    } catch (Exception e) {
      throw new IllegalStateException("could not stop the app", e);
    }
  }

  private static void deleteQuietly(Path root) {
    try {
      if (root != null) {
        OciImage.delete(root);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
