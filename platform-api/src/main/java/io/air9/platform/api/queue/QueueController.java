package io.air9.platform.api.queue;

import io.air9.platform.api.security.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The operator's admission queue, as the caller may see it. */
@RestController
@Tag(name = "cluster")
class QueueController {

  private final QueueService queue;

  QueueController(QueueService queue) {
    this.queue = queue;
  }

  @Operation(summary = "The admission queue: queued workspaces in the order they will be admitted",
      description = "Workspaces in phase Queued (the cluster or their team's quota cannot take them now), in "
          + "admission order (fair share across teams, first come first served inside a team), with what each "
          + "requests and waits for. Platform admins see every team; others only the teams they are in, with "
          + "their places in the whole queue.")
  @GetMapping("/api/v1/queue")
  List<QueueService.QueuedWorkspace> queue(CurrentUser user) {
    return queue.visibleTo(user);
  }
}
