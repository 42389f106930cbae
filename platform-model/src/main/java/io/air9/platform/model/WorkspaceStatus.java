package io.air9.platform.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** What the operator observed; written only by the operator. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WorkspaceStatus {

  @JsonPropertyDescription("The metadata.generation that this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription("Pending, Queued, Provisioning, Running, Stopping, Stopped or Failed.")
  private WorkspacePhase phase;

  @JsonPropertyDescription(
      "Ready, StorageReady, Scheduled and Degraded, with reason and message; the same set is always present.")
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("Where the user reaches the workspace.")
  private String url;

  @JsonPropertyDescription("Image the workspace runs (resolved from the class).")
  private String image;

  @JsonPropertyDescription(
      "Current size of the home volume (the larger of its claim's request and its capacity); spec.storage may grow "
          + "from it but not go below it.")
  private Quantity storage;

  @JsonPropertyDescription("When the current run became Ready (RFC 3339).")
  private String startedAt;

  @JsonPropertyDescription("Last user activity seen (RFC 3339).")
  private String lastActivity;

  @JsonPropertyDescription(
      "The steps of the current start so far (Accepted, VolumeBound, Scheduled, ImagePulled, ContainerStarted, "
          + "Ready), each with when it was reached and how many seconds it took; empty while stopped, started over "
          + "by a new start.")
  private List<StartStep> startTimeline;

  @JsonPropertyDescription("Place in the admission queue, 1-based, while the phase is Queued; absent otherwise.")
  private Integer queuePosition;

  @JsonPropertyDescription(
      "When the workspace began to wait in the admission queue (RFC 3339); absent when not queued.")
  private String queuedAt;

  public Integer getQueuePosition() {
    return queuePosition;
  }

  public void setQueuePosition(Integer queuePosition) {
    this.queuePosition = queuePosition;
  }

  public String getQueuedAt() {
    return queuedAt;
  }

  public void setQueuedAt(String queuedAt) {
    this.queuedAt = queuedAt;
  }

  @JsonPropertyDescription(
      "When the running workspace will be stopped (RFC 3339): the earliest of its idle deadline (last activity plus "
          + "the idle timeout, extended by keep-alive), the class's maximum runtime and, with GPUs, its GPU lease. "
          + "Unset when nothing will stop it.")
  private String cullAt;

  @JsonPropertyDescription("Why it will be stopped at cullAt: Idle, MaxRuntime or GpuLease.")
  private String cullReason;

  @JsonPropertyDescription(
      "True from culling.warnBefore ahead of cullAt (an Event CullWarning is recorded then): keep it alive, or save "
          + "your work.")
  private Boolean cullWarning;

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public WorkspacePhase getPhase() {
    return phase;
  }

  public void setPhase(WorkspacePhase phase) {
    this.phase = phase;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public String getUrl() {
    return url;
  }

  public void setUrl(String url) {
    this.url = url;
  }

  public String getImage() {
    return image;
  }

  public void setImage(String image) {
    this.image = image;
  }

  public Quantity getStorage() {
    return storage;
  }

  public void setStorage(Quantity storage) {
    this.storage = storage;
  }

  public String getStartedAt() {
    return startedAt;
  }

  public void setStartedAt(String startedAt) {
    this.startedAt = startedAt;
  }

  public String getLastActivity() {
    return lastActivity;
  }

  public void setLastActivity(String lastActivity) {
    this.lastActivity = lastActivity;
  }

  public List<StartStep> getStartTimeline() {
    return startTimeline;
  }

  public void setStartTimeline(List<StartStep> startTimeline) {
    this.startTimeline = startTimeline;
  }

  public String getCullAt() {
    return cullAt;
  }

  public void setCullAt(String cullAt) {
    this.cullAt = cullAt;
  }

  public String getCullReason() {
    return cullReason;
  }

  public void setCullReason(String cullReason) {
    this.cullReason = cullReason;
  }

  public Boolean getCullWarning() {
    return cullWarning;
  }

  public void setCullWarning(Boolean cullWarning) {
    this.cullWarning = cullWarning;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WorkspaceStatus s
        && Objects.equals(observedGeneration, s.observedGeneration)
        && phase == s.phase
        && Objects.equals(conditions, s.conditions)
        && Objects.equals(url, s.url)
        && Objects.equals(image, s.image)
        && Objects.equals(storage, s.storage)
        && Objects.equals(startedAt, s.startedAt)
        && Objects.equals(lastActivity, s.lastActivity)
        && Objects.equals(startTimeline, s.startTimeline)
        && Objects.equals(queuePosition, s.queuePosition)
        && Objects.equals(queuedAt, s.queuedAt)
        && Objects.equals(cullAt, s.cullAt)
        && Objects.equals(cullReason, s.cullReason)
        && Objects.equals(cullWarning, s.cullWarning);
  }

  @Override
  public int hashCode() {
    return Objects.hash(observedGeneration, phase, conditions, url, image, storage, startedAt, lastActivity,
        startTimeline, queuePosition, queuedAt);
  }
}
