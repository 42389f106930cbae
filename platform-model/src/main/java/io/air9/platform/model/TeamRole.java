package io.air9.platform.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a team member may do. */
public enum TeamRole {
  /** Manage the team's members, connections and every workspace of the team. */
  @JsonProperty("admin")
  ADMIN,
  /** Create and use workspaces and data connections. */
  @JsonProperty("member")
  MEMBER,
  /** Read only. */
  @JsonProperty("viewer")
  VIEWER;

  public boolean canWrite() {
    return this != VIEWER;
  }
}
