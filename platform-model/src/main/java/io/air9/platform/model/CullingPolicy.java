package io.air9.platform.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;

/** When idle workspaces of a class are stopped, and how activity is observed. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CullingPolicy {

  @JsonPropertyDescription("Stop idle workspaces of this class.")
  @Default("true")
  private boolean enabled = true;

  @JsonPropertyDescription("Default idle timeout, for example 4h; a workspace may override it.")
  @Pattern(WorkspaceSpec.DURATION_PATTERN)
  @Default("4h")
  private String idleTimeout = "4h";

  @JsonPropertyDescription(
      "Path below the base URL that reports activity as JSON with a last_activity or lastHeartbeat time "
          + "(Jupyter: api/status, code-server: healthz). Without it, only the air9.io/last-activity "
          + "annotation counts.")
  private String activityPath;

  public CullingPolicy() {}

  public CullingPolicy(boolean enabled, String idleTimeout, String activityPath) {
    this.enabled = enabled;
    this.idleTimeout = idleTimeout;
    this.activityPath = activityPath;
  }

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public String getIdleTimeout() {
    return idleTimeout;
  }

  public void setIdleTimeout(String idleTimeout) {
    this.idleTimeout = idleTimeout;
  }

  public String getActivityPath() {
    return activityPath;
  }

  public void setActivityPath(String activityPath) {
    this.activityPath = activityPath;
  }
}
