package io.air9.platform.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/**
 * When workspaces of a class are stopped: after an idle timeout (which keep-alive extends, up to maxKeepAlive), at a
 * hard maximum runtime and at the end of a GPU lease, warned warnBefore ahead; and how activity is observed. The
 * schedule itself is computed by {@link CullSchedule}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CullingPolicy {

  @JsonPropertyDescription(
      "Stop idle workspaces of this class. Does not switch off maxRuntime or gpuLease, which apply whenever set.")
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

  @JsonPropertyDescription(
      "Hard maximum runtime, counted from the current start (for example 24h): the workspace is stopped then, "
          + "whatever its activity or keep-alive. Unset: no maximum.")
  @Pattern(WorkspaceSpec.DURATION_PATTERN)
  @Size(min = Limits.IDLE_TIMEOUT_MIN, max = Limits.IDLE_TIMEOUT_MAX)
  private String maxRuntime;

  @JsonPropertyDescription(
      "GPU lease: a workspace that asks for GPUs is stopped this long after its current start (for example 4h), "
          + "whatever its activity or keep-alive. Unset: no lease.")
  @Pattern(WorkspaceSpec.DURATION_PATTERN)
  @Size(min = Limits.IDLE_TIMEOUT_MIN, max = Limits.IDLE_TIMEOUT_MAX)
  private String gpuLease;

  @JsonPropertyDescription(
      "How long before a workspace is stopped its users are warned (an Event CullWarning and status.cullWarning); "
          + "0s: no warning.")
  @Pattern(WorkspaceSpec.DURATION_PATTERN)
  @Size(min = Limits.IDLE_TIMEOUT_MIN, max = Limits.IDLE_TIMEOUT_MAX)
  @Default("10m")
  private String warnBefore = "10m";

  @JsonPropertyDescription(
      "Longest keep-alive (annotation air9.io/keep-alive-until, or the API's keep-alive): it may push the idle "
          + "deadline at most this far beyond last activity plus the idle timeout, and never past maxRuntime or the "
          + "GPU lease. Unset: keep-alive is not offered.")
  @Pattern(WorkspaceSpec.DURATION_PATTERN)
  @Size(min = Limits.IDLE_TIMEOUT_MIN, max = Limits.IDLE_TIMEOUT_MAX)
  private String maxKeepAlive;

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

  public String getMaxRuntime() {
    return maxRuntime;
  }

  public void setMaxRuntime(String maxRuntime) {
    this.maxRuntime = maxRuntime;
  }

  public String getGpuLease() {
    return gpuLease;
  }

  public void setGpuLease(String gpuLease) {
    this.gpuLease = gpuLease;
  }

  public String getWarnBefore() {
    return warnBefore;
  }

  public void setWarnBefore(String warnBefore) {
    this.warnBefore = warnBefore;
  }

  public String getMaxKeepAlive() {
    return maxKeepAlive;
  }

  public void setMaxKeepAlive(String maxKeepAlive) {
    this.maxKeepAlive = maxKeepAlive;
  }
}
