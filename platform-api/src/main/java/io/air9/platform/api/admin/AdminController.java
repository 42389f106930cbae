package io.air9.platform.api.admin;

import io.air9.platform.api.security.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The platform-admin console's cluster-wide views. */
@RestController
@Tag(name = "admin")
class AdminController {

  private final PhaseHistory history;

  AdminController(PhaseHistory history) {
    this.history = history;
  }

  @Operation(summary = "Workspaces by phase over time, since this API instance started (platform admins)")
  @GetMapping("/api/v1/admin/phase-history")
  PhaseHistory.History phaseHistory(CurrentUser user) {
    user.requirePlatformAdmin("see the platform's phase history");
    return history.history();
  }
}
