package io.air9.platform.api.workspace;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.air9.platform.model.DesiredState;
import io.air9.platform.model.Limits;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * What a user sends to create or update a workspace. On update, {@code name} and {@code class} cannot change;
 * a {@code resourceVersion} makes the update conditional (409 when stale).
 */
public record WorkspaceRequest(
    @Schema(description = "Resource name: at most " + Limits.WORKSPACE_NAME + " lower-case letters, digits or '-'",
        example = "analysis")
    String name,
    @JsonProperty("class") @Schema(description = "WorkspaceClass name", example = "jupyterlab") String workspaceClass,
    String displayName,
    @Schema(description = "Image choice offered by the class; empty for its default") String image,
    Resources resources,
    @Schema(description = "Home volume size", example = "10Gi") String storage,
    DesiredState state,
    @Schema(description = "Idle timeout such as 2h or 90m; 0s never stops", example = "2h") String idleTimeout,
    List<String> dataConnections,
    List<Env> env,
    @Schema(description = "On update: the resourceVersion the change is based on") String resourceVersion) {

  /** CPU, memory (quantities) and GPUs. */
  public record Resources(@Schema(example = "2") String cpu, @Schema(example = "4Gi") String memory, Integer gpu) {}

  /** A plain environment variable. */
  public record Env(String name, String value) {}
}
