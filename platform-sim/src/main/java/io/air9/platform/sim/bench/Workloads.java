package io.air9.platform.sim.bench;

import io.air9.platform.model.Air9;
import io.air9.platform.model.ComputeResources;
import io.air9.platform.model.DesiredState;
import io.air9.platform.model.Team;
import io.air9.platform.model.TeamMember;
import io.air9.platform.model.TeamQuota;
import io.air9.platform.model.TeamRole;
import io.air9.platform.model.Workspace;
import io.air9.platform.model.WorkspacePhase;
import io.air9.platform.sim.Workspaces;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * What the benchmark does to the cluster, twice per scenario: through the operator (Team and Workspace custom
 * resources, timed to the Workspace's phase as the operator reports it) and through the bare client (the operator's
 * own child objects from a {@link ChildTemplate}, applied directly, timed to the pod being Ready).
 */
final class Workloads {

  static final String FIELD_MANAGER = "air9-bench";
  static final int WRITERS = 16;

  private final KubernetesClient client;
  private final Progress progress;

  Workloads(KubernetesClient client, Progress progress) {
    this.client = client;
    this.progress = progress;
  }

  /**
   * Creates one team (with the quota of the scenario's teams) and one workspace and waits until it runs: the
   * operator's objects for the template.
   */
  ChildTemplate template(String workspaceClass, int perTeam) throws InterruptedException {
    createTeams(List.of(ChildTemplate.TEAM), perTeam); // the baseline copies this team's quota
    String ns = Air9.teamNamespace(ChildTemplate.TEAM);
    client.resource(workspace(ns, ChildTemplate.WORKSPACE, workspaceClass)).fieldManager(FIELD_MANAGER)
        .forceConflicts().serverSideApply();
    client.resources(Workspace.class).inNamespace(ns).withName(ChildTemplate.WORKSPACE).waitUntilCondition(
        w -> w != null && w.getStatus() != null && w.getStatus().getPhase() == WorkspacePhase.Running,
        3, TimeUnit.MINUTES);
    ChildTemplate t = ChildTemplate.capture(client, ns);
    client.resources(Team.class).withName(ChildTemplate.TEAM).delete();
    return t;
  }

  static List<String> teamNames(String prefix, int teams) {
    List<String> names = new ArrayList<>();
    for (int t = 1; t <= teams; t++) {
      names.add(prefix + "-" + t);
    }
    return names;
  }

  static String workspaceName(int i) {
    return "ws-" + i;
  }

  /** Team custom resources, each with a quota for {@code perTeam} workspaces; waits for their namespaces. */
  void createTeams(List<String> teams, int perTeam) {
    for (String name : teams) {
      Team team = new Team();
      team.getMetadata().setName(name);
      team.getSpec().setDisplayName("Benchmark team " + name);
      team.getSpec().setMembers(List.of(new TeamMember("bench-user", TeamRole.ADMIN)));
      team.getSpec().setQuota(new TeamQuota("100000", "400000Gi", perTeam + 10, "1000Ti", perTeam + 10));
      client.resource(team).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
    }
    for (String name : teams) {
      client.namespaces().withName(Air9.teamNamespace(name)).waitUntilCondition(
          ns -> ns != null && "Active".equals(ns.getStatus().getPhase()), 2, TimeUnit.MINUTES);
    }
  }

  /** The baseline's teams: the template's namespace and team-level objects, created directly. */
  void createBaselineTeams(ChildTemplate template, List<String> teams) {
    for (String team : teams) {
      template.team(team).forEach(o -> client.resource(o).fieldManager(FIELD_MANAGER).forceConflicts()
          .serverSideApply());
    }
  }

  static Workspace workspace(String ns, String name, String workspaceClass) {
    return Workspaces.of(ns, name, workspaceClass, "bench-user", new ComputeResources("500m", "1Gi", 0));
  }

  /**
   * Through the operator: creates the workspaces, {@code spacingSeconds} apart (0: all at once), times each to phase
   * Running; {@code phases} records every phase each one passed through.
   */
  Latencies operatorBurst(List<String> teams, int perTeam, String workspaceClass, Duration timeout,
      double spacingSeconds, PhaseLog phases) throws InterruptedException {
    return timed("operator", teams, perTeam, timeout, spacingSeconds, operatorWatch(WorkspacePhase.Running, phases),
        phases, (ns, name) -> client.resource(workspace(ns, name, workspaceClass)).fieldManager(FIELD_MANAGER)
            .forceConflicts().serverSideApply());
  }

  /**
   * Through the bare client: applies each workspace's children, {@code spacingSeconds} apart (0: all at once), times
   * each to its pod being Ready.
   */
  Latencies baselineBurst(ChildTemplate template, List<String> teams, int perTeam, Duration timeout,
      double spacingSeconds) throws InterruptedException {
    return timed("baseline", teams, perTeam, timeout, spacingSeconds, podWatch(true), null,
        (ns, name) -> template.workspace(Air9.teamOfNamespace(ns), name).forEach(this::applyRetryingConflicts));
  }

  /**
   * Applies one child as the operator would: a 409 from the quota admission's own update of the team's
   * ResourceQuota (many creates at once in one namespace) is transient, and the operator retries it, so the
   * baseline does too (at most 10 times) instead of losing the workspace.
   */
  private void applyRetryingConflicts(HasMetadata o) {
    for (int attempt = 1; ; attempt++) {
      try {
        client.resource(o).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
        return;
      } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
        if (e.getCode() != 409 || attempt >= 10) {
          throw e;
        }
      }
    }
  }

  /**
   * Through the operator: sets every workspace's spec.state and times each to the phase that follows; {@code phases}
   * records every phase each one passed through (from the one it had when the phase began).
   */
  Latencies operatorSetState(List<String> teams, int perTeam, DesiredState state, Duration timeout, PhaseLog phases)
      throws InterruptedException {
    WorkspacePhase phase = state == DesiredState.Stopped ? WorkspacePhase.Stopped : WorkspacePhase.Running;
    return timed("operator " + state, teams, perTeam, timeout, 0, operatorWatch(phase, phases), phases,
        (ns, name) -> client.resources(Workspace.class).inNamespace(ns).withName(name)
            .edit(w -> {
              w.getSpec().setState(state);
              return w;
            }));
  }

  /** Through the bare client: scales every StatefulSet to 0 or 1 and times each to its pod gone or Ready. */
  Latencies baselineScale(List<String> teams, int perTeam, int replicas, Duration timeout)
      throws InterruptedException {
    return timed("baseline scale " + replicas, teams, perTeam, timeout, 0, podWatch(replicas > 0), null,
        (ns, name) -> client.apps().statefulSets().inNamespace(ns).withName(name).scale(replicas));
  }

  /**
   * The simulated cluster's storage alone: {@code claims} PersistentVolumeClaims of the default class created at
   * once in namespace {@code team-<team>}, each timed to phase Bound.
   */
  Latencies volumes(String team, int claims, Duration timeout) throws InterruptedException {
    String ns = Air9.teamNamespace(team);
    client.resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata().withName(ns)
        .endMetadata().build()).serverSideApply();
    Watch bound = reached -> client.persistentVolumeClaims().inNamespace(ns).inform(handler(
        (io.fabric8.kubernetes.api.model.PersistentVolumeClaim c) -> c.getStatus() != null
            && "Bound".equals(c.getStatus().getPhase()),
        c -> ns + "/" + c.getMetadata().getName(), reached, false, c -> {}));
    return timed("volumes", List.of(team), claims, timeout, 0, bound, null,
        (n, name) -> client.resource(new io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder()
            .withNewMetadata().withName(name).withNamespace(n).endMetadata()
            .withNewSpec().withAccessModes("ReadWriteOnce").withNewResources()
            .addToRequests("storage", new io.fabric8.kubernetes.api.model.Quantity("1Gi")).endResources().endSpec()
            .build()).create());
  }

  /** Watches something and reports a workspace's key (namespace/name) when it reached the awaited state. */
  private interface Watch {
    SharedIndexInformer<?> start(java.util.function.Consumer<String> reached);
  }

  private interface Action {
    void apply(String namespace, String name);
  }

  /** Workspaces reaching {@code phase}; every state the watch delivers also goes to {@code phases}. */
  private Watch operatorWatch(WorkspacePhase phase, PhaseLog phases) {
    return reached -> client.resources(Workspace.class).inAnyNamespace().inform(handler(
        (Workspace w) -> w.getStatus() != null && w.getStatus().getPhase() == phase,
        w -> w.getMetadata().getNamespace() + "/" + w.getMetadata().getName(), reached, false, phases::record));
  }

  /** Pods of workspaces (label air9.io/workspace); ready=true waits for Ready, false for the pod's deletion. */
  private Watch podWatch(boolean ready) {
    Predicate<Pod> isReady = p -> p.getStatus() != null && p.getStatus().getConditions() != null
        && p.getStatus().getConditions().stream()
        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    return reached -> client.pods().inAnyNamespace().withLabel(Air9.LABEL_WORKSPACE).inform(handler(
        ready ? isReady : p -> false,
        p -> p.getMetadata().getNamespace() + "/" + p.getMetadata().getLabels().get(Air9.LABEL_WORKSPACE),
        reached, !ready, p -> {}));
  }

  /**
   * Reports an object's key when it is {@code done} (on add or update) or, with {@code onDelete}, deleted; every
   * object added or updated first goes to {@code seen}, done or not.
   */
  static <T extends HasMetadata> ResourceEventHandler<T> handler(Predicate<T> done,
      java.util.function.Function<T, String> key, java.util.function.Consumer<String> reached, boolean onDelete,
      java.util.function.Consumer<T> seen) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T o) {
        seen.accept(o);
        if (done.test(o)) {
          reached.accept(key.apply(o));
        }
      }

      @Override
      public void onUpdate(T old, T o) {
        onAdd(o);
      }

      @Override
      public void onDelete(T o, boolean unknownFinalState) {
        if (onDelete) {
          reached.accept(key.apply(o));
        }
      }
    };
  }

  /**
   * Applies {@code action} to every workspace from {@link #WRITERS} threads and waits until {@code watch} reported
   * each (or the timeout, counted from the last arrival). Workspaces arrive {@code spacingSeconds} apart in
   * round-robin order over the teams (0: all at once). A workspace counts from just before its first write.
   * {@code phases} (null on the baseline's side) gives the progress lines the count of workspaces that passed through
   * Failed.
   */
  private Latencies timed(String label, List<String> teams, int perTeam, Duration timeout, double spacingSeconds,
      Watch watch, PhaseLog phases, Action action) throws InterruptedException {
    Instant begin = Instant.now();
    Map<String, Double> createdAt = new ConcurrentHashMap<>();
    Map<String, Double> readyAt = new ConcurrentHashMap<>();
    int total = teams.size() * perTeam;
    SharedIndexInformer<?> informer = watch.start(key -> {
      Double created = createdAt.get(key);
      if (created != null) {
        readyAt.putIfAbsent(key, seconds(begin));
      }
    });
    ScheduledExecutorService writers = Executors.newScheduledThreadPool(WRITERS);
    try {
      List<Future<?>> writes = new ArrayList<>();
      int i = 0;
      for (int w = 1; w <= perTeam; w++) {
        for (String team : teams) { // round-robin over teams, as many users at once would
          String ns = Air9.teamNamespace(team);
          String name = workspaceName(w);
          writes.add(writers.schedule(() -> {
            createdAt.put(ns + "/" + name, seconds(begin));
            action.apply(ns, name);
          }, Math.round(i++ * spacingSeconds * 1000), TimeUnit.MILLISECONDS));
        }
      }
      Instant deadline = begin.plus(timeout).plusMillis(Math.round((total - 1) * spacingSeconds * 1000));
      Instant nextReport = Instant.now();
      while (readyAt.size() < total && Instant.now().isBefore(deadline)) {
        if (Instant.now().isAfter(nextReport)) {
          progress.say("%s: %.0f s, written %d/%d, done %d/%d%s", label, seconds(begin), createdAt.size(), total,
              readyAt.size(), total, phases == null || phases.passedThroughFailed() == 0 ? ""
                  : ", passed through Failed " + phases.passedThroughFailed());
          nextReport = Instant.now().plusSeconds(5);
        }
        Thread.sleep(100);
      }
      for (Future<?> f : writes) {
        try {
          f.get(1, TimeUnit.MINUTES);
        } catch (java.util.concurrent.CancellationException e) {
          progress.say("%s: a write was not made before the deadline", label);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
          progress.say("%s: a write failed: %s", label, e.getCause() == null ? e : e.getCause().getMessage());
        }
      }
    } finally {
      writers.shutdownNow();
      informer.close();
    }
    List<Latencies.Sample> samples = createdAt.entrySet().stream()
        .map(e -> new Latencies.Sample(e.getKey(), e.getValue(), readyAt.getOrDefault(e.getKey(), Double.NaN)))
        .sorted(java.util.Comparator.comparing(Latencies.Sample::key)).toList();
    Latencies result = new Latencies(samples, seconds(begin));
    progress.say("%s: %s", label, result.summary());
    return result;
  }

  /** Deletes namespaces (with everything in them) or teams, and waits until their namespaces are gone. */
  void deleteAndWait(List<String> teams, boolean viaTeams, Duration timeout) throws InterruptedException {
    for (String team : teams) {
      if (viaTeams) {
        client.resources(Team.class).withName(team).delete();
      } else {
        client.namespaces().withName(Air9.teamNamespace(team)).delete();
      }
    }
    Instant deadline = Instant.now().plus(timeout);
    Instant nextReport = Instant.now();
    while (Instant.now().isBefore(deadline)) {
      long left = teams.stream().filter(t -> client.namespaces().withName(Air9.teamNamespace(t)).get() != null)
          .count();
      long pods = client.pods().inAnyNamespace().withLabel(Air9.LABEL_WORKSPACE).list().getItems().size();
      if (left == 0 && pods == 0) {
        return;
      }
      if (Instant.now().isAfter(nextReport)) {
        progress.say("cleaning up: %d namespaces and %d workspace pods left", left, pods);
        nextReport = Instant.now().plusSeconds(10);
      }
      Thread.sleep(1000);
    }
    progress.say("cleaning up: not finished after %s, going on", timeout);
  }

  /** Every StatefulSet of the operator's workspaces, to check none is lost. */
  long statefulSets() {
    return client.apps().statefulSets().inAnyNamespace().withLabel(Air9.LABEL_WORKSPACE).list().getItems().stream()
        .filter((StatefulSet s) -> !s.getMetadata().getNamespace().equals(Air9.teamNamespace(ChildTemplate.TEAM)))
        .count();
  }

  private static double seconds(Instant begin) {
    return Duration.between(begin, Instant.now()).toNanos() / 1e9;
  }
}
