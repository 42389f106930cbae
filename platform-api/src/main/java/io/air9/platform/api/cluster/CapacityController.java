package io.air9.platform.api.cluster;

import io.air9.platform.api.common.Quantities;
import io.air9.platform.api.kube.Caches;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Cluster capacity for the dashboard: per node, allocatable against requested CPU, memory and GPUs. */
@RestController
@Tag(name = "cluster")
class CapacityController {

  static final String GPU = "nvidia.com/gpu";

  /** Allocatable and requested of one resource. */
  record Amount(String allocatable, String requested) {}

  /** One node. */
  record NodeView(String name, boolean ready, Amount cpu, Amount memory, Amount gpu) {}

  /** All nodes and their totals. */
  record Capacity(List<NodeView> nodes, Amount cpu, Amount memory, Amount gpu) {}

  private final Caches caches;

  CapacityController(Caches caches) {
    this.caches = caches;
  }

  @Operation(summary = "Cluster capacity: nodes, allocatable vs requested, GPUs")
  @GetMapping("/api/v1/cluster/capacity")
  Capacity capacity() {
    Map<String, Map<String, BigDecimal>> requested = new HashMap<>();
    for (Pod pod : caches.pods()) {
      String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
      if (pod.getSpec().getNodeName() == null || "Succeeded".equals(phase) || "Failed".equals(phase)) {
        continue;
      }
      Map<String, BigDecimal> perNode = requested.computeIfAbsent(pod.getSpec().getNodeName(), k -> new HashMap<>());
      for (Container c : pod.getSpec().getContainers()) {
        if (c.getResources() == null || c.getResources().getRequests() == null) {
          continue;
        }
        for (String r : List.of("cpu", "memory", GPU)) {
          Quantity q = c.getResources().getRequests().get(r);
          perNode.merge(r, Quantities.amount(q), BigDecimal::add);
        }
      }
    }
    Map<String, BigDecimal[]> totals = new HashMap<>();
    List<NodeView> nodes = caches.nodes().stream().map(n -> {
      Map<String, BigDecimal> req = requested.getOrDefault(n.getMetadata().getName(), Map.of());
      return new NodeView(n.getMetadata().getName(), ready(n), amount(n, req, "cpu", totals),
          amount(n, req, "memory", totals), amount(n, req, GPU, totals));
    }).toList();
    return new Capacity(nodes, total(totals, "cpu"), total(totals, "memory"), total(totals, GPU));
  }

  private static boolean ready(Node n) {
    return n.getStatus() != null && n.getStatus().getConditions() != null && n.getStatus().getConditions().stream()
        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static Amount amount(Node n, Map<String, BigDecimal> requested, String resource,
      Map<String, BigDecimal[]> totals) {
    Map<String, Quantity> alloc = n.getStatus() == null ? null : n.getStatus().getAllocatable();
    BigDecimal a = Quantities.amount(alloc == null ? null : alloc.get(resource));
    BigDecimal r = requested.getOrDefault(resource, BigDecimal.ZERO);
    BigDecimal[] t = totals.computeIfAbsent(resource, k -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
    t[0] = t[0].add(a);
    t[1] = t[1].add(r);
    return new Amount(Quantities.fromAmount(a), Quantities.fromAmount(r));
  }

  private static Amount total(Map<String, BigDecimal[]> totals, String resource) {
    BigDecimal[] t = totals.getOrDefault(resource, new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
    return new Amount(Quantities.fromAmount(t[0]), Quantities.fromAmount(t[1]));
  }
}
