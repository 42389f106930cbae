package io.air9.platform.sim.bench;

import java.util.List;
import java.util.Locale;

/**
 * When each workspace of a phase was created and became ready, in seconds from the phase's start (ready is NaN when
 * it never got there), and the phase's wall time.
 */
public record Latencies(List<Sample> samples, double wallSeconds) {

  /** One workspace: its key (namespace/name), creation and ready time from the phase's start. */
  public record Sample(String key, double createdAt, double readyAt) {
    public double latency() {
      return readyAt - createdAt;
    }
  }

  public List<Double> sorted() {
    return samples.stream().map(Sample::latency).filter(d -> !d.isNaN()).sorted().toList();
  }

  public long notReady() {
    return samples.stream().filter(s -> Double.isNaN(s.readyAt())).count();
  }

  /** Seconds from the phase's start until the last workspace was ready (NaN if one never was). */
  public double allReadyAt() {
    return notReady() > 0 ? Double.NaN
        : samples.stream().mapToDouble(Sample::readyAt).max().orElse(Double.NaN);
  }

  /** The p-th percentile (0..100) of creation-to-ready seconds by nearest rank, or NaN when nothing got ready. */
  public double percentile(double p) {
    List<Double> sorted = sorted();
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }

  /** Creation-to-ready percentiles of the workspaces created in each minute of the phase. */
  public record Minute(int minute, int arrivals, double p50, double p90, double p99, long notReady) {}

  public List<Minute> byArrivalMinute() {
    java.util.Map<Integer, List<Sample>> byMinute = new java.util.TreeMap<>();
    samples.forEach(s -> byMinute.computeIfAbsent((int) (s.createdAt() / 60), m -> new java.util.ArrayList<>())
        .add(s));
    return byMinute.entrySet().stream().map(e -> {
      Latencies l = new Latencies(e.getValue(), wallSeconds);
      return new Minute(e.getKey(), e.getValue().size(), l.percentile(50), l.percentile(90), l.percentile(99),
          l.notReady());
    }).toList();
  }

  public String summary() {
    return String.format(Locale.ROOT,
        "%d workspaces: all ready at %.1f s; latency p50 %.1f s, p90 %.1f s, p99 %.1f s, max %.1f s; not ready %d",
        samples.size(), allReadyAt(), percentile(50), percentile(90), percentile(99), percentile(100), notReady());
  }
}
