package io.air9.platform.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

/** An HTTP GET probe on the class's port; the path is relative to the workspace's base URL. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HttpProbe {

  @JsonPropertyDescription("Path below the base URL, for example api/status (no leading slash).")
  @Required
  private String path;

  @JsonPropertyDescription("Seconds to wait after the container starts before probing.")
  @Min(0)
  @Max(600)
  private Integer initialDelaySeconds;

  @JsonPropertyDescription("Seconds between probes.")
  @Min(1)
  @Max(300)
  private Integer periodSeconds;

  @JsonPropertyDescription("Failed probes in a row before the probe counts as failed.")
  @Min(1)
  @Max(100)
  private Integer failureThreshold;

  public HttpProbe() {}

  public HttpProbe(String path, Integer initialDelaySeconds, Integer periodSeconds, Integer failureThreshold) {
    this.path = path;
    this.initialDelaySeconds = initialDelaySeconds;
    this.periodSeconds = periodSeconds;
    this.failureThreshold = failureThreshold;
  }

  public String getPath() {
    return path;
  }

  public void setPath(String path) {
    this.path = path;
  }

  public Integer getInitialDelaySeconds() {
    return initialDelaySeconds;
  }

  public void setInitialDelaySeconds(Integer initialDelaySeconds) {
    this.initialDelaySeconds = initialDelaySeconds;
  }

  public Integer getPeriodSeconds() {
    return periodSeconds;
  }

  public void setPeriodSeconds(Integer periodSeconds) {
    this.periodSeconds = periodSeconds;
  }

  public Integer getFailureThreshold() {
    return failureThreshold;
  }

  public void setFailureThreshold(Integer failureThreshold) {
    this.failureThreshold = failureThreshold;
  }
}
