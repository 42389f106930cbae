package io.air9.platform.api.fit;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** The answer of a fit check: whether the workspace fits now, why not, what would fit, and when it could. */
@Schema(description = "Whether a workspace fits the team's quota and the cluster's free capacity")
public record Fit(
    @Schema(description = "True when it fits now") boolean fits,
    @Schema(description = "One sentence for the user", example = "Does not fit: fits at 8Gi memory") String message,
    @Schema(description = "What it needs: the request, the class's defaults filling the gaps") Resources requested,
    @Schema(description = "Each dimension that does not fit; empty when it fits") List<Reason> reasons,
    @Schema(description = "The largest size that fits now in each limiting dimension; null when it fits or "
        + "nothing smaller would") Suggestion suggestion,
    @Schema(description = "When it could fit as requested, from the idle-cull schedule; null when it fits now "
        + "or no scheduled cull frees enough") When when,
    @Schema(description = "Where it would wait in the admission queue if created (or started) as asked, behind "
        + "the workspaces the operator's fair order admits first; null when it would be admitted at once") Queue queue) {

  /** CPU and memory as quantities, GPUs, and the volume size (null when a start needs no new volume). */
  public record Resources(@Schema(example = "2") String cpu, @Schema(example = "8Gi") String memory, int gpu,
      @Schema(example = "5Gi") String storage) {}

  /**
   * A dimension that does not fit: in the team's quota ({@code quota}), on any node ({@code nodes}), or the room
   * that looks free is taken by the admission queue first ({@code queue}).
   */
  public record Reason(@Schema(example = "memory", allowableValues = {"cpu", "memory", "gpu", "storage",
      "workspaces", "node", "queue"}) String dimension,
      @Schema(allowableValues = {"quota", "nodes", "queue"}) String scope,
      @Schema(example = "needs 16Gi memory; team 'a' has 8Gi of its memory quota left") String message) {}

  /** A size that fits now. */
  public record Suggestion(Resources resources, @Schema(example = "fits at 8Gi memory") String message) {}

  /** The first scheduled idle cull after which the request fits as it is. */
  public record When(@Schema(description = "RFC 3339 time of the cull") String at, long inMinutes,
      @Schema(example = "fits when bob's workspace 'train' is culled in 37 min") String message) {}

  /** Its place in the admission queue: 1-based in the whole cluster's queue, and what it would wait for. */
  public record Queue(@Schema(example = "3") int position,
      @Schema(description = "Workspaces that would be admitted before it", example = "2") int ahead,
      @Schema(example = "1 GPU") String waitingFor,
      @Schema(example = "3rd in line for 1 GPU") String message) {}
}
