package io.air9.platform.model;

/** The coarse state of a workspace, shown in the PHASE column. */
public enum WorkspacePhase {
  /** Accepted, children not created yet (for example waiting for its class or team). */
  Pending,
  /** Children exist, the pod is not ready yet. */
  Provisioning,
  /** The pod is ready and the workspace is reachable at its URL. */
  Running,
  /** Desired state is Stopped and the pod is still terminating. */
  Stopping,
  /** No pod runs; storage is kept. */
  Stopped,
  /** The workspace cannot start without a change (invalid spec, quota, crash loop, image pull). */
  Failed
}
