package io.air9.platform.model;

import java.util.Objects;

/**
 * A start that failed its class's start deadline, as a workspace's status records it: the one rule the operator (its
 * desired state, its admission queue) and the API (the fit check's queue place) share. Such a workspace has no pod
 * (its StatefulSet is held at 0 replicas), holds no room and no place in the admission queue, and stays so until a
 * new start (stop and start, or a spec change: a new generation).
 */
public final class StartDeadline {

  /** The Ready (and Degraded) reason of a start that failed its deadline. */
  public static final String REASON = "StartDeadlineExceeded";

  private StartDeadline() {}

  /** Whether a status records a failed start: a timeline, and Ready with reason {@link #REASON}. */
  public static boolean recorded(WorkspaceStatus status) {
    return status != null && status.getStartTimeline() != null && !status.getStartTimeline().isEmpty()
        && status.getConditions() != null && status.getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && REASON.equals(c.getReason()));
  }

  /** Whether the workspace's current start failed its deadline: recorded by a status of its current generation. */
  public static boolean failed(Workspace ws) {
    return ws.getStatus() != null && recorded(ws.getStatus())
        && Objects.equals(ws.getStatus().getObservedGeneration(), ws.getMetadata().getGeneration());
  }
}
