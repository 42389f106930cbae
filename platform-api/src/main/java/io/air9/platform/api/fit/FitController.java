package io.air9.platform.api.fit;

import io.air9.platform.api.security.CurrentUser;
import io.air9.platform.api.workspace.WorkspaceRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Pre-flight fit checks: they answer whether a create or a start would fit and change nothing. */
@RestController
@Tag(name = "workspaces")
class FitController {

  private final FitService fits;

  FitController(FitService fits) {
    this.fits = fits;
  }

  @Operation(summary = "Check whether a workspace would fit before creating it (changes nothing)",
      description = "Takes the body of a create (the name is optional) and checks it as a create would (400 with "
          + "the fields otherwise), then against the team's quota left and the free room of the cluster's nodes. "
          + "When it does not fit it says what would fit now and when the request could fit as it is, from the "
          + "idle-cull schedule of running workspaces.")
  @PostMapping("/api/v1/teams/{team}/workspace-fit")
  Fit create(CurrentUser user, @PathVariable String team, @RequestBody WorkspaceRequest request) {
    return fits.forCreate(user, team, request);
  }

  @Operation(summary = "Check whether starting a stopped workspace would fit (changes nothing)")
  @GetMapping("/api/v1/teams/{team}/workspaces/{name}/fit")
  Fit start(CurrentUser user, @PathVariable String team, @PathVariable String name) {
    return fits.forStart(user, team, name);
  }
}
