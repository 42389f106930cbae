package io.air9.platform.api.kube;

import io.air9.platform.api.problem.ApiException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Every write of the API, with the API's field manager. A first write is a real create, which the API server
 * refuses with 409 AlreadyExists when the name is taken, so of two concurrent creates exactly one wins. Later
 * writes are server-side apply; the resourceVersion in the applied object is a precondition the API server
 * enforces, so a stale write fails with 409 instead of overwriting.
 */
@Component
public class Writes {

  private static final Logger LOG = LoggerFactory.getLogger(Writes.class);
  /** Retry-After of a 503 when the API server named no delay. */
  static final int RETRY_AFTER_SECONDS = 1;

  private final KubernetesClient client;
  private final String fieldManager;

  public Writes(KubernetesClient client, KubernetesProperties properties) {
    this.client = client;
    this.fieldManager = properties.fieldManager();
  }

  /**
   * Creates the resource; never replaces one. A taken name is a 409 problem naming the {@code name} field.
   *
   * @param what the resource for a human, for example {@code workspace 'analysis'}
   */
  public <T extends HasMetadata> T create(T resource, String what) {
    try {
      return call(() -> client.resource(resource).create());
    } catch (ApiException e) {
      if (e.status() == HttpStatus.CONFLICT) {
        throw new ApiException(HttpStatus.CONFLICT, "Conflict", what + " already exists",
            List.of(new ApiException.FieldError("name", "already exists")));
      }
      throw e;
    }
  }

  /** Server-side apply of a change to an existing resource, based on the resourceVersion the resource carries. */
  public <T extends HasMetadata> T apply(T resource) {
    return call(() -> client.resource(resource).fieldManager(fieldManager).forceConflicts().serverSideApply());
  }

  /**
   * Sets annotations of an existing resource with a JSON merge patch under the API's field manager. Not an apply:
   * an apply without the spec would drop the spec fields this manager owns.
   */
  public <T extends HasMetadata> T annotate(Class<T> type, String namespace, String name,
      Map<String, String> annotations) {
    String patch = Serialization.asJson(Map.of("metadata", Map.of("annotations", annotations)));
    return call(() -> client.resources(type).inNamespace(namespace).withName(name)
        .patch(new PatchContext.Builder().withPatchType(PatchType.JSON_MERGE).withFieldManager(fieldManager).build(),
            patch));
  }

  /** Runs a Kubernetes call and turns its failures into problems the API reports. */
  public static <T> T call(Supplier<T> call) {
    try {
      return call.get();
    } catch (KubernetesClientException e) {
      throw translate(e);
    }
  }

  /**
   * A write based on the version just checked. When the object changed between the check and the write, the API
   * server refuses it (409); for a request with If-Match that is a failed precondition (412).
   */
  public static <T> T conditional(String ifMatch, Supplier<T> write) {
    try {
      return write.get();
    } catch (ApiException e) {
      if (ifMatch != null && e.status() == HttpStatus.CONFLICT) {
        throw new ApiException(HttpStatus.PRECONDITION_FAILED, "Precondition failed", e.getMessage());
      }
      throw e;
    }
  }

  static ApiException translate(KubernetesClientException e) {
    int code = e.getCode();
    String message = e.getStatus() != null && e.getStatus().getMessage() != null
        ? e.getStatus().getMessage() : "Kubernetes request failed";
    if (code == 409) {
      return new ApiException(HttpStatus.CONFLICT, "Conflict", message);
    }
    if (code == 404) {
      return new ApiException(HttpStatus.NOT_FOUND, "Not found", message);
    }
    if (code == 422 || code == 400) {
      List<ApiException.FieldError> fields = e.getStatus() == null || e.getStatus().getDetails() == null
          ? List.of()
          : e.getStatus().getDetails().getCauses().stream().map(Writes::field).toList();
      return new ApiException(HttpStatus.BAD_REQUEST, "Invalid request", message, fields);
    }
    if (code == 403) {
      return new ApiException(HttpStatus.BAD_GATEWAY, "Kubernetes refused the API", message);
    }
    // Anything else is Kubernetes not answering as it should: overloaded (429), failing (5xx: an etcd timeout, a
    // webhook down) or not reached (no HTTP status: connection refused or reset, no answer within the client's
    // request timeout). The Fabric8 client has already retried these with back-off; the cause is logged (the answer
    // names none), and the caller may send the same request again after Retry-After.
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    LOG.warn("Kubernetes call failed: HTTP {} {} ({}: {})", code,
        e.getStatus() == null || e.getStatus().getReason() == null ? "" : e.getStatus().getReason(),
        root.getClass().getName(), root.getMessage());
    Integer serverRetryAfter = e.getStatus() == null || e.getStatus().getDetails() == null ? null
        : e.getStatus().getDetails().getRetryAfterSeconds();
    int retryAfter = serverRetryAfter != null && serverRetryAfter > 0 ? serverRetryAfter : RETRY_AFTER_SECONDS;
    return ApiException.unavailable("Kubernetes unavailable", code == 0
        ? "The Kubernetes API could not be reached in time; retry in a moment"
        : "The Kubernetes API failed (HTTP " + code + "); retry in a moment", retryAfter);
  }

  private static ApiException.FieldError field(StatusCause cause) {
    return new ApiException.FieldError(cause.getField(), cause.getMessage());
  }
}
