package io.air9.platform.operator.workspace;

import io.air9.platform.model.Workspace;
import io.air9.platform.model.WorkspaceClassSpec;
import io.air9.platform.operator.OperatorSettings;
import java.util.List;

/**
 * Everything the desired state of one workspace depends on, observed before reconciling (the builders are pure
 * functions of it).
 *
 * @param workspace the primary resource
 * @param workspaceClass the spec of its class
 * @param connections the data connections that exist, in spec order, with the names of their keys (never values)
 * @param mlflowTrackingUri in-cluster URL of the team's MLflow workspace; null when there is none
 * @param queued it waits in the admission queue: no pod (0 replicas) until admitted
 * @param startFailed its current start failed its class's start deadline: no pod (0 replicas) until a new start
 *     (stop and start, or a spec change)
 */
public record ResolvedWorkspace(
    Workspace workspace,
    WorkspaceClassSpec workspaceClass,
    OperatorSettings settings,
    List<Connection> connections,
    String mlflowTrackingUri,
    boolean queued,
    boolean startFailed) {

  /** A data-connection Secret: its name, type label and key names. */
  public record Connection(String secretName, String type, List<String> keys) {}

  public String name() {
    return workspace.getMetadata().getName();
  }

  public String namespace() {
    return workspace.getMetadata().getNamespace();
  }
}
