package io.air9.platform.api.cluster;

import io.air9.platform.api.kube.Caches;
import io.air9.platform.model.capacity.Amounts;
import io.air9.platform.model.capacity.NodeRoom;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * The cluster's capacity from the informer caches: per node, allocatable against what the pods bound to it request
 * (pods that ended do not count), computed by platform-model's {@link NodeRoom}, the same code as the operator's
 * admission. The capacity view and the fit check use it.
 */
@Service
public class ClusterCapacity {

  /** A pod bound to a node and what it requests. */
  public record BoundPod(String namespace, String name, Map<String, String> labels, String node, Amounts requests) {}

  private final Caches caches;

  public ClusterCapacity(Caches caches) {
    this.caches = caches;
  }

  /** Pods bound to a node that have not ended. */
  public List<BoundPod> boundPods() {
    return caches.pods().stream().filter(NodeRoom::bound)
        .map(ClusterCapacity::bound).toList();
  }

  private static BoundPod bound(Pod p) {
    return new BoundPod(p.getMetadata().getNamespace(), p.getMetadata().getName(),
        p.getMetadata().getLabels() == null ? Map.of() : p.getMetadata().getLabels(), p.getSpec().getNodeName(),
        NodeRoom.requests(p));
  }

  /** Every node, sorted by name. */
  public List<NodeRoom> nodes() {
    return NodeRoom.of(caches.nodes(), caches.pods());
  }
}
