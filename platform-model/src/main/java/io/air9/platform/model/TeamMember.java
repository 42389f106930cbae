package io.air9.platform.model;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/** A user and their role in a team. */
public class TeamMember {

  @JsonPropertyDescription("User name as the identity provider gives it (the token's preferred_username).")
  @Required
  @Size(min = 1, max = Limits.USER_NAME)
  private String name;

  @JsonPropertyDescription("admin, member or viewer.")
  @Required
  private TeamRole role;

  public TeamMember() {}

  public TeamMember(String name, TeamRole role) {
    this.name = name;
    this.role = role;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public TeamRole getRole() {
    return role;
  }

  public void setRole(TeamRole role) {
    this.role = role;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TeamMember m && Objects.equals(name, m.name) && role == m.role;
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, role);
  }
}
