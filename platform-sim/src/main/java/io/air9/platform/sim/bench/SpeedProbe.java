package io.air9.platform.sim.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * How fast this machine runs a fixed piece of work while a timed phase runs: every {@link #PERIOD} one probe (a sort
 * of the same 20,000 numbers and a SHA-256 of the same 128 KiB) is timed by its thread's own CPU clock, so waiting
 * for a core does not count, and a core that does less per second (a busier host, its caches shared) does. The same
 * start costs the whole machine 30% more CPU in one run than in another (the bare client's own CPU per start: 55-58
 * ms in one session, 74 ms in the next, for the same work), and each side of a benchmark runs for minutes, so the
 * machine's speed can differ between them: the ratio of the two sides' medians says by how much. Small: about 1 ms
 * of CPU each {@link #PERIOD}.
 */
final class SpeedProbe implements AutoCloseable {

  static final Duration PERIOD = Duration.ofMillis(500);
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final int[] NUMBERS = new SplittableRandom(7).ints(20_000).toArray();
  private static final byte[] BYTES = "the same bytes every time ".repeat(5042).getBytes(StandardCharsets.US_ASCII);

  private final List<Long> cpuNanos = new ArrayList<>();
  private final Thread thread;
  private volatile boolean stop;

  private SpeedProbe() {
    thread = new Thread(this::run, "speed-probe");
    thread.setDaemon(true);
  }

  /** Probes from now until {@link #close()}, after a warm-up (the JIT compiles the work first). */
  static SpeedProbe start() {
    for (int i = 0; i < 200; i++) {
      work();
    }
    SpeedProbe probe = new SpeedProbe();
    probe.thread.start();
    return probe;
  }

  /** One probe's work; returns something of it so that none of it is optimised away. */
  static int work() {
    int[] copy = NUMBERS.clone();
    Arrays.sort(copy);
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(BYTES);
      return copy[copy.length / 2] ^ digest[0];
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** One probe, timed by this thread's CPU clock, in nanoseconds. */
  static long timed() {
    long before = THREADS.getCurrentThreadCpuTime();
    work();
    return THREADS.getCurrentThreadCpuTime() - before;
  }

  private void run() {
    while (!stop) {
      long nanos = timed();
      synchronized (cpuNanos) {
        cpuNanos.add(nanos);
      }
      try {
        Thread.sleep(PERIOD.toMillis());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  @Override
  public void close() {
    stop = true;
    thread.interrupt();
  }

  /** Whether its thread has ended (after {@link #close()}). */
  boolean stopped() {
    return !thread.isAlive();
  }

  /** The probes so far: how many, and their CPU time's median and 90th percentile, in microseconds. */
  Map<String, Object> describe() {
    long[] sorted;
    synchronized (cpuNanos) {
      sorted = cpuNanos.stream().mapToLong(Long::longValue).sorted().toArray();
    }
    return describe(sorted);
  }

  /** As {@link #describe()}, of sorted probe times (pure). */
  static Map<String, Object> describe(long[] sortedNanos) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("probes", sortedNanos.length);
    if (sortedNanos.length > 0) {
      d.put("medianCpuMicros", micros(sortedNanos[(sortedNanos.length - 1) / 2]));
      d.put("p90CpuMicros", micros(sortedNanos[(int) Math.ceil(sortedNanos.length * 0.9) - 1]));
    }
    return d;
  }

  /**
   * How much slower the machine ran the probe on the operator's side than on the baseline's: the ratio of their
   * medians (1.2: the same work took 20% more CPU); empty when either side has no probe.
   */
  static Optional<Double> slowdown(Map<?, ?> baseline, Map<?, ?> operator) {
    if (baseline.get("medianCpuMicros") instanceof Double b && operator.get("medianCpuMicros") instanceof Double o
        && b > 0) {
      return Optional.of(o / b);
    }
    return Optional.empty();
  }

  private static double micros(long nanos) {
    return Math.round(nanos / 100.0) / 10.0;
  }
}
