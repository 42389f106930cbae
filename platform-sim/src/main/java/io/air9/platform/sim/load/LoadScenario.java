package io.air9.platform.sim.load;

import io.air9.platform.model.Air9;
import io.air9.platform.model.ComputeResources;
import io.air9.platform.model.Team;
import io.air9.platform.model.TeamMember;
import io.air9.platform.model.TeamQuota;
import io.air9.platform.model.TeamRole;
import io.air9.platform.model.Workspace;
import io.air9.platform.model.WorkspacePhase;
import io.air9.platform.sim.cluster.ClusterProviders;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A load scenario: T teams with W workspaces each, created as custom resources (as users of kubectl or the
 * API would), then timed from creation to phase Running as the operator reports it. Prints percentiles and
 * writes one CSV line per workspace. Bounded: it stops at its timeout and deletes what it made.
 *
 * <pre>java -cp platform-sim-exec.jar -Dloader.main=io.air9.platform.sim.load.LoadScenario \
 *     org.springframework.boot.loader.launch.PropertiesLauncher TEAMS WORKSPACES_PER_TEAM CLASS OUT_DIR</pre>
 */
public final class LoadScenario {

  /** The outcome: seconds from creation to Running, per workspace (NaN when it never got there). */
  public record Result(Map<String, Double> secondsToRunning, double wallSeconds) {

    public List<Double> sortedLatencies() {
      return secondsToRunning.values().stream().filter(d -> !d.isNaN()).sorted().toList();
    }

    public long notReady() {
      return secondsToRunning.values().stream().filter(d -> d.isNaN()).count();
    }

    /** The p-th percentile (0..100) by nearest rank, or NaN when nothing got ready. */
    public double percentile(double p) {
      List<Double> sorted = sortedLatencies();
      if (sorted.isEmpty()) {
        return Double.NaN;
      }
      int rank = (int) Math.ceil(p / 100.0 * sorted.size());
      return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    public String summary() {
      return String.format("%d workspaces: p50 %.1f s, p90 %.1f s, p99 %.1f s, max %.1f s, not ready %d, wall %.1f s",
          secondsToRunning.size(), percentile(50), percentile(90), percentile(99), percentile(100), notReady(),
          wallSeconds);
    }
  }

  private final KubernetesClient client;
  private final String prefix;

  public LoadScenario(KubernetesClient client, String prefix) {
    this.client = client;
    this.prefix = prefix;
  }

  public Result run(int teams, int perTeam, String workspaceClass, Duration timeout) throws InterruptedException {
    List<Team> created = new ArrayList<>();
    for (int t = 1; t <= teams; t++) {
      Team team = new Team();
      team.getMetadata().setName(prefix + "-" + t);
      team.getSpec().setDisplayName("Load team " + t);
      team.getSpec().setMembers(List.of(new TeamMember("load-user-" + t, TeamRole.ADMIN)));
      team.getSpec().setQuota(new TeamQuota("1000", "4000Gi", 0, "100Ti", perTeam + 10));
      created.add(client.resource(team).fieldManager("air9-load").forceConflicts().serverSideApply());
    }
    for (Team team : created) {
      client.namespaces().withName(Air9.teamNamespace(team.getMetadata().getName()))
          .waitUntilCondition(ns -> ns != null && "Active".equals(ns.getStatus().getPhase()), 60, TimeUnit.SECONDS);
    }

    Map<String, Instant> createdAt = new ConcurrentHashMap<>();
    Map<String, Double> seconds = new ConcurrentHashMap<>();
    CountDownLatch allRunning = new CountDownLatch(teams * perTeam);
    SharedIndexInformer<Workspace> informer = client.resources(Workspace.class).inAnyNamespace()
        .inform(new ResourceEventHandler<>() {
          @Override
          public void onAdd(Workspace ws) {
            observe(ws);
          }

          @Override
          public void onUpdate(Workspace old, Workspace ws) {
            observe(ws);
          }

          @Override
          public void onDelete(Workspace ws, boolean unknownFinalState) {}

          private void observe(Workspace ws) {
            String key = ws.getMetadata().getNamespace() + "/" + ws.getMetadata().getName();
            Instant start = createdAt.get(key);
            if (start != null && ws.getStatus() != null && ws.getStatus().getPhase() == WorkspacePhase.Running
                && seconds.putIfAbsent(key, Duration.between(start, Instant.now()).toMillis() / 1000.0) == null) {
              allRunning.countDown();
            }
          }
        });
    Instant begin = Instant.now();
    try {
      for (Team team : created) {
        String ns = Air9.teamNamespace(team.getMetadata().getName());
        for (int w = 1; w <= perTeam; w++) {
          Workspace ws = new Workspace();
          ws.getMetadata().setName("ws-" + w);
          ws.getMetadata().setNamespace(ns);
          ws.getSpec().setWorkspaceClass(workspaceClass);
          ws.getSpec().setOwner("load-user");
          ws.getSpec().setResources(new ComputeResources("500m", "1Gi", 0));
          createdAt.put(ns + "/ws-" + w, Instant.now());
          client.resource(ws).fieldManager("air9-load").forceConflicts().serverSideApply();
        }
      }
      allRunning.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } finally {
      informer.close();
    }
    double wall = Duration.between(begin, Instant.now()).toMillis() / 1000.0;
    createdAt.keySet().forEach(k -> seconds.putIfAbsent(k, Double.NaN));
    return new Result(Map.copyOf(seconds), wall);
  }

  /** Deletes the scenario's teams (their namespaces and workspaces go with them). */
  public void cleanUp(int teams) {
    for (int t = 1; t <= teams; t++) {
      client.resources(Team.class).withName(prefix + "-" + t).delete();
    }
  }

  public static void main(String[] args) throws Exception {
    int teams = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int perTeam = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    String cls = args.length > 2 ? args[2] : "jupyterlab";
    Path out = Path.of(args.length > 3 ? args[3] : "target/load");
    try (KubernetesClient client = ClusterProviders.byId("kubeconfig", "air9").start().newClient()) {
      LoadScenario scenario = new LoadScenario(client, "load");
      Result result = scenario.run(teams, perTeam, cls, Duration.ofMinutes(10));
      System.out.println(result.summary());
      write(result, out.resolve("load-" + teams + "x" + perTeam + ".csv"));
      scenario.cleanUp(teams);
    }
  }

  static void write(Result result, Path csv) throws IOException {
    Files.createDirectories(csv.getParent());
    StringBuilder sb = new StringBuilder("workspace,seconds_to_running\n");
    result.secondsToRunning().entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(e -> sb.append(e.getKey()).append(',').append(e.getValue()).append('\n'));
    Files.writeString(csv, sb.toString());
  }
}
