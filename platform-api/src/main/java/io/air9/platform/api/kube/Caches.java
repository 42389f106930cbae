package io.air9.platform.api.kube;

import io.air9.platform.model.Air9;
import io.air9.platform.model.Team;
import io.air9.platform.model.Workspace;
import io.air9.platform.model.WorkspaceClass;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The informer caches every read of the API is served from. They start at boot without blocking; readiness
 * waits until they have synced (see {@link KubernetesHealthIndicator}).
 */
@Component
public class Caches implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(Caches.class);

  private final SharedIndexInformer<Workspace> workspaces;
  private final SortedStore<Workspace> workspaceStore = new SortedStore<>();
  private final SharedIndexInformer<Team> teams;
  private final SharedIndexInformer<WorkspaceClass> classes;
  private final SharedIndexInformer<Secret> connections;
  private final SharedIndexInformer<Node> nodes;
  private final SharedIndexInformer<Pod> pods;

  public Caches(KubernetesClient client) {
    // Each team's workspaces kept sorted by name as the informer applies events (lists of 5000 are not sorted per
    // request).
    this.workspaces = client.resources(Workspace.class).inAnyNamespace().runnableInformer(0)
        .itemStore(workspaceStore);
    this.teams = client.resources(Team.class).runnableInformer(0);
    this.classes = client.resources(WorkspaceClass.class).runnableInformer(0);
    // Only data-connection Secrets: the API never caches (or sees) other Secrets.
    this.connections = client.secrets().inAnyNamespace().withLabel(Air9.LABEL_CONNECTION_TYPE).runnableInformer(0);
    this.nodes = client.nodes().runnableInformer(0);
    // Every pod, as the operator's queue sees them: a pod not scheduled yet holds room in its team's quota (as the
    // ResourceQuota counts it) but on no node (NodeRoom.bound).
    this.pods = client.pods().inAnyNamespace().runnableInformer(0);
    // Keep retrying (for example until the CRDs are installed); readiness reports down meanwhile.
    all().forEach(i -> i.exceptionHandler((started, t) -> true));
    all().forEach(i -> i.start().whenComplete((v, e) -> {
      if (e != null) {
        log.warn("informer failed to start: {}", e.toString());
      }
    }));
  }

  private Stream<SharedIndexInformer<?>> all() {
    return Stream.of(workspaces, teams, classes, connections, nodes, pods);
  }

  /** Whether every informer has listed its resources at least once and is watching. */
  public boolean synced() {
    return all().allMatch(i -> i.hasSynced() && i.isWatching());
  }

  public SharedIndexInformer<Workspace> workspaceInformer() {
    return workspaces;
  }

  /** The namespace's workspaces sorted by name: an immutable list, built once per change of the namespace. */
  public List<Workspace> workspaces(String namespace) {
    return workspaceStore.sorted(namespace);
  }

  public List<Workspace> allWorkspaces() {
    return sorted(workspaces.getStore().list());
  }

  public Optional<Workspace> workspace(String namespace, String name) {
    return Optional.ofNullable(workspaces.getStore().getByKey(namespace + "/" + name));
  }

  public List<Team> teams() {
    return sorted(teams.getStore().list());
  }

  public Optional<Team> team(String name) {
    return Optional.ofNullable(teams.getStore().getByKey(name));
  }

  public List<WorkspaceClass> classes() {
    return sorted(classes.getStore().list());
  }

  public Optional<WorkspaceClass> workspaceClass(String name) {
    return name == null ? Optional.empty() : Optional.ofNullable(classes.getStore().getByKey(name));
  }

  public List<Secret> connections(String namespace) {
    return byNamespace(connections, namespace);
  }

  public List<Node> nodes() {
    return sorted(nodes.getStore().list());
  }

  public List<Pod> pods() {
    return pods.getStore().list();
  }

  private static <T extends HasMetadata> List<T> byNamespace(SharedIndexInformer<T> informer, String namespace) {
    return sorted(informer.getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace));
  }

  private static <T extends HasMetadata> List<T> sorted(List<T> items) {
    return items.stream().sorted(Comparator.comparing(r -> r.getMetadata().getName())).toList();
  }

  @Override
  public void destroy() {
    all().forEach(SharedIndexInformer::close);
  }
}
