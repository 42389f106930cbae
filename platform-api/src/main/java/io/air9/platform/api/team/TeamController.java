package io.air9.platform.api.team;

import io.air9.platform.api.common.PageView;
import io.air9.platform.api.security.CurrentUser;
import io.air9.platform.model.Team;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Teams the caller belongs to (all for platform admins), their members, quota and usage. */
@RestController
@RequestMapping("/api/v1/teams")
@Tag(name = "teams")
class TeamController {

  /** A team's quota next to what its workspaces use. */
  record QuotaView(TeamView.Quota quota, TeamUsage.Usage usage) {}

  private final TeamAccess access;
  private final TeamService teams;
  private final TeamUsage usage;

  TeamController(TeamAccess access, TeamService teams, TeamUsage usage) {
    this.access = access;
    this.teams = teams;
    this.usage = usage;
  }

  @Operation(summary = "List the teams the caller can see")
  @GetMapping
  PageView<TeamView> list(CurrentUser user,
      @RequestParam(defaultValue = "0") @Min(0) @Max(100000) int page,
      @RequestParam(defaultValue = "50") @Min(1) @Max(PageView.MAX_SIZE) int size) {
    return PageView.of(access.visibleTeams(user).stream().map(t -> view(user, t)).toList(), page, size);
  }

  @Operation(summary = "Get a team with its members")
  @GetMapping("/{team}")
  ResponseEntity<TeamView> get(CurrentUser user, @PathVariable String team) {
    Team t = access.readable(user, team);
    return ResponseEntity.ok().eTag(TeamService.etag(t)).body(view(user, t));
  }

  @Operation(summary = "Create a team (platform admins)")
  @PostMapping
  ResponseEntity<TeamView> create(CurrentUser user, @RequestBody TeamRequest request) {
    Team created = teams.create(user, request);
    return ResponseEntity.created(URI.create("/api/v1/teams/" + created.getMetadata().getName()))
        .body(view(user, created));
  }

  @Operation(summary = "Replace the team's members (team admins); If-Match as the team's ETag")
  @PutMapping("/{team}/members")
  TeamView replaceMembers(CurrentUser user, @PathVariable String team, @RequestBody List<TeamView.Member> members,
      @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
    return view(user, teams.replaceMembers(user, team, members, ifMatch));
  }

  @Operation(summary = "Set the team's quota (platform admins); an unset field is no limit")
  @PutMapping("/{team}/quota")
  ResponseEntity<QuotaView> setQuota(CurrentUser user, @PathVariable String team,
      @RequestBody TeamView.Quota quota,
      @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
    Team t = teams.setQuota(user, team, quota, ifMatch);
    return ResponseEntity.ok().eTag(TeamService.etag(t))
        .body(new QuotaView(TeamView.Quota.of(t.getSpec().getQuota()), usage.of(team)));
  }

  @Operation(summary = "Delete a team (platform admins)",
      description = "Deletes only the Team resource; the operator's owner references take its namespace with every "
          + "workspace, home volume and data connection in it. While the team has workspaces the answer is a 409 "
          + "problem naming them, unless force=true. If-Match as the team's ETag (412 when stale). A team cannot "
          + "be renamed: its name is its namespace's name.")
  @DeleteMapping("/{team}")
  ResponseEntity<Void> delete(CurrentUser user, @PathVariable String team,
      @Parameter(description = "Delete it with its workspaces") @RequestParam(defaultValue = "false") boolean force,
      @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
    teams.delete(user, team, ifMatch, force);
    return ResponseEntity.noContent().build();
  }

  @Operation(summary = "The team's quota and what its workspaces use")
  @GetMapping("/{team}/quota")
  QuotaView quota(CurrentUser user, @PathVariable String team) {
    Team t = access.readable(user, team);
    return new QuotaView(TeamView.Quota.of(t.getSpec().getQuota()), usage.of(team));
  }

  private TeamView view(CurrentUser user, Team team) {
    return TeamView.of(team, access.role(user, team).map(r -> r.name().toLowerCase()).orElse(null));
  }
}
