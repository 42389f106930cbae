package io.air9.platform.api.cluster;

import io.air9.platform.api.common.Quantities;
import io.air9.platform.api.security.CurrentUser;
import io.air9.platform.model.capacity.Amounts;
import io.air9.platform.model.capacity.NodeRoom;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigDecimal;
import java.util.List;
import java.util.function.Function;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Cluster capacity for the admin console: per node, allocatable against requested CPU, memory and GPUs. Node names
 * and each node's free room are for platform admins; everyone else learns what matters to them from the fit check.
 */
@RestController
@Tag(name = "cluster")
class CapacityController {

  /** Allocatable and requested of one resource. */
  record Amount(String allocatable, String requested) {}

  /** One node; {@code schedulable} is false when it is cordoned. */
  record NodeView(String name, boolean ready, boolean schedulable, Amount cpu, Amount memory, Amount gpu) {}

  /** All nodes and their totals. */
  record Capacity(List<NodeView> nodes, Amount cpu, Amount memory, Amount gpu) {}

  private final ClusterCapacity capacity;

  CapacityController(ClusterCapacity capacity) {
    this.capacity = capacity;
  }

  @Operation(summary = "Cluster capacity per node: allocatable vs requested CPU, memory and GPUs (platform admins)",
      description = "Node names and each node's free room are for platform admins (403 problem otherwise); users "
          + "ask the fit check (POST /api/v1/teams/{team}/workspace-fit) whether a workspace fits.")
  @GetMapping("/api/v1/cluster/capacity")
  Capacity capacity(CurrentUser user) {
    user.requirePlatformAdmin("see the cluster's capacity per node");
    List<NodeRoom> nodes = capacity.nodes();
    Amounts allocatable = nodes.stream().map(NodeRoom::allocatable).reduce(Amounts.ZERO, Amounts::plus);
    Amounts requested = nodes.stream().map(NodeRoom::requested).reduce(Amounts.ZERO, Amounts::plus);
    return new Capacity(
        nodes.stream().map(n -> new NodeView(n.name(), n.ready(), n.schedulable(), amount(n.allocatable(), n.requested(), Amounts::cpu),
            amount(n.allocatable(), n.requested(), Amounts::memory),
            amount(n.allocatable(), n.requested(), Amounts::gpu))).toList(),
        amount(allocatable, requested, Amounts::cpu), amount(allocatable, requested, Amounts::memory),
        amount(allocatable, requested, Amounts::gpu));
  }

  private static Amount amount(Amounts allocatable, Amounts requested, Function<Amounts, BigDecimal> resource) {
    return new Amount(Quantities.fromAmount(resource.apply(allocatable)),
        Quantities.fromAmount(resource.apply(requested)));
  }
}
