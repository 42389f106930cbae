package io.air9.platform.operator.common;

import io.air9.platform.model.ReadableMessages;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.StatusDetails;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.AggregatedOperatorException;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The one place that turns an error into a message users may read (status conditions, Events): what was refused and
 * the API server's reason, never a stack trace, an exception class name or a URL. The full error belongs in the
 * operator's log. The shared last line of defence, {@link ReadableMessages#clean}, is applied to every message.
 */
public final class ErrorMessages {

  private static final String UNEXPECTED = "unexpected error in the operator; the operator's log has the details";

  private ErrorMessages() {}

  /** A readable message for any error of a reconcile. */
  public static String readable(Throwable error) {
    Set<String> parts = new LinkedHashSet<>();
    collect(error, parts);
    String message = parts.isEmpty() ? UNEXPECTED : String.join("; ", parts);
    return ReadableMessages.clean(message);
  }

  private static void collect(Throwable error, Set<String> parts) {
    if (error instanceof AggregatedOperatorException aggregated && aggregated.getAggregatedExceptions() != null
        && !aggregated.getAggregatedExceptions().isEmpty()) {
      // the map's keys are dependent class names: only the errors themselves are described
      aggregated.getAggregatedExceptions().values().forEach(e -> collect(e, parts));
      return;
    }
    KubernetesClientException k = find(error, KubernetesClientException.class);
    if (k != null) {
      parts.add(describe(k));
      return;
    }
    if (find(error, IOException.class) != null) {
      parts.add("the Kubernetes API server could not be reached; retrying");
      return;
    }
    parts.add(UNEXPECTED);
  }

  /** "the API server refused the PersistentVolumeClaim home-alice: spec.resources.requests.storage: Forbidden: ...". */
  static String describe(KubernetesClientException e) {
    Status status = e.getStatus();
    if (status == null || e.getCode() <= 0) {
      return find(e, IOException.class) != null || e.getCode() <= 0
          ? "the Kubernetes API server could not be reached; retrying" : "the Kubernetes API server answered " + e.getCode();
    }
    StatusDetails details = status.getDetails();
    String kind = details != null && details.getKind() != null ? humanKind(details.getKind()) : null;
    String name = details != null && details.getName() != null ? details.getName()
        : e.getName();
    String what = kind == null ? (name == null ? "a request" : name) : "the " + kind + (name == null ? "" : " " + name);
    String reason = reason(status, details);
    String verb = switch (e.getCode()) {
      case 409 -> "the API server reported a conflict on ";
      case 403 -> "the API server forbade ";
      case 404 -> "the API server did not find ";
      case 429, 500, 502, 503, 504 -> "the API server could not handle ";
      default -> "the API server refused ";
    };
    return verb + what + (reason.isEmpty() ? " (HTTP " + e.getCode() + ")" : ": " + reason);
  }

  /** The causes field by field, or the Status message without its leading "Kind \"name\" is invalid: ". */
  private static String reason(Status status, StatusDetails details) {
    List<StatusCause> causes = details == null || details.getCauses() == null ? List.of() : details.getCauses();
    List<String> described = causes.stream()
        .filter(c -> c.getMessage() != null && !c.getMessage().isBlank())
        .map(c -> c.getField() == null || c.getField().isBlank() ? c.getMessage() : c.getField() + ": " + c.getMessage())
        .distinct().toList();
    if (!described.isEmpty()) {
      return String.join(", ", described);
    }
    String message = status.getMessage() == null ? "" : status.getMessage();
    int invalid = message.indexOf(" is invalid: ");
    return invalid >= 0 ? message.substring(invalid + " is invalid: ".length()) : message;
  }

  /** PersistentVolumeClaim from "persistentvolumeclaims" or "PersistentVolumeClaim". */
  private static String humanKind(String kind) {
    return switch (kind) {
      case "persistentvolumeclaims" -> "PersistentVolumeClaim";
      case "statefulsets" -> "StatefulSet";
      case "services" -> "Service";
      case "serviceaccounts" -> "ServiceAccount";
      case "secrets" -> "Secret";
      case "ingresses" -> "Ingress";
      case "networkpolicies" -> "NetworkPolicy";
      case "roles" -> "Role";
      case "rolebindings" -> "RoleBinding";
      case "pods" -> "Pod";
      case "workspaces" -> "Workspace";
      default -> kind;
    };
  }

  private static <T extends Throwable> T find(Throwable error, Class<T> type) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }
}
