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
 * @param running what the existing StatefulSet records of the pod it runs (its template's hash and the data
 *     connections' versions that pod started with); null when it asks for no pod (stopped, queued, failed) or does
 *     not exist
 */
public record ResolvedWorkspace(
    Workspace workspace,
    WorkspaceClassSpec workspaceClass,
    OperatorSettings settings,
    List<Connection> connections,
    String mlflowTrackingUri,
    boolean queued,
    boolean startFailed,
    Running running) {

  public ResolvedWorkspace(Workspace workspace, WorkspaceClassSpec workspaceClass, OperatorSettings settings,
      List<Connection> connections, String mlflowTrackingUri, boolean queued, boolean startFailed) {
    this(workspace, workspaceClass, settings, connections, mlflowTrackingUri, queued, startFailed, null);
  }

  /**
   * A data-connection Secret: its name, type label, key names and resourceVersion (which changes with every rotation;
   * never a value).
   */
  public record Connection(String secretName, String type, List<String> keys, String version) {
    public Connection(String secretName, String type, List<String> keys) {
      this(secretName, type, keys, null);
    }
  }

  /**
   * The pod an existing StatefulSet runs: the hash of its pod template (without the connection versions) and the
   * connection versions its pod started with (null when it records none).
   */
  public record Running(String templateHash, String connectionVersions) {}

  /** The data connections' versions now, "name=resourceVersion" in name order; null without connections. */
  public String connectionVersions() {
    return ConnectionVersions.format(connections);
  }

  public String name() {
    return workspace.getMetadata().getName();
  }

  public String namespace() {
    return workspace.getMetadata().getNamespace();
  }
}
