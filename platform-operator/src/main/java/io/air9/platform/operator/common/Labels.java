package io.air9.platform.operator.common;

import io.air9.platform.model.Air9;
import io.air9.platform.model.WorkspaceKind;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The labels of every child the operator creates. */
public final class Labels {

  public static final String NAME = "app.kubernetes.io/name";
  public static final String INSTANCE = "app.kubernetes.io/instance";
  public static final String COMPONENT = "app.kubernetes.io/component";
  public static final String PART_OF = "app.kubernetes.io/part-of";
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String MANAGER = "air9-operator";

  /**
   * The kind of a workspace's application (jupyter, rstudio, vscode, mlflow), on its Service only (not on the pod
   * template: a new label there would restart every workspace). Lets an informer watch just the team's MLflow.
   */
  public static final String WORKSPACE_KIND = Air9.GROUP + "/workspace-kind";

  /** Label selector of the operator's informers: only what the operator manages. */
  public static final String MANAGED_SELECTOR = MANAGED_BY + "=" + MANAGER;

  /** {@link #NAME} of every child of a workspace (and of its pod). */
  public static final String WORKSPACE_APP = "air9-workspace";
  /** {@link #NAME} of every child of a team. */
  public static final String TEAM_APP = "air9-team";

  /**
   * Label selector of the informers of a team's children: a workspace's children of the same kind (a NetworkPolicy
   * and a Spark RoleBinding per workspace) are not cached by them, once per team dependent.
   */
  public static final String TEAM_CHILDREN = MANAGED_SELECTOR + "," + NAME + "=" + TEAM_APP;

  private Labels() {}

  /** Labels that select a workspace's pod (stable for the workspace's life). */
  public static Map<String, String> workspaceSelector(String workspace) {
    Map<String, String> l = new LinkedHashMap<>();
    l.put(NAME, WORKSPACE_APP);
    l.put(INSTANCE, workspace);
    l.put(Air9.LABEL_WORKSPACE, workspace);
    return l;
  }

  /** All labels of a workspace's child. */
  public static Map<String, String> workspace(String workspace, String team, String component) {
    Map<String, String> l = workspaceSelector(workspace);
    l.put(COMPONENT, component);
    l.put(PART_OF, "air9");
    l.put(MANAGED_BY, MANAGER);
    if (team != null) {
      l.put(Air9.LABEL_TEAM, team);
    }
    return l;
  }

  /** The {@link #WORKSPACE_KIND} label's value of a kind: its name in the WorkspaceClass (e.g. mlflow). */
  public static String kind(WorkspaceKind kind) {
    return kind.name().toLowerCase(Locale.ROOT);
  }

  /** All labels of a team's child. */
  public static Map<String, String> team(String team, String component) {
    Map<String, String> l = new LinkedHashMap<>();
    l.put(NAME, TEAM_APP);
    l.put(INSTANCE, team);
    l.put(COMPONENT, component);
    l.put(PART_OF, "air9");
    l.put(MANAGED_BY, MANAGER);
    l.put(Air9.LABEL_TEAM, team);
    return l;
  }
}
