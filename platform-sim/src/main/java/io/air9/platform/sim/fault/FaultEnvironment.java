package io.air9.platform.sim.fault;

import io.air9.platform.model.Air9;
import io.air9.platform.model.ComputeResources;
import io.air9.platform.model.Crds;
import io.air9.platform.model.Team;
import io.air9.platform.model.TeamMember;
import io.air9.platform.model.TeamQuota;
import io.air9.platform.model.TeamRole;
import io.air9.platform.model.Workspace;
import io.air9.platform.model.WorkspacePhase;
import io.air9.platform.sim.Workspaces;
import io.air9.platform.sim.cluster.KubernetesCluster;
import io.air9.platform.sim.junit.Waits;
import io.air9.platform.sim.process.JavaProcess;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * The world a fault case runs in: a cluster (loopback only), the runnable operator jar run as processes with leader
 * election on (as deployed: two replicas), and the steps cases share. Every wait is bounded.
 */
public final class FaultEnvironment implements AutoCloseable {

  static final String LEASE_NAMESPACE = "default";
  static final String LEASE_NAME = "air9-operator";
  static final String FIELD_MANAGER = "air9-faults";
  /** Spring Boot and the informers start in ~15 s on an idle machine, minutes on a loaded one. */
  static final Duration READY_BOUND = Duration.ofSeconds(600);

  private final KubernetesCluster cluster;
  private final KubernetesClient client;
  private final Path operatorJar;
  private final List<JavaProcess> operators = new ArrayList<>();
  private int operatorCount;

  public FaultEnvironment(KubernetesCluster cluster, KubernetesClient client, Path operatorJar) {
    this.cluster = cluster;
    this.client = client;
    this.operatorJar = operatorJar;
  }

  public KubernetesCluster cluster() {
    return cluster;
  }

  public KubernetesClient client() {
    return client;
  }

  /** CRDs, the default workspace classes, and {@code replicas} operators; returns when one leads. */
  public void prepare(Path repoRoot, int replicas) {
    Crds.install(client);
    cluster.kubectl().run("apply", "-k", repoRoot.resolve("deploy/classes").toString()).orThrow();
    // One after the other: two JVMs starting at once on a loaded machine take longer than in turn.
    for (int i = 0; i < replicas; i++) {
      startOperator().awaitReady(READY_BOUND);
    }
    await("an operator to lead", Duration.ofSeconds(60), () -> leader().isPresent());
  }

  /** Starts one more operator process (leader election on, exits on lost leadership, as deployed). */
  public JavaProcess startOperator() {
    JavaProcess p = JavaProcess.start("operator-" + (++operatorCount), operatorJar, List.of(
        "--air9.kubeconfig=" + cluster.kubeconfig(), "--air9.leader-election.namespace=" + LEASE_NAMESPACE,
        // The fault suite runs many workspaces on one machine: cheap logs.
        "--logging.level.io.javaoperatorsdk=WARN"));
    operators.add(p);
    return p;
  }

  public List<JavaProcess> operators() {
    operators.removeIf(p -> !p.isAlive());
    return List.copyOf(operators);
  }

  public Optional<String> leaseHolder() {
    Lease lease = client.leases().inNamespace(LEASE_NAMESPACE).withName(LEASE_NAME).get();
    return Optional.ofNullable(lease).map(Lease::getSpec).map(s -> s.getHolderIdentity()).filter(h -> !h.isBlank());
  }

  /** The operator process that holds the Lease (it logs "Leading as IDENTITY"). */
  public Optional<JavaProcess> leader() {
    return leaseHolder().flatMap(h -> operators().stream().filter(p -> p.log().contains("Leading as " + h))
        .findFirst());
  }

  /** A team with room for {@code workspaces} small workspaces; returns its namespace once pods can run there. */
  public String team(String name, int workspaces) {
    Team team = new Team();
    team.getMetadata().setName(name);
    team.getSpec().setDisplayName("Fault case " + name);
    team.getSpec().setMembers(List.of(new TeamMember("fault-user", TeamRole.ADMIN)));
    team.getSpec().setQuota(new TeamQuota(Integer.toString(workspaces + 20), (workspaces * 2 + 40) + "Gi", 0,
        (workspaces * 10 + 100) + "Gi", workspaces + 10));
    client.resource(team).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
    String ns = Air9.teamNamespace(name);
    client.namespaces().withName(ns).waitUntilCondition(n -> n != null && n.getStatus() != null
        && "Active".equals(n.getStatus().getPhase()), 120, TimeUnit.SECONDS);
    client.serviceAccounts().inNamespace(ns).withName("default").waitUntilCondition(sa -> sa != null, 60,
        TimeUnit.SECONDS);
    return ns;
  }

  /** Creates (server-side apply) a small workspace; returns its key "namespace/name". */
  public String workspace(String ns, String name, String workspaceClass) {
    Workspace ws = Workspaces.of(ns, name, workspaceClass, "fault-user", new ComputeResources("250m", "512Mi", 0));
    client.resource(ws).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
    return ns + "/" + name;
  }

  /** Phases of all workspaces by key. */
  public Map<String, WorkspacePhase> phases() {
    Map<String, WorkspacePhase> phases = new HashMap<>();
    for (Workspace w : client.resources(Workspace.class).inAnyNamespace().list().getItems()) {
      phases.put(w.getMetadata().getNamespace() + "/" + w.getMetadata().getName(),
          w.getStatus() == null ? null : w.getStatus().getPhase());
    }
    return phases;
  }

  /** True when every one of {@code keys} reports phase Running. */
  public boolean allRunning(Collection<String> keys) {
    Map<String, WorkspacePhase> phases = phases();
    return keys.stream().allMatch(k -> phases.get(k) == WorkspacePhase.Running);
  }

  public String notRunning(Collection<String> keys) {
    Map<String, WorkspacePhase> phases = phases();
    return keys.stream().filter(k -> phases.get(k) != WorkspacePhase.Running).limit(5)
        .map(k -> k + "=" + phases.get(k)).collect(Collectors.joining(", "));
  }

  /** Waits for {@code condition}; the seconds it took, or an error naming {@code what} after {@code bound}. */
  public static double await(String what, Duration bound, BooleanSupplier condition) {
    Instant start = Instant.now();
    Instant end = start.plus(bound);
    while (Instant.now().isBefore(end)) {
      if (condition.getAsBoolean()) {
        return Duration.between(start, Instant.now()).toMillis() / 1000.0;
      }
      Waits.sleep(250);
    }
    throw new FaultCaseFailure("not converged within " + bound.toSeconds() + " s: " + what);
  }

  /** Stops the operator processes this environment started (SIGTERM, then SIGKILL). */
  @Override
  public void close() {
    operators.forEach(JavaProcess::close);
    operators.clear();
  }

  /** A case's promise did not hold. */
  public static final class FaultCaseFailure extends RuntimeException {
    public FaultCaseFailure(String message) {
      super(message);
    }
  }
}
