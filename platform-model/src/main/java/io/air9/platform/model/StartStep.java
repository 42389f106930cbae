package io.air9.platform.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** One step of a workspace's current start: when it was reached and how long it took after the step before. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class StartStep {

  /** The steps of a start, in order. */
  public enum Name {
    /** The start was requested: the workspace was created, or set to Running again, or its spec changed. */
    Accepted,
    /** The home volume's claim is Bound. */
    VolumeBound,
    /** The pod is on a node (its PodScheduled condition). */
    Scheduled,
    /** The image is on the node (the container has an image ID). */
    ImagePulled,
    /** The container runs (its startedAt). */
    ContainerStarted,
    /** The pod is Ready (its Ready condition): the workspace answers at its URL. */
    Ready
  }

  @JsonPropertyDescription(
      "Accepted, VolumeBound, Scheduled, ImagePulled, ContainerStarted or Ready, in this order.")
  private Name step;

  @JsonPropertyDescription("When the step was reached (RFC 3339).")
  private String at;

  @JsonPropertyDescription("Seconds from the step before to this one (0 for Accepted).")
  private Double seconds;

  public StartStep() {}

  public StartStep(Name step, String at, Double seconds) {
    this.step = step;
    this.at = at;
    this.seconds = seconds;
  }

  public Name getStep() {
    return step;
  }

  public void setStep(Name step) {
    this.step = step;
  }

  public String getAt() {
    return at;
  }

  public void setAt(String at) {
    this.at = at;
  }

  public Double getSeconds() {
    return seconds;
  }

  public void setSeconds(Double seconds) {
    this.seconds = seconds;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StartStep s && step == s.step && Objects.equals(at, s.at)
        && Objects.equals(seconds, s.seconds);
  }

  @Override
  public int hashCode() {
    return Objects.hash(step, at, seconds);
  }

  @Override
  public String toString() {
    return step + "@" + at + "(+" + seconds + "s)";
  }
}
