package io.air9.platform.api.me;

import io.air9.platform.api.security.CurrentUser;
import io.air9.platform.api.team.TeamAccess;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Who the caller is and what they can do. */
@RestController
@Tag(name = "me")
class MeController {

  /** The caller. */
  record Me(String name, boolean platformAdmin, List<String> groups, List<Membership> teams) {}

  /** The caller's role in a team ({@code null} for a platform admin who is not a member). */
  record Membership(String team, String role) {}

  private final TeamAccess access;

  MeController(TeamAccess access) {
    this.access = access;
  }

  @Operation(summary = "The caller, their groups and teams")
  @GetMapping("/api/v1/me")
  Me me(CurrentUser user) {
    List<Membership> teams = access.visibleTeams(user).stream()
        .map(t -> new Membership(t.getMetadata().getName(),
            access.role(user, t).map(r -> r.name().toLowerCase()).orElse(null)))
        .toList();
    return new Me(user.name(), user.platformAdmin(), user.groups(), teams);
  }
}
