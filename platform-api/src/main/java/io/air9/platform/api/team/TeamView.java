package io.air9.platform.api.team;

import io.air9.platform.api.common.Quantities;
import io.air9.platform.model.Air9;
import io.air9.platform.model.Team;
import io.air9.platform.model.TeamMember;
import io.air9.platform.model.TeamQuota;
import java.util.List;

/** A team as the API shows it. */
public record TeamView(String name, String displayName, String description, String namespace, String myRole,
    List<Member> members, Quota quota, String resourceVersion) {

  /** A member and their role (admin, member or viewer). */
  public record Member(String name, String role) {}

  /** Limits of the team's workspaces together. */
  public record Quota(String cpu, String memory, Integer gpu, String storage, Integer maxWorkspaces) {

    static Quota of(TeamQuota q) {
      return q == null ? null : new Quota(Quantities.text(q.getCpu()), Quantities.text(q.getMemory()), q.getGpu(),
          Quantities.text(q.getStorage()), q.getMaxWorkspaces());
    }
  }

  static TeamView of(Team team, String myRole) {
    var spec = team.getSpec();
    List<Member> members = spec.getMembers() == null ? List.of()
        : spec.getMembers().stream().map(TeamView::member).toList();
    return new TeamView(team.getMetadata().getName(), spec.getDisplayName(), spec.getDescription(),
        Air9.teamNamespace(team.getMetadata().getName()), myRole, members, Quota.of(spec.getQuota()),
        team.getMetadata().getResourceVersion());
  }

  private static Member member(TeamMember m) {
    return new Member(m.getName(), m.getRole() == null ? null : m.getRole().name().toLowerCase());
  }
}
