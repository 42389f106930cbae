package io.air9.platform.model;

import java.time.Duration;
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

  /**
   * How recent progress must be to keep a start past its deadline from failing: the start's own last step, or, while
   * it waits in one of the cluster's queues (a volume to be bound, a node to be chosen), another workspace reaching
   * that step. A start fails only when it is past its deadline and nothing moved for this long (or for the deadline
   * itself, when that is shorter), so a cluster working through a burst fails no start that merely waits its turn.
   */
  public static final Duration PROGRESS_WINDOW = Duration.ofMinutes(2);

  /** The Degraded reason of a start past its deadline that is not failed, since it is still progressing. */
  public static final String REASON_OVERDUE = "StartOverdue";

  private StartDeadline() {}

  /** The progress window of a deadline: {@link #PROGRESS_WINDOW}, or the deadline itself when that is shorter. */
  public static Duration window(Duration deadline) {
    return deadline.compareTo(PROGRESS_WINDOW) < 0 ? deadline : PROGRESS_WINDOW;
  }

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
