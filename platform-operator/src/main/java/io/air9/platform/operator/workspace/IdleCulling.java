package io.air9.platform.operator.workspace;

import io.air9.platform.model.Air9;
import io.air9.platform.model.IdleTimer;
import io.air9.platform.model.Workspace;
import io.air9.platform.model.WorkspaceClassSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Stopping idle workspaces; the schedule itself is computed by {@link IdleTimer} in the model, which the API's fit
 * check shares.
 *
 * <p>Design: the culler stops a workspace by setting {@code spec.state: Stopped} with its own field manager
 * ({@value #FIELD_MANAGER}, a JSON merge patch) and records {@value #ANNOTATION_CULLED_AT}, like the Kubeflow notebook
 * culler. The spec then tells the truth (the workspace is meant to be stopped), a user restarts it exactly like any
 * stopped workspace (state: Running), and no hidden operator state fights the user's edits. Activity is the later of
 * the {@code air9.io/last-activity} annotation (written by the activity probe or the simulator) and the time the
 * current run became Ready.
 */
public final class IdleCulling {

  public static final String FIELD_MANAGER = "air9-culler";
  public static final String ANNOTATION_CULLED_AT = Air9.GROUP + "/culled-at";

  private IdleCulling() {}

  /** The idle timeout that applies, or empty when the workspace is never culled. */
  public static Optional<Duration> timeout(Workspace ws, WorkspaceClassSpec cls) {
    return IdleTimer.timeout(ws, cls);
  }

  /** "4h", "90m", "1h30m", "45s"; null when unparseable or empty. */
  public static Duration parse(String raw) {
    return IdleTimer.parse(raw);
  }

  /** The last sign of life: the later of the activity annotation and the start of the current run. */
  public static Optional<Instant> lastActivity(Workspace ws) {
    return IdleTimer.lastActivity(ws);
  }

  /** How long until the workspace becomes idle (see {@link IdleTimer#remaining}). */
  public static Optional<Duration> remaining(Workspace ws, WorkspaceClassSpec cls, boolean running, Instant now) {
    return IdleTimer.remaining(ws, cls, running, now);
  }
}
