package io.air9.platform.api.team;

import io.air9.platform.api.security.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The platform-admin console's view of all teams: each with its members, quota and usage, in one call. */
@RestController
@Tag(name = "admin")
class AdminTeamController {

  /** A team with what its workspaces use. */
  record TeamOverview(TeamView team, TeamUsage.Usage usage) {}

  private final TeamAccess access;
  private final TeamUsage usage;

  AdminTeamController(TeamAccess access, TeamUsage usage) {
    this.access = access;
    this.usage = usage;
  }

  @Operation(summary = "All teams with members, quota and usage (platform admins)")
  @GetMapping("/api/v1/admin/teams")
  List<TeamOverview> teams(CurrentUser user) {
    user.requirePlatformAdmin("see all teams' usage");
    return access.visibleTeams(user).stream()
        .map(t -> new TeamOverview(TeamView.of(t, access.role(user, t).map(r -> r.name().toLowerCase()).orElse(null)),
            usage.of(t.getMetadata().getName())))
        .toList();
  }
}
