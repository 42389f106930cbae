package io.air9.platform.model;

/** Names shared by every component: API group, well-known labels and annotations, team namespaces. */
public final class Air9 {

  public static final String GROUP = "air9.io";
  public static final String VERSION = "v1alpha1";

  /** Label on Secrets that are data connections; its value is the {@link ConnectionType}. */
  public static final String LABEL_CONNECTION_TYPE = GROUP + "/connection-type";
  /** Label on a team's namespace and on every child of a workspace: the team's name. */
  public static final String LABEL_TEAM = GROUP + "/team";
  /** Label on every child of a workspace: the workspace's name. */
  public static final String LABEL_WORKSPACE = GROUP + "/workspace";

  /**
   * Annotation with the RFC 3339 time of the workspace's last user activity. On a real cluster the
   * operator's activity probe sets it; on the simulated cluster the simulator does.
   */
  public static final String ANNOTATION_LAST_ACTIVITY = GROUP + "/last-activity";

  /**
   * Annotation with an RFC 3339 time until which the user asked to keep the workspace running although idle (the
   * API's keep-alive writes it; {@code kubectl annotate} works too). {@link CullSchedule} bounds it by the class's
   * culling.maxKeepAlive, maxRuntime and GPU lease, so any value is safe.
   */
  public static final String ANNOTATION_KEEP_ALIVE_UNTIL = GROUP + "/keep-alive-until";

  public static final String TEAM_NAMESPACE_PREFIX = "team-";

  private Air9() {}

  /** The namespace that holds a team's workspaces. */
  public static String teamNamespace(String team) {
    return TEAM_NAMESPACE_PREFIX + team;
  }

  /** The team that a namespace belongs to, or null when it is not a team namespace. */
  public static String teamOfNamespace(String namespace) {
    return namespace != null && namespace.startsWith(TEAM_NAMESPACE_PREFIX)
        ? namespace.substring(TEAM_NAMESPACE_PREFIX.length())
        : null;
  }
}
