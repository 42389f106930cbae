package io.air9.platform.api.team;

import io.air9.platform.api.kube.Caches;
import io.air9.platform.api.problem.ApiException;
import io.air9.platform.api.security.CurrentUser;
import io.air9.platform.model.Team;
import io.air9.platform.model.TeamMember;
import io.air9.platform.model.TeamRole;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Authorization from Team membership: members see their teams, members and admins write, viewers only read,
 * platform admins do everything. A team the caller is not in does not exist for them (404, never 403).
 */
@Component
public class TeamAccess {

  private final Caches caches;

  public TeamAccess(Caches caches) {
    this.caches = caches;
  }

  /** The caller's role in a team, empty when not a member. */
  public Optional<TeamRole> role(CurrentUser user, Team team) {
    List<TeamMember> members = team.getSpec() == null ? List.of() : team.getSpec().getMembers();
    return members == null ? Optional.empty() : members.stream()
        .filter(m -> m.getName() != null && m.getName().equals(user.name()))
        .map(TeamMember::getRole)
        .findFirst();
  }

  public boolean canSee(CurrentUser user, Team team) {
    return user.platformAdmin() || role(user, team).isPresent();
  }

  /** The team, when the caller may see it. */
  public Team readable(CurrentUser user, String teamName) {
    return caches.team(teamName)
        .filter(t -> canSee(user, t))
        .orElseThrow(() -> ApiException.notFound("team '" + teamName + "'"));
  }

  /** The team, when the caller may create and change workspaces and connections in it. */
  public Team writable(CurrentUser user, String teamName) {
    Team team = readable(user, teamName);
    if (!user.platformAdmin() && !role(user, team).map(TeamRole::canWrite).orElse(false)) {
      throw ApiException.forbidden("viewers of team '" + teamName + "' cannot change it");
    }
    return team;
  }

  /** The team, when the caller administers it (team admin or platform admin). */
  public Team administered(CurrentUser user, String teamName) {
    Team team = readable(user, teamName);
    if (!isAdmin(user, team)) {
      throw ApiException.forbidden("only admins of team '" + teamName + "' can do this");
    }
    return team;
  }

  public boolean isAdmin(CurrentUser user, Team team) {
    return user.platformAdmin() || role(user, team).orElse(null) == TeamRole.ADMIN;
  }

  public List<Team> visibleTeams(CurrentUser user) {
    return caches.teams().stream().filter(t -> canSee(user, t)).toList();
  }
}
