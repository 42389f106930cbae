package io.air9.platform.api.workspace;

import io.air9.platform.api.security.CurrentUser;
import io.air9.platform.api.common.PageView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** Live workspace changes of a team for dashboards. */
@RestController
@Tag(name = "workspaces")
class WorkspaceStreamController {

  private static final long TIMEOUT_MILLIS = 30 * 60 * 1000L;

  private final WorkspaceChanges changes;

  WorkspaceStreamController(WorkspaceChanges changes) {
    this.changes = changes;
  }

  @Operation(summary = "Server-sent events of the team's workspace changes: snapshot (the first page), then workspace")
  @GetMapping(path = "/api/v1/teams/{team}/workspace-events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  SseEmitter stream(CurrentUser user, @PathVariable String team,
      @Parameter(description = "Workspaces in the snapshot event (the first page of the list, sorted by name)")
      @RequestParam(defaultValue = "" + WorkspaceChanges.SNAPSHOT_SIZE) @Min(1) @Max(PageView.MAX_SIZE) int size) {
    return changes.subscribe(user, team, size, TIMEOUT_MILLIS);
  }
}
