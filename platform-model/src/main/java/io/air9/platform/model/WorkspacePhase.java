package io.air9.platform.model;

/** The coarse state of a workspace, shown in the PHASE column. */
public enum WorkspacePhase {
  /**
   * Waiting for something outside the workspace that comes by itself: its children being created, its home volume
   * to be bound, a node with room, room in the team's quota, an image pull. The Ready condition's reason
   * (WaitingForVolume, WaitingForScheduling, WaitingForQuota, WaitingForImage, WaitingForPod) says what.
   */
  Pending,
  /**
   * Should run, but the cluster (node room, GPUs) or the team's quota cannot take it now: it waits in the operator's
   * admission queue and its pod is not created meanwhile (its volume and other children may exist). Admitted in fair
   * order across teams as room frees up. The Ready condition (reason Queued) says what it waits for and its place,
   * "waiting for 2 GPUs; 3rd in the queue"; status.queuePosition holds the place.
   */
  Queued,
  /** Children exist, the pod is not ready yet. */
  Provisioning,
  /** The pod is ready and the workspace is reachable at its URL. */
  Running,
  /** Desired state is Stopped and the pod is still terminating. */
  Stopping,
  /** No pod runs; storage is kept. */
  Stopped,
  /**
   * Terminal: the workspace cannot start without a change by the user or an admin: an invalid spec, or a container
   * that keeps failing (crash loop, an error exit, an image that cannot be pulled, a bad container config).
   */
  Failed
}
