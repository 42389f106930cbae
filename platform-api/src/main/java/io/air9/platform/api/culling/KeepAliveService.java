package io.air9.platform.api.culling;

import io.air9.platform.api.kube.Caches;
import io.air9.platform.api.kube.Writes;
import io.air9.platform.api.problem.ApiException;
import io.air9.platform.api.problem.ApiException.FieldError;
import io.air9.platform.api.security.CurrentUser;
import io.air9.platform.api.team.TeamAccess;
import io.air9.platform.model.Air9;
import io.air9.platform.model.CullSchedule;
import io.air9.platform.model.CullSchedule.Cull;
import io.air9.platform.model.IdleTimer;
import io.air9.platform.model.Limits;
import io.air9.platform.model.Workspace;
import io.air9.platform.model.WorkspaceClass;
import io.air9.platform.model.WorkspaceClassSpec;
import io.air9.platform.model.WorkspacePhase;
import io.air9.platform.model.validation.WorkspaceValidator;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Keep-alive of a running workspace. The API writes only the Workspace's annotation
 * {@value Air9#ANNOTATION_KEEP_ALIVE_UNTIL} (a merge patch, like {@code kubectl annotate}); the bounds are the
 * model's ({@link CullSchedule}, the operator's own schedule, and the shared {@link WorkspaceValidator}), so the API
 * codes none of its own, and the operator applies the same bounds to a value written by kubectl.
 */
@Service
public class KeepAliveService {

  private static final String FIELD = "duration";

  private final Caches caches;
  private final TeamAccess access;
  private final Writes writes;
  private final KubernetesClient client;
  private final Clock clock = Clock.systemUTC();

  public KeepAliveService(Caches caches, TeamAccess access, Writes writes, KubernetesClient client) {
    this.caches = caches;
    this.access = access;
    this.writes = writes;
    this.client = client;
  }

  /**
   * Keeps the workspace alive for {@code duration} from now (null: the class's maximum), bounded by the class.
   * 403 for viewers; 400 for a bad or too long duration; 409 when there is nothing to extend.
   */
  public KeepAlive keepAlive(CurrentUser user, String team, String name, String duration) {
    access.writable(user, team);
    String what = "workspace '" + name + "'";
    Workspace ws = WorkspaceValidator.validateName(name, Limits.WORKSPACE_NAME).isEmpty()
        ? Writes.call(() -> client.resources(Workspace.class).inNamespace(Air9.teamNamespace(team)).withName(name)
            .get())
        : null;
    if (ws == null) {
      throw ApiException.notFound(what);
    }
    WorkspaceClassSpec cls = caches.workspaceClass(ws.getSpec().getWorkspaceClass()).map(WorkspaceClass::getSpec)
        .orElse(null);
    boolean running = ws.getStatus() != null && ws.getStatus().getPhase() == WorkspacePhase.Running
        && !ws.getSpec().isStopped();
    if (!running) {
      throw conflict(what + " is not running: there is nothing to keep alive");
    }
    var violations = WorkspaceValidator.validateKeepAlive(FIELD, duration, cls);
    if (!violations.isEmpty()) {
      if (CullSchedule.maxKeepAlive(cls).isEmpty()) {
        throw conflict("the class '" + ws.getSpec().getWorkspaceClass() + "' of " + what + " offers no keep-alive");
      }
      throw ApiException.invalid(violations.stream().map(v -> new FieldError(v.field(), v.message())).toList());
    }
    Optional<Cull> current = CullSchedule.next(ws, cls, true);
    if (current.isEmpty()) {
      throw conflict(what + " is never stopped: there is nothing to keep alive");
    }
    if (!current.get().extendable()) {
      throw conflict(what + " stops at " + current.get().at() + " at " + reason(current.get())
          + ", which keep-alive cannot extend");
    }
    Instant limit = CullSchedule.keepAliveLimit(ws, cls, true).orElseThrow();
    if (!limit.isAfter(current.get().at())) {
      throw conflict(what + " is kept alive as long as its class allows (until " + current.get().at()
          + "); using it keeps it running longer");
    }
    Duration length = duration == null ? CullSchedule.maxKeepAlive(cls).orElseThrow() : IdleTimer.parse(duration);
    Instant asked = clock.instant().plus(length).truncatedTo(ChronoUnit.SECONDS);
    Instant until = asked.isAfter(limit) ? limit : asked;
    if (!until.isAfter(current.get().at())) {
      // a keep-alive never brings the stop forward
      return new KeepAlive(current.get().at().toString(), current.get().at().toString(),
          current.get().reason().name(), what + " already runs until " + current.get().at() + " at least");
    }
    Workspace kept = writes.annotate(Workspace.class, ws.getMetadata().getNamespace(), name,
        Map.of(Air9.ANNOTATION_KEEP_ALIVE_UNTIL, until.toString()));
    Cull next = CullSchedule.next(kept, cls, true).orElseThrow();
    String message = "kept alive until " + until + (asked.isAfter(limit) ? " (the most its class allows)" : "")
        + "; it stops at " + next.at() + (next.extendable() ? " if still idle" : " at " + reason(next));
    return new KeepAlive(until.toString(), next.at().toString(), next.reason().name(), message);
  }

  private static String reason(Cull cull) {
    return switch (cull.reason()) {
      case Idle -> "its idle deadline";
      case MaxRuntime -> "its class's maximum runtime";
      case GpuLease -> "the end of its GPU lease";
    };
  }

  private static ApiException conflict(String detail) {
    return new ApiException(HttpStatus.CONFLICT, "Conflict", detail);
  }
}
