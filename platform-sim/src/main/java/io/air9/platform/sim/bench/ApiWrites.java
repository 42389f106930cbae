package io.air9.platform.sim.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Write requests the API server counted, from its /metrics ({@code apiserver_request_total}), by verb and resource
 * (with subresource, e.g. {@code workspaces/status}). The counter has no client label: a window in which only the
 * operator acts on workspaces attributes workspace writes to it; the cluster's own background writes (node leases,
 * KWOK's node heartbeats) show in the same table and in the baseline's window.
 */
final class ApiWrites {

  private static final Set<String> WRITE_VERBS = Set.of("POST", "PUT", "PATCH", "APPLY", "DELETE", "DELETECOLLECTION");
  private static final Pattern LINE = Pattern.compile("^apiserver_request_total\\{([^}]*)\\} ([0-9.eE+]+)$",
      Pattern.MULTILINE);
  private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  private ApiWrites() {}

  /** Totals so far: "VERB resource[/subresource]" to count. */
  static Map<String, Double> scrape(KubernetesClient client) {
    String text = client.raw("/metrics");
    return parse(text);
  }

  /** Totals so far of the writes that succeeded (HTTP 2xx; a refused write, e.g. a 409, changed nothing). */
  static Map<String, Double> scrapeSucceeded(KubernetesClient client) {
    return parse(client.raw("/metrics"), true);
  }

  static Map<String, Double> parse(String text) {
    return parse(text, false);
  }

  static Map<String, Double> parse(String text, boolean succeededOnly) {
    Map<String, Double> totals = new TreeMap<>();
    Matcher m = LINE.matcher(text);
    while (m.find()) {
      Map<String, String> labels = new TreeMap<>();
      Matcher l = LABEL.matcher(m.group(1));
      while (l.find()) {
        labels.put(l.group(1), l.group(2));
      }
      String verb = labels.getOrDefault("verb", "");
      if (!WRITE_VERBS.contains(verb) || !labels.getOrDefault("dry_run", "").isEmpty() // "All" for a dry run
          || succeededOnly && !labels.getOrDefault("code", "").startsWith("2")) {
        continue;
      }
      String sub = labels.getOrDefault("subresource", "");
      String key = verb + " " + labels.getOrDefault("resource", "") + (sub.isEmpty() ? "" : "/" + sub);
      totals.merge(key, Double.parseDouble(m.group(2)), Double::sum);
    }
    return totals;
  }

  /** Per minute, between two scrapes {@code minutes} apart; only what changed. */
  static Map<String, Double> perMinute(Map<String, Double> before, Map<String, Double> after, double minutes) {
    Map<String, Double> rate = new TreeMap<>();
    after.forEach((k, v) -> {
      double d = v - before.getOrDefault(k, 0.0);
      if (d > 0) {
        rate.put(k, d / minutes);
      }
    });
    return rate;
  }
}
