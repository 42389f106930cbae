package io.air9.platform.api.team;

import io.air9.platform.api.common.Quantities;
import io.air9.platform.api.kube.Caches;
import io.air9.platform.model.Air9;
import io.air9.platform.model.ComputeResources;
import io.air9.platform.model.Workspace;
import io.air9.platform.model.WorkspacePhase;
import io.air9.platform.model.WorkspaceClass;
import io.air9.platform.model.WorkspaceSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.List;
import java.util.function.Function;
import org.springframework.stereotype.Component;

/** What a team's workspaces use, from the cache: running ones count for CPU, memory and GPUs. */
@Component
public class TeamUsage {

  /** Usage next to the quota. */
  record Usage(int workspaces, int runningWorkspaces, String cpu, String memory, int gpu, String storage) {}

  /** Usage in base units: cores, bytes, GPUs, bytes. */
  public record Totals(int workspaces, int runningWorkspaces, BigDecimal cpu, BigDecimal memory, int gpu,
      BigDecimal storage) {}

  private final Caches caches;

  public TeamUsage(Caches caches) {
    this.caches = caches;
  }

  Usage of(String team) {
    Totals t = totals(team);
    return new Usage(t.workspaces(), t.runningWorkspaces(), Quantities.fromAmount(t.cpu()),
        Quantities.fromAmount(t.memory()), t.gpu(), Quantities.fromAmount(t.storage()));
  }

  /**
   * What the team's workspaces use now: running ones count for CPU, memory and GPUs (not stopped, and not waiting in
   * the admission queue: a queued workspace has no pod), all for storage.
   */
  public Totals totals(String team) {
    List<Workspace> all = caches.workspaces(Air9.teamNamespace(team));
    List<Workspace> running = all.stream().filter(w -> w.getSpec() != null && !w.getSpec().isStopped()
        && (w.getStatus() == null || w.getStatus().getPhase() != WorkspacePhase.Queued)).toList();
    BigDecimal cpu = sum(running, ComputeResources::getCpu);
    BigDecimal memory = sum(running, ComputeResources::getMemory);
    int gpu = running.stream().map(this::resources).map(ComputeResources::getGpu)
        .mapToInt(g -> g == null ? 0 : g).sum();
    BigDecimal storage = all.stream().map(this::storage).map(Quantities::amount)
        .reduce(BigDecimal.ZERO, BigDecimal::add);
    return new Totals(all.size(), running.size(), cpu, memory, gpu, storage);
  }

  private BigDecimal sum(List<Workspace> workspaces, Function<ComputeResources, Quantity> field) {
    return workspaces.stream().map(this::resources).map(field).map(Quantities::amount)
        .reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  /** The workspace's resources, the class's defaults filling what it leaves unset. */
  public ComputeResources resources(Workspace ws) {
    WorkspaceSpec spec = ws.getSpec();
    ComputeResources defaults = cls(ws) == null ? null : cls(ws).getSpec().getDefaultResources();
    ComputeResources own = spec.getResources();
    ComputeResources r = new ComputeResources();
    r.setCpu(pick(own == null ? null : own.getCpu(), defaults == null ? null : defaults.getCpu()));
    r.setMemory(pick(own == null ? null : own.getMemory(), defaults == null ? null : defaults.getMemory()));
    r.setGpu(pick(own == null ? null : own.getGpu(), defaults == null ? null : defaults.getGpu()));
    return r;
  }

  /** The workspace's volume size, the class's default when it leaves it unset. */
  public Quantity storage(Workspace ws) {
    WorkspaceClass cls = cls(ws);
    return pick(ws.getSpec().getStorage(), cls == null ? null : cls.getSpec().getDefaultStorage());
  }

  private WorkspaceClass cls(Workspace ws) {
    return caches.workspaceClass(ws.getSpec().getWorkspaceClass()).orElse(null);
  }

  private static <T> T pick(T own, T fallback) {
    return own != null ? own : fallback;
  }
}
