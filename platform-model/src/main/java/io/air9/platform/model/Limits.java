package io.air9.platform.model;

/**
 * The size limits of the custom resources, said once: the CRD schema gets them from the annotations on the model
 * types (which use these constants) and {@link io.air9.platform.model.validation.WorkspaceValidator} checks them for
 * the API, so neither re-codes a number.
 */
public final class Limits {

  /** Workspace names: the name also names the pod ({@code NAME-0}), the home volume and the URL path. */
  public static final int WORKSPACE_NAME = 40;
  /** Team names: the team's namespace is {@code team-NAME}. */
  public static final int TEAM_NAME = 40;
  /** A DNS-1123 label: class names, image choices, data-connection (Secret) names. */
  public static final int DNS_LABEL = 63;
  /** A DNS-1123 subdomain, for example a Secret named by a workspace. */
  public static final int DNS_SUBDOMAIN = 253;
  /** Display names of workspaces and teams. */
  public static final int DISPLAY_NAME = 63;
  /** User names as the identity provider gives them. */
  public static final int USER_NAME = 253;
  public static final int DATA_CONNECTIONS = 16;
  public static final int ENV_VARS = 64;
  public static final int ENV_NAME = 128;
  public static final int ENV_VALUE = 4096;
  public static final int GPUS = 16;
  public static final int IDLE_TIMEOUT_MIN = 2;
  public static final int IDLE_TIMEOUT_MAX = 16;
  /** Annotations a class gives its workspace pods. */
  public static final int POD_ANNOTATIONS = 32;
  /** Most workspaces a team's quota may allow. */
  public static final int MAX_WORKSPACES = 1000;

  /** Environment variable names: letters, digits and underscores, not starting with a digit. */
  public static final String ENV_NAME_PATTERN = "^[A-Za-z_][A-Za-z0-9_]*$";

  private Limits() {}
}
