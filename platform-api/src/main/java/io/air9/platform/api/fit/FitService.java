package io.air9.platform.api.fit;

import io.air9.platform.api.cluster.ClusterCapacity;
import io.air9.platform.api.cluster.ClusterCapacity.BoundPod;
import io.air9.platform.api.common.Quantities;
import io.air9.platform.api.kube.Caches;
import io.air9.platform.api.security.CurrentUser;
import io.air9.platform.api.team.TeamUsage;
import io.air9.platform.api.workspace.WorkspaceRequest;
import io.air9.platform.api.workspace.WorkspaceService;
import io.air9.platform.model.Air9;
import io.air9.platform.model.ComputeResources;
import io.air9.platform.model.CullSchedule;
import io.air9.platform.model.TeamQuota;
import io.air9.platform.model.Workspace;
import io.air9.platform.model.WorkspaceClass;
import io.air9.platform.model.WorkspaceNames;
import io.air9.platform.model.WorkspacePhase;
import io.air9.platform.model.capacity.Amounts;
import io.air9.platform.model.capacity.NodeRoom;
import io.air9.platform.model.capacity.Placement;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * Pre-flight fit check of a create or a start, changing nothing: the request is checked exactly as a create checks
 * it, then against the team's quota left (its usage from the cache), the free room of each ready node (the cluster
 * capacity), the cull schedule of running workspaces (idle deadline, maximum runtime, GPU lease: the operator's
 * own computation, {@link CullSchedule}) and the admission queue ({@link QueuePlace}: where it would wait behind
 * the workspaces already queued, by the operator's own fair order).
 */
@Service
public class FitService {

  private final WorkspaceService workspaces;
  private final Caches caches;
  private final TeamUsage usage;
  private final ClusterCapacity capacity;
  private final QueuePlace queue;
  private final Clock clock = Clock.systemUTC();

  FitService(WorkspaceService workspaces, Caches caches, TeamUsage usage, ClusterCapacity capacity,
      QueuePlace queue) {
    this.workspaces = workspaces;
    this.caches = caches;
    this.usage = usage;
    this.capacity = capacity;
    this.queue = queue;
  }

  /** Would this create fit? 400 for a request a create would refuse. */
  public Fit forCreate(CurrentUser user, String team, WorkspaceRequest request) {
    Workspace draft = workspaces.draft(user, team, request, false);
    ComputeResources r = usage.resources(draft);
    FitCheck.Need need = new FitCheck.Need(Quantities.amount(r.getCpu()), Quantities.amount(r.getMemory()),
        r.getGpu() == null ? 0 : r.getGpu(), Quantities.amount(usage.storage(draft)), 1);
    return check(team, null, need, placement(draft));
  }

  /** Would starting this stopped workspace fit? Its volume and its slot are already counted. */
  public Fit forStart(CurrentUser user, String team, String name) {
    Workspace ws = workspaces.get(user, team, name);
    ComputeResources r = usage.resources(ws);
    FitCheck.Need need = new FitCheck.Need(Quantities.amount(r.getCpu()), Quantities.amount(r.getMemory()),
        r.getGpu() == null ? 0 : r.getGpu(), null, 0);
    if (!ws.getSpec().isStopped()) {
      Fit.Resources requested = new Fit.Resources(FitCheck.cpu(need.cpu()), FitCheck.bytes(need.memory()),
          need.gpu(), null);
      return new Fit(true, "Already meant to run: its resources are counted", requested, List.of(), null, null,
          null);
    }
    return check(team, name, need, placement(ws));
  }

  /** Where the workspace's pod may run: its class's nodeSelector and tolerations (platform-model's rule). */
  private Placement placement(Workspace ws) {
    return Placement.of(caches.workspaceClass(ws.getSpec().getWorkspaceClass()).map(WorkspaceClass::getSpec)
        .orElse(null));
  }

  private Fit check(String team, String name, FitCheck.Need need, Placement placement) {
    Map<String, Amounts> free = new LinkedHashMap<>();
    capacity.nodes().stream().filter(n -> n.open() && placement.allows(n)).forEach(n -> free.put(n.name(), n.free()));
    Instant now = clock.instant();
    Fit fit = FitCheck.check(team, need, quotaRoom(team), free, releases(team), now);
    // A create is a new workspace (never one of the queue, even if its name is taken); a start is a stopped one.
    String key = name == null ? " new" : name;
    return FitCheck.withQueue(fit, queue.of(team, key, need.compute(), placement, now));
  }

  private FitCheck.QuotaRoom quotaRoom(String team) {
    TeamQuota q = caches.team(team).map(t -> t.getSpec().getQuota()).orElse(null);
    if (q == null) {
      return FitCheck.QuotaRoom.UNLIMITED;
    }
    TeamUsage.Totals used = usage.totals(team);
    return new FitCheck.QuotaRoom(
        q.getCpu() == null ? null : Quantities.amount(q.getCpu()).subtract(used.cpu()),
        q.getMemory() == null ? null : Quantities.amount(q.getMemory()).subtract(used.memory()),
        q.getGpu() == null ? null : q.getGpu() - used.gpu(),
        q.getStorage() == null ? null : Quantities.amount(q.getStorage()).subtract(used.storage()),
        q.getMaxWorkspaces() == null ? null : q.getMaxWorkspaces() - used.workspaces());
  }

  /** The scheduled culls of running workspaces: what each frees in this team's quota and on its node. */
  private List<FitCheck.Release> releases(String team) {
    Map<String, BoundPod> pods = new LinkedHashMap<>();
    capacity.boundPods().forEach(p -> pods.put(p.namespace() + "/" + p.name(), p));
    String ownNamespace = Air9.teamNamespace(team);
    List<FitCheck.Release> releases = new ArrayList<>();
    for (Workspace ws : caches.allWorkspaces()) {
      if (ws.getSpec() == null) {
        continue;
      }
      boolean running = ws.getStatus() != null && ws.getStatus().getPhase() == WorkspacePhase.Running;
      WorkspaceClass cls = caches.workspaceClass(ws.getSpec().getWorkspaceClass()).orElse(null);
      Optional<Instant> deadline = CullSchedule.next(ws, cls == null ? null : cls.getSpec(), running)
          .map(CullSchedule.Cull::at);
      if (deadline.isEmpty()) {
        continue;
      }
      String ns = ws.getMetadata().getNamespace();
      boolean own = ownNamespace.equals(ns);
      ComputeResources r = usage.resources(ws);
      Amounts quota = own ? new Amounts(Quantities.amount(r.getCpu()), Quantities.amount(r.getMemory()),
          BigDecimal.valueOf(r.getGpu() == null ? 0 : r.getGpu())) : Amounts.ZERO;
      BoundPod pod = pods.get(ns + "/" + WorkspaceNames.pod(ws.getMetadata().getName()));
      String who = own ? ws.getSpec().getOwner() + "'s workspace '" + ws.getMetadata().getName() + "'"
          : "a workspace of another team";
      releases.add(new FitCheck.Release(deadline.get(), who, quota, pod == null ? null : pod.node(),
          pod == null ? Amounts.ZERO : pod.requests()));
    }
    return releases;
  }
}
