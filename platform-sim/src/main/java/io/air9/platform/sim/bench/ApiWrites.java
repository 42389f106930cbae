package io.air9.platform.sim.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Write requests the API server counted, from its /metrics ({@code apiserver_request_total}), by verb and resource
 * (with subresource, e.g. {@code workspaces/status}). The counter has no client label: a window in which only the
 * operator acts on workspaces attributes workspace writes to it; the cluster's own background writes (node leases,
 * KWOK's node heartbeats) show in the same table and in the baseline's window.
 */
final class ApiWrites {

  private static final Set<String> WRITE_VERBS = Set.of("POST", "PUT", "PATCH", "APPLY", "DELETE", "DELETECOLLECTION");

  private ApiWrites() {}

  /** Totals so far: "VERB resource[/subresource]" to count. */
  static Map<String, Double> scrape(KubernetesClient client) {
    String text = client.raw("/metrics");
    return parse(text);
  }

  static Map<String, Double> parse(String text) {
    return parse(text, false);
  }

  /**
   * Totals in a scrape; with {@code succeededOnly}, of the writes that succeeded (HTTP 2xx; a refused write, e.g. a
   * 409, changed nothing).
   */
  static Map<String, Double> parse(String text, boolean succeededOnly) {
    Map<String, Double> totals = new TreeMap<>();
    for (PromText.Sample s : PromText.samples(text, "apiserver_request_total")) {
      if (!WRITE_VERBS.contains(s.label("verb")) || !s.label("dry_run").isEmpty() // "All" for a dry run
          || succeededOnly && !s.label("code").startsWith("2")) {
        continue;
      }
      String sub = s.label("subresource");
      totals.merge(s.label("verb") + " " + s.label("resource") + (sub.isEmpty() ? "" : "/" + sub), s.value(),
          Double::sum);
    }
    return totals;
  }

  private static final Set<String> READ_VERBS = Set.of("GET", "LIST", "WATCH");

  /**
   * What the API server served besides writes, totals so far: its read requests ({@code "GET|LIST|WATCH resource"},
   * from {@code apiserver_request_total}: a WATCH counts once, when it opens), and the watch events it sent to all
   * watchers, by resource ({@code "events pods"} from {@code apiserver_watch_events_total}, {@code "KB pods"} from
   * {@code apiserver_watch_events_sizes_sum}). Requests that are not for a resource (/healthz, /metrics) are left
   * out.
   */
  static Map<String, Double> parseReads(String text) {
    Map<String, Double> totals = new TreeMap<>();
    for (PromText.Sample s : PromText.samples(text, "apiserver_request_total")) {
      if (READ_VERBS.contains(s.label("verb")) && !s.label("resource").isEmpty()) {
        String sub = s.label("subresource");
        totals.merge(s.label("verb") + " " + s.label("resource") + (sub.isEmpty() ? "" : "/" + sub), s.value(),
            Double::sum);
      }
    }
    PromText.samples(text, "apiserver_watch_events_total").forEach(s -> totals.merge("events " + watched(s),
        s.value(), Double::sum));
    PromText.samples(text, "apiserver_watch_events_sizes_sum").forEach(s -> totals.merge("KB " + watched(s),
        s.value() / 1000, Double::sum));
    return totals;
  }

  /** What a watch metric's sample counts: its resource (Kubernetes 1.30 on), or its kind (before). */
  private static String watched(PromText.Sample s) {
    return s.label("resource").isEmpty() ? s.label("kind") : s.label("resource");
  }

  /** Per minute, between two scrapes {@code minutes} apart; only what changed. */
  static Map<String, Double> perMinute(Map<String, Double> before, Map<String, Double> after, double minutes) {
    return per(before, after, minutes);
  }

  /** Per workspace, between two scrapes around a phase of {@code workspaces} starts; only what changed. */
  static Map<String, Double> perWorkspace(Map<String, Double> before, Map<String, Double> after, int workspaces) {
    return per(before, after, workspaces);
  }

  private static Map<String, Double> per(Map<String, Double> before, Map<String, Double> after, double divisor) {
    Map<String, Double> rate = new TreeMap<>();
    after.forEach((k, v) -> {
      double d = v - before.getOrDefault(k, 0.0);
      if (d > 0) {
        rate.put(k, d / divisor);
      }
    });
    return rate;
  }
}
