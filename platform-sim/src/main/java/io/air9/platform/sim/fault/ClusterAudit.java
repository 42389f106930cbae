package io.air9.platform.sim.fault;

import io.air9.platform.model.Air9;
import io.air9.platform.model.Team;
import io.air9.platform.model.Workspace;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * What every fault case checks afterwards: no workspace lost, no orphaned child (every resource of the platform, and
 * every pod and volume made for it, has a live owner), nothing duplicated (at most one live pod per workspace).
 */
public final class ClusterAudit {

  /** The label every child of the platform carries: app.kubernetes.io/part-of=air9. */
  static final String PART_OF = "app.kubernetes.io/part-of";
  static final String AIR9 = "air9";

  /**
   * @param lost expected workspaces (namespace/name) that no longer exist
   * @param orphans resources (Kind namespace/name) whose owner is gone, or that have none
   * @param duplicates workspaces with more than one live pod
   */
  public record Report(int workspaces, List<String> lost, List<String> orphans, List<String> duplicates) {
    public boolean clean() {
      return lost.isEmpty() && orphans.isEmpty() && duplicates.isEmpty();
    }

    @Override
    public String toString() {
      return workspaces + " workspaces, lost " + lost + ", orphans " + orphans + ", duplicates " + duplicates;
    }
  }

  private ClusterAudit() {}

  /**
   * Audits the given (team) namespaces, and the volumes claimed from them, against the workspaces that should exist
   * ("namespace/name").
   */
  public static Report audit(KubernetesClient client, Collection<String> namespaces, Collection<String> expected) {
    List<Workspace> workspaces = inNamespaces(namespaces,
        ns -> client.resources(Workspace.class).inNamespace(ns).list().getItems());
    Set<String> present = new HashSet<>();
    workspaces.forEach(w -> present.add(w.getMetadata().getNamespace() + "/" + w.getMetadata().getName()));
    List<String> lost = expected.stream().filter(e -> !present.contains(e)).sorted().toList();

    List<Pod> pods = inNamespaces(namespaces, ns -> client.pods().inNamespace(ns).list().getItems());
    // Live owners: anything a child of the platform can be owned by.
    Set<String> live = new HashSet<>();
    Stream.of(workspaces, client.resources(Team.class).list().getItems(),
            inNamespaces(namespaces, ns -> client.apps().statefulSets().inNamespace(ns).list().getItems()), pods)
        .flatMap(List::stream).filter(r -> r.getMetadata().getDeletionTimestamp() == null)
        .forEach(r -> live.add(r.getMetadata().getUid()));

    List<HasMetadata> children = new ArrayList<>();
    for (String ns : namespaces) {
      children.addAll(client.serviceAccounts().inNamespace(ns).withLabel(PART_OF, AIR9).list().getItems());
      children.addAll(client.secrets().inNamespace(ns).withLabel(PART_OF, AIR9).list().getItems());
      children.addAll(client.configMaps().inNamespace(ns).withLabel(PART_OF, AIR9).list().getItems());
      children.addAll(client.persistentVolumeClaims().inNamespace(ns).withLabel(PART_OF, AIR9).list().getItems());
      children.addAll(client.apps().statefulSets().inNamespace(ns).withLabel(PART_OF, AIR9).list().getItems());
      children.addAll(client.services().inNamespace(ns).withLabel(PART_OF, AIR9).list().getItems());
      children.addAll(client.network().v1().ingresses().inNamespace(ns).withLabel(PART_OF, AIR9).list().getItems());
      children.addAll(
          client.network().v1().networkPolicies().inNamespace(ns).withLabel(PART_OF, AIR9).list().getItems());
      children.addAll(client.rbac().roles().inNamespace(ns).withLabel(PART_OF, AIR9).list().getItems());
      children.addAll(client.rbac().roleBindings().inNamespace(ns).withLabel(PART_OF, AIR9).list().getItems());
    }
    namespaces.stream().map(ns -> client.namespaces().withName(ns).get()).filter(Objects::nonNull)
        .forEach(children::add);
    children.addAll(pods); // workspace pods (owned by their StatefulSet) and Spark executors (by the workspace pod)

    Set<String> orphans = new TreeSet<>();
    for (HasMetadata child : children) {
      if (child.getMetadata().getDeletionTimestamp() != null) {
        continue; // being deleted: the garbage collector is on it
      }
      List<OwnerReference> owners = child.getMetadata().getOwnerReferences();
      boolean owned = owners != null && !owners.isEmpty() && owners.stream().allMatch(o -> live.contains(o.getUid()));
      if (!owned) {
        orphans.add(describe(child));
      }
    }
    // Volumes: a bound or released PV of a team namespace needs its claim.
    Set<String> claims = new HashSet<>();
    inNamespaces(namespaces, ns -> client.persistentVolumeClaims().inNamespace(ns).list().getItems())
        .forEach(c -> claims.add(c.getMetadata().getUid()));
    for (PersistentVolume pv : client.persistentVolumes().list().getItems()) {
      var ref = pv.getSpec().getClaimRef();
      if (ref != null && namespaces.contains(ref.getNamespace()) && !claims.contains(ref.getUid())) {
        orphans.add("PersistentVolume " + pv.getMetadata().getName() + " (claim " + ref.getNamespace() + "/"
            + ref.getName() + " gone, " + (pv.getStatus() == null ? "?" : pv.getStatus().getPhase()) + ")");
      }
    }

    Map<String, Integer> livePods = new HashMap<>();
    for (Pod p : pods) {
      String ws = p.getMetadata().getLabels() == null ? null : p.getMetadata().getLabels().get(Air9.LABEL_WORKSPACE);
      if (ws != null && p.getMetadata().getDeletionTimestamp() == null
          && "workspace".equals(p.getMetadata().getLabels().get("app.kubernetes.io/component"))) {
        livePods.merge(p.getMetadata().getNamespace() + "/" + ws, 1, Integer::sum);
      }
    }
    List<String> duplicates = livePods.entrySet().stream().filter(e -> e.getValue() > 1)
        .map(e -> e.getKey() + " has " + e.getValue() + " pods").sorted().toList();
    return new Report(workspaces.size(), lost, List.copyOf(orphans), duplicates);
  }

  private static <T> List<T> inNamespaces(Collection<String> namespaces, Function<String, List<T>> list) {
    return namespaces.stream().flatMap(ns -> list.apply(ns).stream()).toList();
  }

  private static String describe(HasMetadata r) {
    String ns = r.getMetadata().getNamespace() == null ? "" : r.getMetadata().getNamespace() + "/";
    return (r.getKind() != null ? r.getKind() : r.getClass().getSimpleName()) + " " + ns
        + r.getMetadata().getName();
  }
}
