package io.air9.platform.api.workspace;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.air9.platform.api.common.Quantities;
import io.air9.platform.model.Air9;
import io.air9.platform.model.ComputeResources;
import io.air9.platform.model.StartStep;
import io.air9.platform.model.Workspace;
import io.air9.platform.model.WorkspaceSpec;
import io.air9.platform.model.WorkspaceStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** A workspace as the API shows it: what was asked for and what the operator observed. */
public record WorkspaceView(
    String name,
    String team,
    @JsonProperty("class") String workspaceClass,
    String displayName,
    String owner,
    String image,
    WorkspaceRequest.Resources resources,
    String storage,
    String state,
    String idleTimeout,
    List<String> dataConnections,
    List<WorkspaceRequest.Env> env,
    String phase,
    @Schema(description = "Place in the admission queue (1-based) while the phase is Queued; null otherwise")
    Integer queuePosition,
    String url,
    String runningImage,
    String startedAt,
    String lastActivity,
    List<ConditionView> conditions,
    String resourceVersion,
    Long generation,
    Long observedGeneration,
    String createdAt,
    boolean deleting,
    List<StartStepView> startTimeline,
    String cullAt,
    String cullReason,
    boolean cullWarning,
    String keepAliveUntil) {

  /** A status condition (Ready, StorageReady, Scheduled, Degraded). */
  public record ConditionView(String type, String status, String reason, String message,
      String lastTransitionTime) {

    static ConditionView of(Condition c) {
      return new ConditionView(c.getType(), c.getStatus(), c.getReason(), c.getMessage(), c.getLastTransitionTime());
    }
  }

  /** A step of the current start: Accepted, VolumeBound, Scheduled, ImagePulled, ContainerStarted, Ready. */
  public record StartStepView(String step, String at, Double seconds) {

    static StartStepView of(StartStep s) {
      return new StartStepView(s.getStep() == null ? null : s.getStep().name(), s.getAt(), s.getSeconds());
    }
  }

  public static WorkspaceView of(Workspace ws) {
    WorkspaceSpec spec = ws.getSpec() == null ? new WorkspaceSpec() : ws.getSpec();
    WorkspaceStatus status = ws.getStatus() == null ? new WorkspaceStatus() : ws.getStatus();
    ComputeResources r = spec.getResources();
    var meta = ws.getMetadata();
    return new WorkspaceView(
        meta.getName(),
        Air9.teamOfNamespace(meta.getNamespace()),
        spec.getWorkspaceClass(),
        spec.getDisplayName(),
        spec.getOwner(),
        spec.getImage(),
        r == null ? null : new WorkspaceRequest.Resources(Quantities.text(r.getCpu()), Quantities.text(r.getMemory()),
            r.getGpu()),
        Quantities.text(spec.getStorage()),
        spec.getState() == null ? null : spec.getState().name(),
        spec.getIdleTimeout(),
        spec.getDataConnections() == null ? List.of() : List.copyOf(spec.getDataConnections()),
        spec.getEnv() == null ? List.of()
            : spec.getEnv().stream().map(e -> new WorkspaceRequest.Env(e.getName(), e.getValue())).toList(),
        status.getPhase() == null ? null : status.getPhase().name(),
        status.getQueuePosition(),
        status.getUrl(),
        status.getImage(),
        status.getStartedAt(),
        status.getLastActivity(),
        status.getConditions() == null ? List.of() : status.getConditions().stream().map(ConditionView::of).toList(),
        meta.getResourceVersion(),
        meta.getGeneration(),
        status.getObservedGeneration(),
        meta.getCreationTimestamp(),
        meta.getDeletionTimestamp() != null,
        status.getStartTimeline() == null ? List.of()
            : status.getStartTimeline().stream().map(StartStepView::of).toList(),
        status.getCullAt(),
        status.getCullReason(),
        Boolean.TRUE.equals(status.getCullWarning()),
        meta.getAnnotations() == null ? null : meta.getAnnotations().get(Air9.ANNOTATION_KEEP_ALIVE_UNTIL));
  }
}
