package io.air9.platform.api.fit;

import io.air9.platform.api.cluster.ClusterCapacity;
import io.air9.platform.api.kube.Caches;
import io.air9.platform.api.team.TeamUsage;
import io.air9.platform.model.Air9;
import io.air9.platform.model.ComputeResources;
import io.air9.platform.model.StartDeadline;
import io.air9.platform.model.Team;
import io.air9.platform.model.Workspace;
import io.air9.platform.model.WorkspaceClass;
import io.air9.platform.model.WorkspaceNames;
import io.air9.platform.model.capacity.Admission;
import io.air9.platform.model.capacity.Admission.Decision;
import io.air9.platform.model.capacity.Admission.Demand;
import io.air9.platform.model.capacity.Admission.Quota;
import io.air9.platform.model.capacity.Amounts;
import io.air9.platform.model.capacity.NodeRoom;
import io.air9.platform.model.capacity.Placement;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Where a workspace being checked would go in the operator's admission queue: platform-model's pure
 * {@link Admission#place} (the operator's own rule: fair order across teams by dominant share, first come first
 * served inside a team, a waiting workspace blocking no smaller one) over what the caches show: the nodes and their
 * bound pods, the teams' quotas, and every workspace that should run, admitted when its pod or its phase shows it
 * ({@link Admission#shownAdmitted}), else waiting since its {@code status.queuedAt}.
 */
@Component
class QueuePlace {

  private final Caches caches;
  private final TeamUsage usage;
  private final ClusterCapacity capacity;

  QueuePlace(Caches caches, TeamUsage usage, ClusterCapacity capacity) {
    this.caches = caches;
    this.usage = usage;
    this.capacity = capacity;
  }

  /** The decision for the workspace {@code namespace/name} of this team asking for {@code request} now. */
  Decision of(String team, String name, Amounts request, Placement placement, Instant now) {
    Map<String, Pod> pods = new HashMap<>();
    Map<String, Amounts> teamPods = new HashMap<>();
    for (Pod p : caches.pods()) {
      if (NodeRoom.holdsResources(p)) {
        pods.put(p.getMetadata().getNamespace() + "/" + p.getMetadata().getName(), p);
        Optional.ofNullable(Air9.teamOfNamespace(p.getMetadata().getNamespace()))
            .ifPresent(t -> teamPods.merge(t, NodeRoom.requests(p), Amounts::plus));
      }
    }
    Map<String, Quota> quotas = new HashMap<>();
    for (Team t : caches.teams()) {
      quotas.put(t.getMetadata().getName(), Quota.of(t.getSpec() == null ? null : t.getSpec().getQuota()));
    }
    List<Demand> demands = new ArrayList<>();
    for (Workspace ws : caches.allWorkspaces()) {
      Optional<WorkspaceClass> cls = ws.getSpec() == null ? Optional.empty()
          : caches.workspaceClass(ws.getSpec().getWorkspaceClass());
      if (cls.isEmpty() || cls.get().getSpec() == null || ws.getSpec().isStopped()
          || ws.getMetadata().getDeletionTimestamp() != null || StartDeadline.failed(ws)) {
        continue;
      }
      String ns = ws.getMetadata().getNamespace();
      Pod pod = pods.get(ns + "/" + WorkspaceNames.pod(ws.getMetadata().getName()));
      boolean admitted = Admission.shownAdmitted(ws.getStatus() == null ? null : ws.getStatus().getPhase(),
          pod != null);
      demands.add(new Demand(ns + "/" + ws.getMetadata().getName(), Air9.teamOfNamespace(ns), amounts(ws),
          Placement.of(cls.get().getSpec()), admitted ? null : Admission.queuedAt(ws.getStatus(), created(ws, now)),
          admitted, pod != null, pod != null));
    }
    Demand candidate = new Demand(Air9.teamNamespace(team) + "/" + name, team, request, placement, now, false,
        false, false);
    return Admission.place(capacity.nodes(), teamPods, quotas, demands, candidate);
  }

  private Amounts amounts(Workspace ws) {
    ComputeResources r = usage.resources(ws);
    return Amounts.of(r.getCpu(), r.getMemory(), r.getGpu());
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
