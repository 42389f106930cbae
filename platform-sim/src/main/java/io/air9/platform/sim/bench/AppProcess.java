package io.air9.platform.sim.bench;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A runnable Spring Boot jar of the platform (the operator's or the API's) as a child process of the benchmark, on
 * the simulated cluster's kubeconfig, with its HTTP port on loopback. Samples its CPU time (in all and by thread,
 * {@link ThreadCpu}) and resident memory (from /proc) once a second and its heap (its actuator's Prometheus endpoint, the memory gauges only) every 2 s; measures
 * the live heap after a full GC with jcmd; optionally records JFR.
 */
final class AppProcess implements AutoCloseable {

  /**
   * One sample: seconds since the benchmark began, CPU seconds used so far, resident and heap-used MiB, and the CPU
   * seconds used since readiness by thread group ({@link ThreadCpu}).
   */
  record Sample(double t, double cpuSeconds, double rssMib, double heapUsedMib, double heapCommittedMib,
      Map<String, Double> cpuByGroup) {}

  /** JOSDK's counter of reconciles started, by kind (a retry counts again); only this meter is rendered. */
  static final String RECONCILES_SCRAPE = "/actuator/prometheus?includedNames=operator_sdk_reconciliations_started";
  private static final Pattern HEAP = Pattern.compile(
      "^jvm_memory_(used|committed)_bytes\\{[^}]*area=\"heap\"[^}]*\\} ([0-9.eE+]+)$", Pattern.MULTILINE);
  /**
   * The two memory gauges only (the actuator's name filter): the whole scrape (80+ KiB of text with JOSDK's and the
   * client's meters) cost the operator 3-6% of its CPU in a burst, charging the measurement to the operator.
   */
  static final String HEAP_SCRAPE =
      "/actuator/prometheus?includedNames=jvm_memory_used_bytes,jvm_memory_committed_bytes";
  private static final Pattern GC_HEAP_USED = Pattern.compile("total \\d+K, used (\\d+)K");

  private final Process process;
  private final int port;
  private final Path jfr;
  private final Instant epoch;
  private final List<Sample> samples = new CopyOnWriteArrayList<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "operator-sampler");
    t.setDaemon(true);
    return t;
  });
  /** CPU seconds since readiness by thread name pattern, added up at each sample and each call of cpuByThread. */
  private final Map<String, Double> threadCpu = new HashMap<>();
  private ThreadCpu.Snapshot lastThreads;
  private volatile double lastHeapUsed = Double.NaN;
  private volatile double lastHeapCommitted = Double.NaN;

  private AppProcess(Process process, int port, Path jfr, Instant epoch) {
    this.process = process;
    this.port = port;
    this.jfr = jfr;
    this.epoch = epoch;
  }

  /** The operator's jar, without leader election; returns once it is ready (its informers are synced). */
  static AppProcess operator(Path jar, Path kubeconfig, List<String> jvmOptions, Path outDir, String label,
      boolean recordJfr, Instant epoch) throws IOException, InterruptedException {
    return start(jar, jvmOptions, List.of("--air9.kubeconfig=" + kubeconfig,
        "--air9.leader-election.enabled=false"), outDir, "operator-" + label, recordJfr, epoch);
  }

  /**
   * Starts {@code java JVM -jar JAR ARGS --server.address=127.0.0.1 --server.port=FREE} and returns once its
   * readiness endpoint answers. Output goes to {@code OUT/NAME.log}, JFR to {@code OUT/NAME.jfr}.
   */
  static AppProcess start(Path jar, List<String> jvmOptions, List<String> args, Path outDir, String name,
      boolean recordJfr, Instant epoch) throws IOException, InterruptedException {
    int port = freeLoopbackPort();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    Path jfr = null;
    if (recordJfr) {
      jfr = outDir.resolve(name + ".jfr").toAbsolutePath();
      command.add("-XX:StartFlightRecording=settings=profile,filename=" + jfr);
    }
    command.addAll(List.of("-jar", jar.toString()));
    command.addAll(args);
    command.addAll(List.of("--server.address=127.0.0.1", "--server.port=" + port));
    Files.createDirectories(outDir);
    Path log = outDir.resolve(name + ".log");
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    AppProcess op = new AppProcess(process, port, jfr, epoch);
    // A benchmark stopped with Ctrl-C stops its child processes too.
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroy, "stop-" + name));
    Instant deadline = Instant.now().plus(Duration.ofMinutes(10)); // Spring starts slowly on a loaded machine
    while (!op.ready()) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
      }
      if (Instant.now().isAfter(deadline)) {
        op.close();
        throw new IllegalStateException(name + " did not get ready within 10 minutes; see " + log);
      }
      Thread.sleep(500);
    }
    op.lastThreads = ThreadCpu.read(ThreadCpu.PROC, op.pid());
    op.sampler.scheduleAtFixedRate(op::sample, 0, 1, TimeUnit.SECONDS);
    return op;
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process.isAlive();
  }

  List<Sample> samples() {
    return List.copyOf(samples);
  }

  /** CPU seconds (user + system) the process has used so far. */
  double cpuSeconds() {
    try {
      return ThreadCpu.cpuSeconds(Files.readString(ThreadCpu.PROC.resolve(Long.toString(pid())).resolve("stat")));
    } catch (IOException e) {
      return Double.NaN;
    }
  }

  /**
   * CPU seconds used since readiness by thread name pattern, up to now ({@link ThreadCpu#add}; threads that ended
   * count as {@value ThreadCpu#ENDED}). The difference of two calls is a phase's account.
   */
  synchronized Map<String, Double> cpuByThread() {
    ThreadCpu.Snapshot now = ThreadCpu.read(ThreadCpu.PROC, pid());
    if (now != null && lastThreads != null) {
      ThreadCpu.add(threadCpu, lastThreads, now);
      lastThreads = now;
    }
    return new TreeMap<>(threadCpu);
  }

  /** Reconciles started so far by kind (JOSDK's Micrometer counter); empty when the scrape fails. */
  Map<String, Double> reconcilesStarted() {
    try {
      return PromText.sumBy(get(RECONCILES_SCRAPE).body(), "operator_sdk_reconciliations_started_total", "kind");
    } catch (IOException e) {
      return Map.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Map.of();
    }
  }

  /** Resident memory in MiB. */
  double rssMib() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
    } catch (IOException e) {
      // gone
    }
    return Double.NaN;
  }

  /** Runs a full GC (jcmd GC.run) and returns the heap then in use, in MiB: the live heap. */
  double liveHeapMibAfterFullGc() throws IOException, InterruptedException {
    jcmd("GC.run");
    Matcher m = GC_HEAP_USED.matcher(jcmd("GC.heap_info"));
    return m.find() ? Long.parseLong(m.group(1)) / 1024.0 : Double.NaN;
  }

  /** Writes the class histogram of the live objects (jcmd GC.class_histogram, itself after a full GC) to a file. */
  void classHistogram(Path file) throws IOException, InterruptedException {
    Files.writeString(file, jcmd("GC.class_histogram"));
  }

  private String jcmd(String command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
        Long.toString(pid()), command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    p.waitFor(60, TimeUnit.SECONDS);
    return out;
  }

  private boolean ready() {
    try {
      return get("/actuator/health/readiness").statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The app's loopback URI of a path. */
  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(uri(path))
        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private void sample() {
    double t = Duration.between(epoch, Instant.now()).toMillis() / 1000.0;
    if (samples.size() % 2 == 0) { // the heap every 2 s: rendering the metrics costs the operator CPU too
      try {
        Matcher m = HEAP.matcher(get(HEAP_SCRAPE).body());
        double used = 0;
        double committed = 0;
        while (m.find()) {
          if (m.group(1).equals("used")) {
            used += Double.parseDouble(m.group(2));
          } else {
            committed += Double.parseDouble(m.group(2));
          }
        }
        lastHeapUsed = used / (1 << 20);
        lastHeapCommitted = committed / (1 << 20);
      } catch (IOException | RuntimeException e) {
        // keep the last figure
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    Map<String, Double> byGroup = ThreadCpu.byGroup(cpuByThread());
    samples.add(new Sample(t, cpuSeconds(), rssMib(), lastHeapUsed, lastHeapCommitted, byGroup));
  }

  /** Stops the process (SIGTERM, then SIGKILL after 20 s); dumps the JFR recording first when one runs. */
  @Override
  public void close() {
    sampler.shutdownNow();
    if (!process.isAlive()) {
      return;
    }
    try {
      if (jfr != null) {
        jcmd("JFR.dump filename=" + jfr);
      }
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static int freeLoopbackPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
