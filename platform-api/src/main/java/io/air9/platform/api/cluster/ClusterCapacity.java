package io.air9.platform.api.cluster;

import io.air9.platform.api.common.Quantities;
import io.air9.platform.api.kube.Caches;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * The cluster's capacity from the informer caches: per node, allocatable against what the pods bound to it request
 * (pods that ended do not count). The one place the API computes it: the capacity view and the fit check use it.
 */
@Service
public class ClusterCapacity {

  public static final String GPU = "nvidia.com/gpu";

  /** CPU (cores), memory (bytes) and GPUs. */
  public record Amounts(BigDecimal cpu, BigDecimal memory, BigDecimal gpu) {

    public static final Amounts ZERO = new Amounts(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);

    public Amounts plus(Amounts o) {
      return new Amounts(cpu.add(o.cpu), memory.add(o.memory), gpu.add(o.gpu));
    }

    public Amounts minus(Amounts o) {
      return new Amounts(cpu.subtract(o.cpu), memory.subtract(o.memory), gpu.subtract(o.gpu));
    }
  }

  /** One node: whether new pods can go there, what it offers and what is requested of it. */
  public record NodeCapacity(String name, boolean ready, boolean schedulable, Amounts allocatable,
      Amounts requested) {

    public Amounts free() {
      return allocatable.minus(requested);
    }
  }

  /** A pod bound to a node and what it requests. */
  public record BoundPod(String namespace, String name, Map<String, String> labels, String node, Amounts requests) {}

  private final Caches caches;

  public ClusterCapacity(Caches caches) {
    this.caches = caches;
  }

  /** Pods bound to a node that have not ended. */
  public List<BoundPod> boundPods() {
    return caches.pods().stream().filter(ClusterCapacity::holdsResources).map(p -> new BoundPod(
        p.getMetadata().getNamespace(), p.getMetadata().getName(),
        p.getMetadata().getLabels() == null ? Map.of() : p.getMetadata().getLabels(),
        p.getSpec().getNodeName(), requests(p))).toList();
  }

  /** Every node, sorted by name. */
  public List<NodeCapacity> nodes() {
    Map<String, Amounts> requested = new HashMap<>();
    for (BoundPod pod : boundPods()) {
      requested.merge(pod.node(), pod.requests(), Amounts::plus);
    }
    return caches.nodes().stream().map(n -> new NodeCapacity(n.getMetadata().getName(), ready(n),
        n.getSpec() == null || !Boolean.TRUE.equals(n.getSpec().getUnschedulable()), allocatable(n),
        requested.getOrDefault(n.getMetadata().getName(), Amounts.ZERO))).toList();
  }

  private static boolean holdsResources(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return pod.getSpec().getNodeName() != null && !"Succeeded".equals(phase) && !"Failed".equals(phase);
  }

  private static Amounts requests(Pod pod) {
    Map<String, BigDecimal> sum = new HashMap<>();
    for (Container c : pod.getSpec().getContainers()) {
      if (c.getResources() == null || c.getResources().getRequests() == null) {
        continue;
      }
      for (String r : List.of("cpu", "memory", GPU)) {
        sum.merge(r, Quantities.amount(c.getResources().getRequests().get(r)), BigDecimal::add);
      }
    }
    return amounts(sum::get);
  }

  private static Amounts allocatable(Node n) {
    Map<String, Quantity> alloc = n.getStatus() == null || n.getStatus().getAllocatable() == null ? Map.of()
        : n.getStatus().getAllocatable();
    return amounts(r -> Quantities.amount(alloc.get(r)));
  }

  private static Amounts amounts(java.util.function.Function<String, BigDecimal> of) {
    return new Amounts(orZero(of.apply("cpu")), orZero(of.apply("memory")), orZero(of.apply(GPU)));
  }

  private static BigDecimal orZero(BigDecimal b) {
    return b == null ? BigDecimal.ZERO : b;
  }

  private static boolean ready(Node n) {
    return n.getStatus() != null && n.getStatus().getConditions() != null && n.getStatus().getConditions().stream()
        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }
}
