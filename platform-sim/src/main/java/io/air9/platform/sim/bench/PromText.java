package io.air9.platform.sim.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The samples of one metric in Prometheus' text format (the API server's /metrics, an actuator's scrape). */
final class PromText {

  /** One sample: its labels and its value. */
  record Sample(Map<String, String> labels, double value) {
    String label(String name) {
      return labels.getOrDefault(name, "");
    }
  }

  private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  private PromText() {}

  /** Every sample of {@code metric} (the exact name, e.g. {@code apiserver_request_total}) in {@code text}. */
  static List<Sample> samples(String text, String metric) {
    Matcher m = Pattern.compile("^" + Pattern.quote(metric) + "\\{([^}]*)\\} ([0-9.eE+]+)$", Pattern.MULTILINE)
        .matcher(text);
    List<Sample> samples = new ArrayList<>();
    while (m.find()) {
      Map<String, String> labels = new TreeMap<>();
      Matcher l = LABEL.matcher(m.group(1));
      while (l.find()) {
        labels.put(l.group(1), l.group(2));
      }
      samples.add(new Sample(labels, Double.parseDouble(m.group(2))));
    }
    return samples;
  }

  /** The sum of {@code metric}'s samples by the value of one label. */
  static Map<String, Double> sumBy(String text, String metric, String label) {
    Map<String, Double> sums = new TreeMap<>();
    samples(text, metric).forEach(s -> sums.merge(s.label(label), s.value(), Double::sum));
    return sums;
  }
}
