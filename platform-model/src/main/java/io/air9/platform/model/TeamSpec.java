package io.air9.platform.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** A team: its members and what its workspaces may use. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TeamSpec {

  @JsonPropertyDescription("Name shown in the dashboard.")
  @Size(max = Limits.DISPLAY_NAME)
  private String displayName;

  @JsonPropertyDescription("What the team works on.")
  @Size(max = 1024)
  private String description;

  @JsonPropertyDescription("Users of the team and their roles.")
  @Size(max = 500)
  private List<TeamMember> members = new ArrayList<>();

  @JsonPropertyDescription("Limits on the team's workspaces together.")
  private TeamQuota quota;

  public String getDisplayName() {
    return displayName;
  }

  public void setDisplayName(String displayName) {
    this.displayName = displayName;
  }

  public String getDescription() {
    return description;
  }

  public void setDescription(String description) {
    this.description = description;
  }

  public List<TeamMember> getMembers() {
    return members;
  }

  public void setMembers(List<TeamMember> members) {
    this.members = members;
  }

  public TeamQuota getQuota() {
    return quota;
  }

  public void setQuota(TeamQuota quota) {
    this.quota = quota;
  }
}
