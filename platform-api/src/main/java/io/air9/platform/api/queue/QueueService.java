package io.air9.platform.api.queue;

import io.air9.platform.api.kube.Caches;
import io.air9.platform.api.security.CurrentUser;
import io.air9.platform.api.team.TeamAccess;
import io.air9.platform.api.team.TeamUsage;
import io.air9.platform.model.Air9;
import io.air9.platform.model.ComputeResources;
import io.air9.platform.model.Workspace;
import io.air9.platform.model.WorkspacePhase;
import io.air9.platform.model.WorkspaceStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;

/**
 * The admission queue read from the Workspaces' status (the operator decides it; the API only shows it): phase
 * Queued, ordered by {@code status.queuePosition}.
 */
@Service
public class QueueService {

  /** What a queued workspace asks for. */
  public record Requested(@Schema(example = "2") String cpu, @Schema(example = "8Gi") String memory, int gpu) {}

  /** One queued workspace. */
  public record QueuedWorkspace(String team, String name,
      @Schema(description = "1-based place in the whole queue; null while the operator has not placed it yet")
      Integer position, Requested requested,
      @Schema(description = "When it began to wait (RFC 3339)") String since,
      @Schema(example = "waiting for 2 GPUs; 3rd in the queue") String reason) {}

  private final Caches caches;
  private final TeamAccess access;
  private final TeamUsage usage;

  public QueueService(Caches caches, TeamAccess access, TeamUsage usage) {
    this.caches = caches;
    this.access = access;
    this.usage = usage;
  }

  /** Every queued workspace of the teams the caller may see, in admission order. */
  public List<QueuedWorkspace> visibleTo(CurrentUser user) {
    Set<String> teams = access.visibleTeams(user).stream().map(t -> t.getMetadata().getName())
        .collect(Collectors.toSet());
    return caches.allWorkspaces().stream()
        .filter(ws -> ws.getStatus() != null && ws.getStatus().getPhase() == WorkspacePhase.Queued)
        .filter(ws -> teams.contains(Air9.teamOfNamespace(ws.getMetadata().getNamespace())))
        .sorted(Comparator.comparing((Workspace ws) -> position(ws.getStatus()))
            .thenComparing(ws -> ws.getStatus().getQueuedAt() == null ? "" : ws.getStatus().getQueuedAt())
            .thenComparing(ws -> ws.getMetadata().getNamespace() + "/" + ws.getMetadata().getName()))
        .map(this::view)
        .toList();
  }

  private static int position(WorkspaceStatus status) {
    return status.getQueuePosition() == null ? Integer.MAX_VALUE : status.getQueuePosition();
  }

  private QueuedWorkspace view(Workspace ws) {
    ComputeResources r = usage.resources(ws);
    String reason = ws.getStatus().getConditions() == null ? null : ws.getStatus().getConditions().stream()
        .filter(c -> "Ready".equals(c.getType())).map(Condition::getMessage).findFirst().orElse(null);
    return new QueuedWorkspace(Air9.teamOfNamespace(ws.getMetadata().getNamespace()), ws.getMetadata().getName(),
        ws.getStatus().getQueuePosition(), new Requested(r.getCpu() == null ? null : r.getCpu().toString(),
            r.getMemory() == null ? null : r.getMemory().toString(), r.getGpu() == null ? 0 : r.getGpu()),
        ws.getStatus().getQueuedAt(), reason);
  }
}
