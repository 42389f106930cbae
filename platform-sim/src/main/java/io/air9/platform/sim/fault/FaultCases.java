package io.air9.platform.sim.fault;

import io.air9.platform.model.Air9;
import io.air9.platform.model.Team;
import io.air9.platform.model.Workspace;
import io.air9.platform.sim.fault.FaultEnvironment.FaultCaseFailure;
import io.air9.platform.sim.process.JavaProcess;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The fault cases. Each one makes its own team, injects its fault, waits (bounded) for the platform to converge,
 * then audits the cluster ({@link ClusterAudit}): 0 workspaces lost, 0 orphaned children, 0 duplicated.
 */
public final class FaultCases {

  private static final String CLASS = "jupyterlab";
  private static final String COMPONENT = "app.kubernetes.io/component";
  /** The Ready reason of a workspace whose node is gone (the operator's status aggregator). */
  private static final String NODE_LOST = "NodeLost";
  private static final Duration AUDIT_BOUND = Duration.ofSeconds(90);

  private final FaultEnvironment env;
  private final KubernetesClient client;
  private final Consumer<String> progress;
  /** The namespaces of the running case's teams: what its audit looks at. */
  private final Set<String> namespaces = new TreeSet<>();

  public FaultCases(FaultEnvironment env, Consumer<String> progress) {
    this.env = env;
    this.client = env.client();
    this.progress = progress;
  }

  /** The body of a case: fills the workspaces that must survive and its figures; returns seconds to converge. */
  interface Body {
    double run(Set<String> expected, Map<String, Object> figures);
  }

  private CaseResult run(String name, Duration bound, Body body) {
    progress.accept("[" + name + "] starting");
    namespaces.clear();
    Map<String, Object> figures = new LinkedHashMap<>();
    Set<String> expected = new TreeSet<>();
    double converged = Double.NaN;
    String failure = null;
    try {
      converged = body.run(expected, figures);
    } catch (FaultCaseFailure | KubernetesClientException | IllegalStateException e) {
      failure = e.getMessage();
    }
    // Garbage collection is asynchronous: the audit is clean within its own bound, or what remains is reported.
    ClusterAudit.Report[] last = new ClusterAudit.Report[1];
    try {
      double settle = FaultEnvironment.await("a clean audit", AUDIT_BOUND,
          () -> (last[0] = ClusterAudit.audit(client, namespaces, expected)).clean());
      figures.put("auditSettleSeconds", settle);
      converged += settle;
    } catch (FaultCaseFailure e) {
      figures.put("audit", String.valueOf(last[0]));
    }
    ClusterAudit.Report report = last[0] != null ? last[0]
        : new ClusterAudit.Report(0, List.copyOf(expected), List.of(), List.of());
    CaseResult result = new CaseResult(name, expected.size(), report.lost().size(), report.orphans().size(),
        report.duplicates().size(), converged, bound.toSeconds(), figures, failure);
    progress.accept("[" + name + "] " + result.summary());
    return result;
  }

  private String team(String name, int workspaces) {
    namespaces.add(Air9.teamNamespace(name));
    return env.team(name, workspaces);
  }

  // ---- drift -------------------------------------------------------------------------------------------------

  /** Children edited and deleted by hand are put back, each timed. */
  public CaseResult drift(int workspaces) {
    return run("drift", Duration.ofSeconds(60), (expected, figures) -> {
      String ns = team("drift", workspaces);
      for (int i = 1; i <= Math.max(3, workspaces); i++) {
        expected.add(env.workspace(ns, "d" + i, CLASS));
      }
      figures.put("secondsToRunning", FaultEnvironment.await("workspaces Running: " + env.notRunning(expected),
          Duration.ofSeconds(300), () -> env.allRunning(expected)));
      String ingressPath = ingressPath(ns, "d2");
      // The hand edits: two deletions, two edits of fields the operator owns, a scale-down behind its back.
      client.services().inNamespace(ns).withName("d1").delete();
      client.network().v1().networkPolicies().inNamespace(ns).withName("d1").delete();
      client.services().inNamespace(ns).withName("d2").edit(s -> {
        s.getSpec().getSelector().put("app.kubernetes.io/instance", "hijacked");
        return s;
      });
      client.network().v1().ingresses().inNamespace(ns).withName("d2").edit(i -> {
        i.getSpec().getRules().get(0).getHttp().getPaths().get(0).setPath("/hijacked/");
        return i;
      });
      client.apps().statefulSets().inNamespace(ns).withName("d3").edit(s -> {
        s.getSpec().setReplicas(0);
        return s;
      });
      Map<String, BooleanSupplier> checks = new LinkedHashMap<>();
      checks.put("deletedService", () -> client.services().inNamespace(ns).withName("d1").get() != null);
      checks.put("deletedNetworkPolicy",
          () -> client.network().v1().networkPolicies().inNamespace(ns).withName("d1").get() != null);
      checks.put("editedServiceSelector", () -> {
        Service s = client.services().inNamespace(ns).withName("d2").get();
        return s != null && "d2".equals(s.getSpec().getSelector().get("app.kubernetes.io/instance"));
      });
      checks.put("editedIngressPath", () -> Objects.equals(ingressPath, ingressPath(ns, "d2")));
      checks.put("scaledDownStatefulSet", () -> {
        StatefulSet s = client.apps().statefulSets().inNamespace(ns).withName("d3").get();
        return s != null && Integer.valueOf(1).equals(s.getSpec().getReplicas());
      });
      checks.put("allRunningAgain", () -> env.allRunning(expected));
      Map<String, Double> seconds = awaitEach(checks, Duration.ofSeconds(60));
      figures.put("revertSeconds", seconds);
      return seconds.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
    });
  }

  private String ingressPath(String ns, String name) {
    Ingress i = client.network().v1().ingresses().inNamespace(ns).withName(name).get();
    return i == null ? null : i.getSpec().getRules().get(0).getHttp().getPaths().get(0).getPath();
  }

  // ---- node loss ---------------------------------------------------------------------------------------------

  /**
   * A fake node with Running workspaces is deleted: the pods are rescheduled, and meanwhile (the pod garbage
   * collector leaves a vanished node's pods for about 40 s) every affected workspace's status must say NodeLost.
   */
  public CaseResult nodeLoss(int workspaces) {
    return run("node-loss", Duration.ofSeconds(180), (expected, figures) -> {
      String ns = team("nodes", workspaces);
      for (int i = 1; i <= workspaces; i++) {
        expected.add(env.workspace(ns, "n" + i, CLASS));
      }
      FaultEnvironment.await("workspaces Running: " + env.notRunning(expected), Duration.ofSeconds(300),
          () -> env.allRunning(expected));
      List<Pod> pods = workspacePods(ns);
      String nodeName = pods.get(0).getSpec().getNodeName();
      Set<String> affected = new TreeSet<>();
      pods.stream().filter(p -> nodeName.equals(p.getSpec().getNodeName()))
          .forEach(p -> affected.add(ns + "/" + p.getMetadata().getLabels().get(Air9.LABEL_WORKSPACE)));
      Node node = client.nodes().withName(nodeName).get();
      figures.put("node", nodeName);
      figures.put("affectedWorkspaces", affected.size());
      long t0 = System.nanoTime();
      client.nodes().withName(nodeName).delete();
      Set<String> seen = new LinkedHashSet<>();
      Map<String, Double> nodeLostAfter = new TreeMap<>();
      try {
        double s = FaultEnvironment.await("pods of " + affected + " Running on other nodes", Duration.ofSeconds(300),
            () -> {
              recordStatuses(affected, seen, nodeLostAfter, t0);
              return affected.stream().allMatch(k -> rescheduled(k, nodeName)) && env.allRunning(expected);
            });
        figures.put("secondsToRescheduled", s);
        figures.put("secondsToNodeLost", nodeLostAfter);
        Set<String> silent = new TreeSet<>(affected);
        silent.removeAll(nodeLostAfter.keySet());
        if (!silent.isEmpty()) {
          throw new FaultCaseFailure("the status of " + silent + " never said " + NODE_LOST
              + " while its node was gone; seen: " + seen);
        }
        return s;
      } finally {
        figures.put("statusesSeen", List.copyOf(seen));
        restore(node);
      }
    });
  }

  private List<Pod> workspacePods(String ns) {
    return client.pods().inNamespace(ns).withLabel(COMPONENT, "workspace").list().getItems().stream()
        .filter(p -> p.getSpec().getNodeName() != null).toList();
  }

  private boolean rescheduled(String key, String lostNode) {
    String[] parts = key.split("/");
    return client.pods().inNamespace(parts[0]).withLabel(Air9.LABEL_WORKSPACE, parts[1])
        .withLabel(COMPONENT, "workspace").list().getItems().stream()
        .anyMatch(p -> p.getMetadata().getDeletionTimestamp() == null && p.getSpec().getNodeName() != null
            && !lostNode.equals(p.getSpec().getNodeName()) && p.getStatus() != null
            && "Running".equals(p.getStatus().getPhase()));
  }

  /** Records each status seen, and when each workspace first said NodeLost (seconds after {@code t0}). */
  private void recordStatuses(Set<String> keys, Set<String> seen, Map<String, Double> nodeLostAfter, long t0) {
    for (String key : keys) {
      String[] parts = key.split("/");
      Workspace w = client.resources(Workspace.class).inNamespace(parts[0]).withName(parts[1]).get();
      if (w != null && w.getStatus() != null) {
        var ready = w.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType())).findFirst();
        seen.add(w.getStatus().getPhase() + " (Ready " + ready.map(c -> c.getStatus() + " " + c.getReason() + ": "
            + c.getMessage()).orElse("") + ")");
        if (ready.filter(c -> NODE_LOST.equals(c.getReason())).isPresent()) {
          nodeLostAfter.putIfAbsent(key, (System.nanoTime() - t0) / 1e9);
        }
      }
    }
  }

  /** Puts the lost node back, as a replacement machine joining would. */
  private void restore(Node node) {
    node.getMetadata().setResourceVersion(null);
    node.getMetadata().setUid(null);
    node.getMetadata().setCreationTimestamp(null);
    node.getMetadata().setManagedFields(null);
    node.setStatus(null);
    client.nodes().withName(node.getMetadata().getName()).waitUntilCondition(Objects::isNull, 60, TimeUnit.SECONDS);
    client.resource(node).create();
  }

  // ---- team deletion -----------------------------------------------------------------------------------------

  /** A team with Running workspaces is deleted: its namespace, pods, claims and volumes all go. */
  public CaseResult teamDeletion(int workspaces) {
    return run("team-deletion", Duration.ofSeconds(120), (expected, figures) -> {
      String ns = team("doomed", workspaces);
      Set<String> doomed = new TreeSet<>();
      for (int i = 1; i <= workspaces; i++) {
        doomed.add(env.workspace(ns, "t" + i, CLASS));
      }
      FaultEnvironment.await("workspaces Running: " + env.notRunning(doomed), Duration.ofSeconds(300),
          () -> env.allRunning(doomed));
      figures.put("volumes", volumesOf(ns).size());
      client.resources(Team.class).withName("doomed").delete();
      Map<String, BooleanSupplier> checks = new LinkedHashMap<>();
      checks.put("workspacesGone", () -> client.resources(Workspace.class).inNamespace(ns).list().getItems().isEmpty());
      checks.put("podsGone", () -> client.pods().inNamespace(ns).list().getItems().isEmpty());
      checks.put("namespaceGone", () -> client.namespaces().withName(ns).get() == null);
      checks.put("volumesGone", () -> volumesOf(ns).isEmpty());
      checks.put("teamGone", () -> client.resources(Team.class).withName("doomed").get() == null);
      Map<String, Double> seconds = awaitEach(checks, Duration.ofSeconds(120));
      figures.put("removedAfterSeconds", seconds);
      return seconds.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
    });
  }

  private List<String> volumesOf(String ns) {
    return client.persistentVolumes().list().getItems().stream()
        .filter(pv -> pv.getSpec().getClaimRef() != null && ns.equals(pv.getSpec().getClaimRef().getNamespace()))
        .map(pv -> pv.getMetadata().getName()).toList();
  }

  // ---- leader failover ---------------------------------------------------------------------------------------

  /**
   * Two operators: the leader is killed (SIGKILL: the Lease must expire), then the new leader is stopped (SIGTERM:
   * it releases the Lease). Each handover is timed, and a workspace created right after must still start.
   */
  public CaseResult leaderFailover() {
    return run("leader-failover", Duration.ofSeconds(60), (expected, figures) -> {
      String ns = team("failover", 4);
      ensureReplicas(2);
      double afterKill = handover(figures, "Sigkill", JavaProcess::kill);
      String first = env.workspace(ns, "after-kill", CLASS);
      expected.add(first);
      double reconcile = FaultEnvironment.await("a workspace created after the kill Running", Duration.ofSeconds(60),
          () -> env.allRunning(Set.of(first)));
      figures.put("runningAfterHandoverSeconds", reconcile);
      ensureReplicas(2);
      double afterTerm = handover(figures, "Sigterm", JavaProcess::terminate);
      String second = env.workspace(ns, "after-term", CLASS);
      expected.add(second);
      FaultEnvironment.await("a workspace created after the SIGTERM Running", Duration.ofSeconds(60),
          () -> env.allRunning(Set.of(second)));
      ensureReplicas(2);
      return Math.max(afterKill + reconcile, afterTerm);
    });
  }

  private double handover(Map<String, Object> figures, String how, Consumer<JavaProcess> stop) {
    FaultEnvironment.await("a leader", Duration.ofSeconds(60), () -> env.leader().isPresent());
    JavaProcess leader = env.leader().orElseThrow();
    String holder = env.leaseHolder().orElseThrow();
    long t0 = System.nanoTime();
    stop.accept(leader);
    double seconds = FaultEnvironment.await("another operator to lead", Duration.ofSeconds(60),
        () -> env.leaseHolder().filter(h -> !h.equals(holder)).isPresent());
    figures.put("handoverAfter" + how + "Seconds", seconds);
    if (leader.awaitExit(Duration.ofSeconds(20)).isEmpty()) {
      throw new FaultCaseFailure("the old leader still runs 20 s after " + how);
    }
    figures.put("exitAfter" + how + "Seconds", Math.min(seconds, (System.nanoTime() - t0) / 1e9));
    return seconds;
  }

  private void ensureReplicas(int replicas) {
    while (env.operators().size() < replicas) {
      env.startOperator();
    }
    env.operators().forEach(o -> o.awaitReady(FaultEnvironment.READY_BOUND));
  }

  // ---- control-plane restarts -------------------------------------------------------------------------------

  /**
   * kube-apiserver or etcd crashes and restarts under Running workspaces. Afterwards the operator's watches must
   * work again: a workspace created after the restart starts, and a Service deleted after it is put back.
   */
  public CaseResult controlPlaneRestart(String component, int workspaces) {
    return run(component + "-restart", Duration.ofSeconds(120), (expected, figures) -> {
      ControlPlane controlPlane = new ControlPlane(env.cluster().kubeconfig());
      if (!controlPlane.available()) {
        throw new FaultCaseFailure("not a kwokctl binary-runtime cluster: cannot restart " + component);
      }
      String ns = team(component.replace("kube-", "") + "-restart", workspaces + 1);
      for (int i = 1; i <= workspaces; i++) {
        expected.add(env.workspace(ns, "c" + i, CLASS));
      }
      FaultEnvironment.await("workspaces Running: " + env.notRunning(expected), Duration.ofSeconds(300),
          () -> env.allRunning(expected));
      long t0 = System.nanoTime();
      controlPlane.crashAndRestart(component);
      FaultEnvironment.await("the API server to answer again", Duration.ofSeconds(120), () -> {
        try {
          return "ok".equals(client.raw(client.getMasterUrl() + "readyz"));
        } catch (RuntimeException down) {
          return false;
        }
      });
      figures.put("apiUnavailableSeconds", (System.nanoTime() - t0) / 1e9);
      String after = ns + "/after-restart";
      FaultEnvironment.await("the workspace created after the restart accepted", Duration.ofSeconds(60), () -> {
        try {
          env.workspace(ns, "after-restart", CLASS);
          return true;
        } catch (KubernetesClientException notYet) {
          return false;
        }
      });
      expected.add(after);
      client.services().inNamespace(ns).withName("c1").delete();
      Map<String, BooleanSupplier> checks = new LinkedHashMap<>();
      checks.put("deletedServiceRestored", () -> client.services().inNamespace(ns).withName("c1").get() != null);
      checks.put("newWorkspaceRunning", () -> env.allRunning(Set.of(after)));
      checks.put("allRunning", () -> env.allRunning(expected));
      Map<String, Double> seconds = awaitEach(checks, Duration.ofSeconds(120));
      figures.put("afterRestartSeconds", seconds);
      return (System.nanoTime() - t0) / 1e9;
    });
  }

  // ---- operator SIGKILL during a burst -----------------------------------------------------------------------

  /** A burst of workspaces while the leading operator is SIGKILLed {@code kills} times, each one replaced. */
  public CaseResult operatorKills(int workspaces, int kills) {
    Duration bound = Duration.ofSeconds(120 + workspaces / 2);
    return run("operator-sigkill", bound, (expected, figures) -> {
      ensureReplicas(2);
      List<String> namespaces = new ArrayList<>();
      int teams = (workspaces + 99) / 100;
      for (int t = 1; t <= teams; t++) {
        namespaces.add(team("burst-" + t, (workspaces + teams - 1) / teams));
      }
      Instant start = Instant.now();
      for (int i = 0; i < workspaces; i++) {
        expected.add(env.workspace(namespaces.get(i % teams), "b" + (i + 1), CLASS));
      }
      int done = 0;
      long lastKill = System.nanoTime();
      List<Double> leaderAfter = new ArrayList<>();
      for (int k = 0; k < kills && !env.allRunning(expected); k++) {
        // After a kill the standby leads once the Lease expires, or, when the standby was itself the replacement of
        // the previous kill, once its JVM has started (minutes on a loaded machine): bounded like a start.
        leaderAfter.add(FaultEnvironment.await("a leader to kill", FaultEnvironment.READY_BOUND,
            () -> env.leader().isPresent()));
        JavaProcess leader = env.leader().orElseThrow();
        leader.kill();
        leader.awaitExit(Duration.ofSeconds(30)); // so that the next kill finds the next leader, not this one
        lastKill = System.nanoTime();
        done++;
        env.startOperator(); // the Deployment's replacement
        progress.accept("[operator-sigkill] kill " + done + "/" + kills + "; Running "
            + env.phases().values().stream().filter(p -> p == io.air9.platform.model.WorkspacePhase.Running).count()
            + "/" + workspaces);
      }
      figures.put("kills", done);
      figures.put("secondsWaitingForALeaderBeforeEachKill", leaderAfter);
      FaultEnvironment.await("all workspaces Running", bound, () -> env.allRunning(expected));
      double fromLastKill = (System.nanoTime() - lastKill) / 1e9;
      figures.put("secondsFromLastKillToAllRunning", fromLastKill);
      figures.put("secondsToAllRunning", Duration.between(start, Instant.now()).toMillis() / 1000.0);
      ensureReplicas(2);
      return fromLastKill;
    });
  }

  // ---- helpers -----------------------------------------------------------------------------------------------

  /** Waits until every check holds (each once is enough); the seconds at which each first held. */
  static Map<String, Double> awaitEach(Map<String, BooleanSupplier> checks, Duration bound) {
    Map<String, Double> seconds = new LinkedHashMap<>();
    long t0 = System.nanoTime();
    FaultEnvironment.await("checks " + checks.keySet() + " (held: " + seconds.keySet() + ")", bound, () -> {
      checks.forEach((name, check) -> {
        if (!seconds.containsKey(name) && check.getAsBoolean()) {
          seconds.put(name, (System.nanoTime() - t0) / 1e9);
        }
      });
      return seconds.size() == checks.size();
    });
    return seconds;
  }
}
