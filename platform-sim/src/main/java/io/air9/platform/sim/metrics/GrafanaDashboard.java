package io.air9.platform.sim.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The PromQL queries of a Grafana dashboard (deploy/grafana) and the metric names they read, so that tests can check
 * them against what the operator and the API really expose at /actuator/prometheus. Which application a query reads
 * is told by the dashboard's job variable it selects on ({@code job=~"$operator_job"}), or, for a template variable's
 * own query, by the variable's name.
 */
public final class GrafanaDashboard {

  /** One PromQL expression: where it is (panel title or variable name) and its text. */
  public record Query(String where, String expr) {

    /** Whether it reads the application whose job variable is {@code jobVariable}. */
    public boolean reads(String jobVariable) {
      return where.equals("$" + jobVariable) || expr.contains("$" + jobVariable);
    }

    public Set<String> metricNames() {
      return GrafanaDashboard.metricNames(expr);
    }
  }

  private static final Pattern STRINGS = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
  private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}|\\[[^]]*]");
  private static final Pattern LABEL_LISTS =
      Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
  private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL_VALUES = Pattern.compile("^\\s*label_values\\((.*),\\s*[a-zA-Z_]\\w*\\s*\\)\\s*$");
  private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
      "bool", "and", "or", "unless", "offset", "inf", "nan", "atan2");

  private final List<Query> queries;

  private GrafanaDashboard(List<Query> queries) {
    this.queries = List.copyOf(queries);
  }

  public static GrafanaDashboard read(Path json) {
    try {
      JsonNode root = new ObjectMapper().readTree(json.toFile());
      List<Query> queries = new ArrayList<>();
      collectPanels(root.path("panels"), queries);
      for (JsonNode variable : root.path("templating").path("list")) {
        if ("query".equals(variable.path("type").asText())) {
          JsonNode q = variable.path("query");
          String text = q.isTextual() ? q.asText() : q.path("query").asText();
          Matcher m = LABEL_VALUES.matcher(text);
          queries.add(new Query("$" + variable.path("name").asText(), m.matches() ? m.group(1) : text));
        }
      }
      return new GrafanaDashboard(queries);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void collectPanels(JsonNode panels, List<Query> into) {
    for (JsonNode panel : panels) {
      for (JsonNode target : panel.path("targets")) {
        if (target.hasNonNull("expr")) {
          into.add(new Query(panel.path("title").asText(), target.get("expr").asText()));
        }
      }
      collectPanels(panel.path("panels"), into);
    }
  }

  public List<Query> queries() {
    return queries;
  }

  /** The metric names read by the queries of one application (its job variable). */
  public Set<String> metricsOf(String jobVariable) {
    return queries.stream().filter(q -> q.reads(jobVariable)).flatMap(q -> q.metricNames().stream())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /**
   * The metric names of a PromQL expression: the identifiers that are neither inside a label matcher, range or string,
   * nor a function or aggregation (followed by a parenthesis), a keyword, a grouping label, or part of a number.
   */
  public static Set<String> metricNames(String promql) {
    String s = STRINGS.matcher(promql).replaceAll("\"\"");
    s = MATCHERS.matcher(s).replaceAll(" ");
    s = LABEL_LISTS.matcher(s).replaceAll(" ");
    Set<String> names = new TreeSet<>();
    Matcher m = IDENTIFIER.matcher(s);
    while (m.find()) {
      String name = m.group();
      int before = m.start() - 1;
      if (before >= 0 && (Character.isDigit(s.charAt(before)) || s.charAt(before) == '.' || s.charAt(before) == '$')) {
        continue;
      }
      int after = m.end();
      while (after < s.length() && Character.isWhitespace(s.charAt(after))) {
        after++;
      }
      if ((after < s.length() && s.charAt(after) == '(') || KEYWORDS.contains(name.toLowerCase())) {
        continue;
      }
      names.add(name);
    }
    return names;
  }

  /** The metric names in a Prometheus text exposition (/actuator/prometheus). */
  public static Set<String> exposedMetricNames(String exposition) {
    return exposition.lines().filter(l -> !l.isBlank() && !l.startsWith("#"))
        .map(l -> l.split("[{ ]", 2)[0]).collect(Collectors.toCollection(TreeSet::new));
  }
}
