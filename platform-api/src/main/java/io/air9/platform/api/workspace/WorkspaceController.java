package io.air9.platform.api.workspace;

import io.air9.platform.api.common.ETags;
import io.air9.platform.api.common.PageView;
import io.air9.platform.api.security.CurrentUser;
import io.air9.platform.model.DesiredState;
import io.air9.platform.model.Workspace;
import io.fabric8.kubernetes.api.model.Event;
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

/** Workspaces of a team. Responses carry the resourceVersion as ETag; writes accept If-Match. */
@RestController
@RequestMapping("/api/v1/teams/{team}/workspaces")
@Tag(name = "workspaces")
class WorkspaceController {

  private final WorkspaceService workspaces;

  WorkspaceController(WorkspaceService workspaces) {
    this.workspaces = workspaces;
  }

  /** Events and conditions of a workspace. */
  record WorkspaceEvents(List<WorkspaceView.ConditionView> conditions, List<EventView> events) {}

  /** A Kubernetes event about the workspace or one of its children. */
  record EventView(String type, String reason, String message, String object, Integer count, String time) {

    static EventView of(Event e) {
      String time = e.getLastTimestamp() != null ? e.getLastTimestamp()
          : e.getEventTime() != null ? e.getEventTime().getTime() : e.getMetadata().getCreationTimestamp();
      return new EventView(e.getType(), e.getReason(), e.getMessage(),
          e.getInvolvedObject().getKind() + "/" + e.getInvolvedObject().getName(), e.getCount(), time);
    }
  }

  @Operation(summary = "List the team's workspaces")
  @GetMapping
  PageView<WorkspaceView> list(CurrentUser user, @PathVariable String team,
      @RequestParam(defaultValue = "0") @Min(0) @Max(100000) int page,
      @RequestParam(defaultValue = "50") @Min(1) @Max(PageView.MAX_SIZE) int size,
      @Parameter(description = "Cursor: the page starts after this workspace name (the `next` of the previous page); "
          + "`page` is then ignored") @RequestParam(required = false) String after) {
    return PageView.of(workspaces.list(user, team), w -> w.getMetadata().getName(), WorkspaceView::of, page, size,
        after);
  }

  @Operation(summary = "Get a workspace")
  @GetMapping("/{name}")
  ResponseEntity<WorkspaceView> get(CurrentUser user, @PathVariable String team, @PathVariable String name) {
    return withETag(workspaces.get(user, team, name));
  }

  @Operation(summary = "Create a workspace")
  @PostMapping
  ResponseEntity<WorkspaceView> create(CurrentUser user, @PathVariable String team,
      @RequestBody WorkspaceRequest request) {
    Workspace created = workspaces.create(user, team, request);
    return ResponseEntity.created(URI.create("/api/v1/teams/" + team + "/workspaces/" + created.getMetadata().getName()))
        .eTag(ETags.of(created.getMetadata().getResourceVersion()))
        .body(WorkspaceView.of(created));
  }

  @Operation(summary = "Update a workspace (409 on a stale resourceVersion, 412 on a stale If-Match)")
  @PutMapping("/{name}")
  ResponseEntity<WorkspaceView> update(CurrentUser user, @PathVariable String team, @PathVariable String name,
      @RequestBody WorkspaceRequest request,
      @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
    return withETag(workspaces.update(user, team, name, request, ifMatch));
  }

  @Operation(summary = "Start a workspace")
  @PostMapping("/{name}/start")
  ResponseEntity<WorkspaceView> start(CurrentUser user, @PathVariable String team, @PathVariable String name,
      @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
    return withETag(workspaces.setState(user, team, name, DesiredState.Running, ifMatch));
  }

  @Operation(summary = "Stop a workspace (its storage is kept)")
  @PostMapping("/{name}/stop")
  ResponseEntity<WorkspaceView> stop(CurrentUser user, @PathVariable String team, @PathVariable String name,
      @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
    return withETag(workspaces.setState(user, team, name, DesiredState.Stopped, ifMatch));
  }

  @Operation(summary = "Delete a workspace and its storage")
  @DeleteMapping("/{name}")
  ResponseEntity<Void> delete(CurrentUser user, @PathVariable String team, @PathVariable String name,
      @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
    workspaces.delete(user, team, name, ifMatch);
    return ResponseEntity.noContent().build();
  }

  @Operation(summary = "Conditions and Kubernetes events of a workspace")
  @GetMapping("/{name}/events")
  WorkspaceEvents events(CurrentUser user, @PathVariable String team, @PathVariable String name) {
    WorkspaceView view = WorkspaceView.of(workspaces.get(user, team, name));
    return new WorkspaceEvents(view.conditions(),
        workspaces.events(user, team, name).stream().map(EventView::of).toList());
  }

  private static ResponseEntity<WorkspaceView> withETag(Workspace ws) {
    return ResponseEntity.ok().eTag(ETags.of(ws.getMetadata().getResourceVersion())).body(WorkspaceView.of(ws));
  }
}
