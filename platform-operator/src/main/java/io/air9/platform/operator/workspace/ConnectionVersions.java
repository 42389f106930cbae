package io.air9.platform.operator.workspace;

import io.air9.platform.model.Air9;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The data connections' versions a workspace pod started with, recorded on its pod template as the annotation
 * {@value #ANNOTATION} ("s3-data=4711,snowflake=4802": Secret names and resourceVersions, never a value). A rotation
 * changes a Secret's resourceVersion but not the pod (its environment is read when the container starts), so a
 * running pod whose versions differ from the Secrets' now uses the old credentials until it is restarted.
 */
public final class ConnectionVersions {

  public static final String ANNOTATION = Air9.GROUP + "/connection-versions";

  private ConnectionVersions() {}

  /** "name=resourceVersion,..." in name order; null without connections. */
  static String format(List<ResolvedWorkspace.Connection> connections) {
    if (connections == null || connections.isEmpty()) {
      return null;
    }
    Map<String, String> versions = new TreeMap<>();
    connections.forEach(c -> versions.put(c.secretName(), Objects.requireNonNullElse(c.version(), "")));
    List<String> parts = new ArrayList<>();
    versions.forEach((name, version) -> parts.add(name + "=" + version));
    return String.join(",", parts);
  }

  static Map<String, String> parse(String annotation) {
    Map<String, String> versions = new LinkedHashMap<>();
    if (annotation != null && !annotation.isBlank()) {
      for (String part : annotation.split(",")) {
        int eq = part.indexOf('=');
        if (eq > 0) {
          versions.put(part.substring(0, eq), part.substring(eq + 1));
        }
      }
    }
    return versions;
  }

  /**
   * The connections rotated since the pod started: named in both, with another version now (in name order). A pod
   * that records no versions (started before this was recorded) tells nothing: none.
   */
  static List<String> rotated(String podStartedWith, List<ResolvedWorkspace.Connection> now) {
    Map<String, String> started = parse(podStartedWith);
    return now.stream().filter(c -> started.containsKey(c.secretName()) && c.version() != null
            && !c.version().equals(started.get(c.secretName())))
        .map(ResolvedWorkspace.Connection::secretName).sorted().toList();
  }
}
