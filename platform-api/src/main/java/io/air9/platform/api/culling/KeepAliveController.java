package io.air9.platform.api.culling;

import io.air9.platform.api.security.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Negotiated culling: a team member keeps an idle workspace running a while longer, within the class's bounds. */
@RestController
@Tag(name = "workspaces")
class KeepAliveController {

  private final KeepAliveService keepAlive;

  KeepAliveController(KeepAliveService keepAlive) {
    this.keepAlive = keepAlive;
  }

  @Operation(summary = "Keep a running workspace alive although idle",
      description = "Moves the workspace's idle deadline to now plus duration (a duration such as 2h; without a body "
          + "the class's culling.maxKeepAlive), by writing the annotation air9.io/keep-alive-until. Bounded: at most "
          + "maxKeepAlive beyond the idle deadline without keep-alive, and never past the class's maximum runtime or "
          + "GPU lease. Members and admins of the team; 400 for a duration over the class maximum, 409 when the "
          + "workspace is not running, its class offers no keep-alive or nothing can be extended.")
  @PostMapping("/api/v1/teams/{team}/workspaces/{name}/keep-alive")
  KeepAlive keepAlive(CurrentUser user, @PathVariable String team, @PathVariable String name,
      @RequestBody(required = false) KeepAlive.Request request) {
    return keepAlive.keepAlive(user, team, name, request == null ? null : request.duration());
  }
}
