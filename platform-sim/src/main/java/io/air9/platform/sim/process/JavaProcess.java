package io.air9.platform.sim.process;

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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A runnable Spring Boot jar (the operator's or the API's {@code -exec.jar}) run as a child process on a free
 * loopback port, with its output in a log file: started, probed for readiness, stopped with SIGTERM or SIGKILL.
 * Tests and the fault suite use it to treat the deployed artefact as a black box.
 */
public final class JavaProcess implements AutoCloseable {

  private final String name;
  private final Process process;
  private final int port;
  private final Path log;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private JavaProcess(String name, Process process, int port, Path log) {
    this.name = name;
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /**
   * JVM options for a quick start on a shared, loaded machine: C1 only (less compiling at start-up) and the serial
   * collector (no GC threads competing for the cores).
   */
  public static final List<String> QUICK_START = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

  /** Starts {@code java QUICK_START -jar JAR --server.port=FREE ARGS...}; output goes to a temporary log file. */
  public static JavaProcess start(String name, Path jar, List<String> args) {
    try {
      int port = freePort();
      Path log = Files.createTempFile(name, ".log");
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(QUICK_START);
      command.addAll(List.of("-jar", jar.toString(), "--server.port=" + port));
      command.addAll(args);
      Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      return new JavaProcess(name, process, port, log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The single {@code *-exec.jar} in {@code dir} (a module's target/), or a clear error naming the build step. */
  public static Path execJar(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith("-exec.jar")).findFirst()
          .orElseThrow(() -> new IllegalStateException("no -exec.jar in " + dir + ": the package phase builds it"));
    } catch (IOException e) {
      throw new IllegalStateException("no " + dir + ": build the module first (./mvnw -B package -DskipTests)", e);
    }
  }

  public String name() {
    return name;
  }

  public long pid() {
    return process.pid();
  }

  public int port() {
    return port;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** HTTP status of GET http://127.0.0.1:PORT/PATH, or empty while nothing listens. */
  public Optional<Integer> get(String path) {
    try {
      return Optional.of(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode());
    } catch (IOException notListening) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Waits until /actuator/health/readiness answers 200; fails with the process's log otherwise. */
  public JavaProcess awaitReady(Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline) && process.isAlive()) {
      if (get("/actuator/health/readiness").orElse(-1) == 200) {
        return this;
      }
      Waits.sleep(250);
    }
    throw new IllegalStateException(name + " did not become ready within " + timeout.toSeconds() + " s"
        + (process.isAlive() ? "" : " (exited with " + process.exitValue() + ")") + "; its log:\n" + log());
  }

  /** Sends SIGTERM (the kubelet's stop). */
  public void terminate() {
    process.destroy();
  }

  /** Sends SIGKILL (a crash, an OOM kill). */
  public void kill() {
    process.destroyForcibly();
  }

  /** Waits up to {@code timeout} for the process to end; its exit code, or empty if it still runs. */
  public Optional<Integer> awaitExit(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? Optional.of(process.exitValue())
          : Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public Path logFile() {
    return log;
  }

  /** The process's output so far. */
  public String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }

  /** Ends the process if it still runs: SIGTERM, then SIGKILL after 20 s. */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy();
      if (awaitExit(Duration.ofSeconds(20)).isEmpty()) {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(10));
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
