package io.air9.platform.model.capacity;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One node as capacity: whether new pods may go there, its labels and taints (for a pod's {@link Placement}), what it
 * offers (allocatable) and what the pods bound to it request. Pods that ended hold nothing.
 */
public record NodeRoom(String name, boolean ready, boolean schedulable, Map<String, String> labels,
    List<Taint> taints, Amounts allocatable, Amounts requested) {

  /** What is left for new pods. */
  public Amounts free() {
    return allocatable.minus(requested);
  }

  /** Ready and not cordoned: new pods may be scheduled here. */
  public boolean open() {
    return ready && schedulable;
  }

  /** Every node with what its bound pods request, sorted by name. */
  public static List<NodeRoom> of(Collection<Node> nodes, Collection<Pod> pods) {
    return of(nodes, pods, NodeRoom::requests);
  }

  /** As {@link #of(Collection, Collection)}, with each pod's requests from {@code requests} (e.g. remembered). */
  public static List<NodeRoom> of(Collection<Node> nodes, Collection<Pod> pods, Function<Pod, Amounts> requests) {
    Map<String, Amounts> requested = new HashMap<>();
    for (Pod pod : pods) {
      if (bound(pod)) {
        requested.merge(pod.getSpec().getNodeName(), requests.apply(pod), Amounts::plus);
      }
    }
    return nodes.stream().map(n -> of(n, requested.getOrDefault(n.getMetadata().getName(), Amounts.ZERO)))
        .sorted(Comparator.comparing(NodeRoom::name)).toList();
  }

  /** One node with what is requested of it. */
  public static NodeRoom of(Node n, Amounts requested) {
    boolean ready = n.getStatus() != null && n.getStatus().getConditions() != null && n.getStatus().getConditions()
        .stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    boolean schedulable = n.getSpec() == null || !Boolean.TRUE.equals(n.getSpec().getUnschedulable());
    return new NodeRoom(n.getMetadata().getName(), ready, schedulable,
        n.getMetadata().getLabels() == null ? Map.of() : n.getMetadata().getLabels(),
        n.getSpec() == null || n.getSpec().getTaints() == null ? List.of() : n.getSpec().getTaints(),
        Amounts.of(n.getStatus() == null ? null : n.getStatus().getAllocatable()), requested);
  }

  /** A pod that has not ended holds what it requests (on its node once bound, in its namespace's quota). */
  public static boolean holdsResources(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return pod.getSpec() != null && !"Succeeded".equals(phase) && !"Failed".equals(phase);
  }

  /** A pod that holds what it requests on a node: it has not ended and the scheduler has bound it. */
  public static boolean bound(Pod pod) {
    return holdsResources(pod) && pod.getSpec().getNodeName() != null && !pod.getSpec().getNodeName().isEmpty();
  }

  /** The sum of a pod's containers' requests. */
  public static Amounts requests(Pod pod) {
    Amounts sum = Amounts.ZERO;
    for (Container c : pod.getSpec().getContainers()) {
      if (c.getResources() != null) {
        sum = sum.plus(Amounts.of(c.getResources().getRequests()));
      }
    }
    return sum;
  }
}
