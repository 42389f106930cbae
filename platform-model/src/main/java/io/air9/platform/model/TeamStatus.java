package io.air9.platform.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** What the operator observed of a team; written only by the operator. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TeamStatus {

  @JsonPropertyDescription("The metadata.generation that this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription("Pending, Active or Failed.")
  private String phase;

  @JsonPropertyDescription("The namespace that holds the team's workspaces.")
  private String namespace;

  @JsonPropertyDescription("Ready, with reason and message.")
  private List<Condition> conditions = new ArrayList<>();

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public String getPhase() {
    return phase;
  }

  public void setPhase(String phase) {
    this.phase = phase;
  }

  public String getNamespace() {
    return namespace;
  }

  public void setNamespace(String namespace) {
    this.namespace = namespace;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TeamStatus s
        && Objects.equals(observedGeneration, s.observedGeneration)
        && Objects.equals(phase, s.phase)
        && Objects.equals(namespace, s.namespace)
        && Objects.equals(conditions, s.conditions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(observedGeneration, phase, namespace, conditions);
  }
}
