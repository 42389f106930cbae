package io.air9.platform.sim.bench;

import io.air9.platform.model.OperatorThreads;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The operator's CPU by thread, from {@code /proc/PID/task/TID/{comm,stat}}: JFR's execution samples see only Java
 * code, not the JIT compilers' or the GC's threads, which took 44% of the operator's CPU in a burst of 300. Each
 * snapshot holds every live thread's CPU time; {@link #add} accumulates, between two snapshots, each thread's CPU by
 * its name (counters as {@code N}, as Linux keeps it: the first 15 characters) and, as {@value #ENDED}, what the
 * process used beyond its live threads (threads that ended between the snapshots: /proc keeps their time only in the
 * process's total). {@link #group} sorts the names into a few groups, from the thread names of a live operator.
 */
final class ThreadCpu {

  static final String ENDED = "ended threads";
  /** Where Linux keeps each process's and thread's CPU time: read by this, {@link MachineCpu} and the tool. */
  static final Path PROC = Path.of("/proc");
  static final double CLOCK_TICKS = 100; // USER_HZ on Linux

  private static final Pattern NUMBER = Pattern.compile("(^|[-#.])[0-9]+");
  /** Groups by name pattern, first match wins: the operator's pools are named (air9-*), JOSDK's caching pool not. */
  private static final List<Map.Entry<String, Pattern>> GROUPS = List.of(
      Map.entry("JIT compiler", Pattern.compile("C[12] CompilerThre.*")),
      Map.entry("GC", Pattern.compile("GC Thread.*|G1 .*|VM Thread")),
      // JOSDK renames a reconcile thread while it reconciles: "ReconcilerExecutor-workspace-123"
      Map.entry("reconcile", Pattern.compile(pool(OperatorThreads.RECONCILE) + "|ReconcilerExecu.*")),
      Map.entry("dependents (workflow)", Pattern.compile(pool(OperatorThreads.WORKFLOW))),
      Map.entry("admission queue", Pattern.compile(pool(OperatorThreads.ADMISSION))),
      // the JDK HttpClient's selector (reads, TLS) and the executor Fabric8 gives it (responses, watch frames)
      Map.entry("HTTP client", Pattern.compile("HttpClient-.*|JdkHttpClientFa.*")),
      // Fabric8's informer pool (a daemon pool named by the client's identity hash: "-2141849216-pool-3-thread-N")
      // and its scheduler (resyncs, reconnects): the informers' event handlers, JOSDK's event sources
      Map.entry("informers/watch", Pattern.compile("-?N-poo.*|CachedSingleThr.*")),
      // the actuator's endpoints: the benchmark's own heap and reconcile scrapes, and readiness
      Map.entry("HTTP server (actuator)", Pattern.compile("http-nio-.*|Catalina-.*")),
      Map.entry(ENDED, Pattern.compile(Pattern.quote(ENDED))));

  /** The names of the threads of one of the operator's pools. */
  private static String pool(OperatorThreads threads) {
    return Pattern.quote(threads.prefix()) + ".*";
  }

  /** One thread: its name as the kernel keeps it and its CPU seconds (user + system) so far. */
  record ThreadTime(String name, double cpuSeconds) {}

  /** The process's CPU seconds so far and each live thread's, by thread id. */
  record Snapshot(double processCpuSeconds, Map<Long, ThreadTime> threads) {}

  private ThreadCpu() {}

  /** The CPU seconds of a {@code /proc/.../stat} line: utime + stime (fields 14 and 15, after the name). */
  static double cpuSeconds(String stat) {
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / CLOCK_TICKS;
  }

  /**
   * Reads {@code PROC/PID}: the threads first, then the process's total, so that a thread's time never exceeds
   * its share of the total. Empty when the process is gone; a thread that ends while being read is left out.
   */
  static Snapshot read(Path proc, long pid) {
    Path dir = proc.resolve(Long.toString(pid));
    Map<Long, ThreadTime> threads = new HashMap<>();
    try (Stream<Path> tasks = Files.list(dir.resolve("task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        try {
          threads.put(Long.parseLong(task.getFileName().toString()), new ThreadTime(
              Files.readString(task.resolve("comm")).strip(), cpuSeconds(Files.readString(task.resolve("stat")))));
        } catch (IOException | RuntimeException e) {
          // ended meanwhile: its time is in the process's total, and so in "ended threads"
        }
      }
      return new Snapshot(cpuSeconds(Files.readString(dir.resolve("stat"))), threads);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * A thread's name with its counters as N (numbers at its start or after '-', '#' or '.'): "pool-5-thread-12" is
   * "pool-N-thread-N", "GC Thread#1" is "GC Thread#N"; "C2 CompilerThre" and "G1 Refine#0"'s "G1" stay.
   */
  static String pattern(String name) {
    return NUMBER.matcher(name).replaceAll("$1N");
  }

  /** The group of a thread name (or of its {@link #pattern}); "other" when none fits. */
  static String group(String name) {
    String p = pattern(name);
    return GROUPS.stream().filter(g -> g.getValue().matcher(p).matches()).map(Map.Entry::getKey).findFirst()
        .orElse("other");
  }

  /**
   * Adds to {@code byName} (thread name pattern to CPU seconds) what each thread used between two snapshots, under
   * its name in {@code next} (a thread keeps its id when renamed, as JOSDK does during a reconcile): a thread new in
   * {@code next} (or whose id was reused: less CPU than before) counts from 0, and the process's CPU beyond its
   * live threads' counts as {@value #ENDED}.
   */
  static void add(Map<String, Double> byName, Snapshot previous, Snapshot next) {
    double threads = 0;
    for (Map.Entry<Long, ThreadTime> e : next.threads().entrySet()) {
      ThreadTime now = e.getValue();
      ThreadTime then = previous.threads().get(e.getKey());
      double used = then != null && then.cpuSeconds() <= now.cpuSeconds()
          ? now.cpuSeconds() - then.cpuSeconds() : now.cpuSeconds();
      threads += used;
      if (used > 0) {
        byName.merge(pattern(now.name()), used, Double::sum);
      }
    }
    double ended = next.processCpuSeconds() - previous.processCpuSeconds() - threads;
    if (Math.abs(ended) >= 1e-9) { // may dip below 0 by a tick: the kernel adds a thread's time in ticks
      byName.merge(ENDED, ended, Double::sum);
    }
  }

  /** What was added between two accumulated totals (by name), only what changed. */
  static Map<String, Double> between(Map<String, Double> before, Map<String, Double> after) {
    Map<String, Double> d = new TreeMap<>();
    after.forEach((k, v) -> {
      double used = v - before.getOrDefault(k, 0.0);
      if (Math.abs(used) >= 1e-9) {
        d.put(k, used);
      }
    });
    return d;
  }

  /** CPU seconds by group, largest first. */
  static Map<String, Double> byGroup(Map<String, Double> byName) {
    Map<String, Double> groups = new HashMap<>();
    byName.forEach((name, s) -> groups.merge(group(name), s, Double::sum));
    return largestFirst(groups);
  }

  /**
   * A phase's account for result.json: per group its CPU seconds and its share of the process's CPU in the phase,
   * largest first, and the thread names that used the most (up to {@code top}).
   */
  static Map<String, Object> describe(Map<String, Double> byName, int top) {
    double total = byName.values().stream().mapToDouble(Double::doubleValue).sum();
    Map<String, Object> groups = new LinkedHashMap<>();
    byGroup(byName).forEach((g, s) -> groups.put(g, Map.of("cpuSeconds", round(s),
        "share", total > 0 ? round(s / total) : Double.NaN)));
    Map<String, Object> names = new LinkedHashMap<>();
    largestFirst(byName).entrySet().stream().limit(top).forEach(e -> names.put(e.getKey(), round(e.getValue())));
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("cpuSeconds", round(total));
    d.put("byGroup", groups);
    d.put("topThreadNames", names);
    return d;
  }

  /** One line for the progress: "JIT compiler 36% (14.0 s), HTTP client 19% (7.5 s), ...". */
  static String summary(Map<String, Double> byName) {
    double total = byName.values().stream().mapToDouble(Double::doubleValue).sum();
    StringBuilder s = new StringBuilder();
    byGroup(byName).forEach((g, cpu) -> s.append(s.isEmpty() ? "" : ", ").append(String.format(java.util.Locale.ROOT,
        "%s %.0f%% (%.1f s)", g, total > 0 ? 100 * cpu / total : Double.NaN, cpu)));
    return s.toString();
  }

  private static Map<String, Double> largestFirst(Map<String, Double> m) {
    Map<String, Double> sorted = new LinkedHashMap<>();
    m.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .forEach(e -> sorted.put(e.getKey(), e.getValue()));
    return sorted;
  }

  private static double round(double d) {
    return Double.isNaN(d) ? d : Math.round(d * 1000) / 1000.0;
  }
}
