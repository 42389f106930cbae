package io.air9.platform.model.capacity;

import io.air9.platform.model.WorkspaceClassSpec;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Map;

/**
 * Where a pod may go, as the scheduler's filters decide it: the node's taints with effect NoSchedule or NoExecute
 * must be tolerated, its labels must match the nodeSelector and one of the required node-affinity terms (none: any
 * node).
 */
public record Placement(Map<String, String> nodeSelector, List<Toleration> tolerations,
    List<NodeSelectorTerm> requiredTerms) {

  /** No selector, no toleration, no affinity: any untainted node. */
  public static final Placement ANY = new Placement(Map.of(), List.of(), List.of());

  public Placement {
    nodeSelector = nodeSelector == null ? Map.of() : Map.copyOf(nodeSelector);
    tolerations = tolerations == null ? List.of() : List.copyOf(tolerations);
    requiredTerms = requiredTerms == null ? List.of() : List.copyOf(requiredTerms);
  }

  /** Where a workspace of this class may run (the class's nodeSelector and tolerations, as its pod gets them). */
  public static Placement of(WorkspaceClassSpec cls) {
    return cls == null ? ANY : new Placement(cls.getNodeSelector(), cls.getTolerations(), List.of());
  }

  /** Where a pod of this spec may run. */
  public static Placement of(PodSpec spec) {
    List<NodeSelectorTerm> terms = spec.getAffinity() == null || spec.getAffinity().getNodeAffinity() == null
        || spec.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() == null
        ? List.of()
        : spec.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
            .getNodeSelectorTerms();
    return new Placement(spec.getNodeSelector(), spec.getTolerations(), terms);
  }

  /** Whether the scheduler's taint, selector and affinity filters let the pod onto this node. */
  public boolean allows(NodeRoom node) {
    for (Taint t : node.taints()) {
      boolean repels = "NoSchedule".equals(t.getEffect()) || "NoExecute".equals(t.getEffect());
      if (repels && tolerations.stream().noneMatch(tol -> tolerates(tol, t))) {
        return false;
      }
    }
    for (Map.Entry<String, String> e : nodeSelector.entrySet()) {
      if (!e.getValue().equals(node.labels().get(e.getKey()))) {
        return false;
      }
    }
    return requiredTerms.isEmpty() || requiredTerms.stream().anyMatch(term -> matches(term, node));
  }

  static boolean tolerates(Toleration tol, Taint taint) {
    if (tol.getEffect() != null && !tol.getEffect().isEmpty() && !tol.getEffect().equals(taint.getEffect())) {
      return false;
    }
    if (tol.getKey() == null || tol.getKey().isEmpty()) {
      return "Exists".equals(tol.getOperator());
    }
    if (!tol.getKey().equals(taint.getKey())) {
      return false;
    }
    return "Exists".equals(tol.getOperator())
        || java.util.Objects.equals(nullToEmpty(tol.getValue()), nullToEmpty(taint.getValue()));
  }

  private static boolean matches(NodeSelectorTerm term, NodeRoom node) {
    List<NodeSelectorRequirement> expressions = term.getMatchExpressions() == null ? List.of()
        : term.getMatchExpressions();
    List<NodeSelectorRequirement> fields = term.getMatchFields() == null ? List.of() : term.getMatchFields();
    if (expressions.isEmpty() && fields.isEmpty()) {
      return false; // an empty term matches no node
    }
    return expressions.stream().allMatch(r -> matches(r, node.labels().get(r.getKey())))
        && fields.stream().allMatch(r -> matches(r, "metadata.name".equals(r.getKey()) ? node.name() : null));
  }

  private static boolean matches(NodeSelectorRequirement r, String value) {
    List<String> values = r.getValues() == null ? List.of() : r.getValues();
    return switch (r.getOperator()) {
      case "In" -> value != null && values.contains(value);
      case "NotIn" -> value == null || !values.contains(value);
      case "Exists" -> value != null;
      case "DoesNotExist" -> value == null;
      case "Gt", "Lt" -> value != null && !values.isEmpty() && compare(value, values.get(0), r.getOperator());
      default -> false;
    };
  }

  private static boolean compare(String value, String bound, String operator) {
    try {
      long v = Long.parseLong(value);
      long b = Long.parseLong(bound);
      return "Gt".equals(operator) ? v > b : v < b;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
