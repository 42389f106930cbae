package io.air9.platform.api.fit;

import io.air9.platform.api.kube.Caches;
import io.air9.platform.api.team.TeamUsage;
import io.air9.platform.model.Air9;
import io.air9.platform.model.ComputeResources;
import io.air9.platform.model.Workspace;
import io.air9.platform.model.WorkspaceClassSpec;
import io.air9.platform.model.capacity.Admission;
import io.air9.platform.model.capacity.Admission.Decision;
import io.air9.platform.model.capacity.Admission.Demand;
import io.air9.platform.model.capacity.AdmissionInputs;
import io.air9.platform.model.capacity.Amounts;
import io.air9.platform.model.capacity.Placement;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * Where a workspace being checked would go in the operator's admission queue: platform-model's pure
 * {@link Admission#place} (the operator's own rule: fair order across teams by dominant share, first come first
 * served inside a team, a waiting workspace blocking no smaller one) over the inputs the operator builds too
 * ({@link AdmissionInputs}) from what the caches show. A workspace is admitted when its pod or its phase shows it,
 * else it waits since its {@code status.queuedAt}; its request is the API's own reading ({@link TeamUsage}).
 */
@Component
class QueuePlace {

  private final Caches caches;
  private final TeamUsage usage;

  QueuePlace(Caches caches, TeamUsage usage) {
    this.caches = caches;
    this.usage = usage;
  }

  /** The decision for the workspace {@code namespace/name} of this team asking for {@code request} now. */
  Decision of(String team, String name, Amounts request, Placement placement, Instant now) {
    AdmissionInputs inputs = AdmissionInputs.of(caches.nodes(), caches.pods(), caches.teams(),
        caches.allWorkspaces(), cls -> caches.workspaceClass(cls).orElse(null), new AdmissionInputs.Knowledge() {
          @Override
          public Amounts request(Workspace ws, WorkspaceClassSpec cls) {
            ComputeResources r = usage.resources(ws);
            return Amounts.of(r.getCpu(), r.getMemory(), r.getGpu());
          }

          @Override
          public Instant waitingSince(String key, Workspace ws) {
            return Admission.queuedAt(ws.getStatus(), created(ws, now));
          }
        });
    return inputs.place(new Demand(Air9.teamNamespace(team) + "/" + name, team, request, placement, now, false,
        false, false));
  }

  private static Instant created(Workspace ws, Instant now) {
    try {
      return ws.getMetadata().getCreationTimestamp() == null ? now
          : Instant.parse(ws.getMetadata().getCreationTimestamp());
    } catch (RuntimeException e) {
      return now;
    }
  }
}
