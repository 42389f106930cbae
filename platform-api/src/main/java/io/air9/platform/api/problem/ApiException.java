package io.air9.platform.api.problem;

import java.util.List;
import org.springframework.http.HttpStatus;

/** A failure the API reports as an RFC 9457 problem, with the offending fields when there are any. */
public class ApiException extends RuntimeException {

  /** One invalid field of a request. */
  public record FieldError(String field, String message) {}

  private final HttpStatus status;
  private final String title;
  private final List<FieldError> errors;
  private final Integer retryAfterSeconds;

  public ApiException(HttpStatus status, String title, String detail) {
    this(status, title, detail, List.of());
  }

  public ApiException(HttpStatus status, String title, String detail, List<FieldError> errors) {
    this(status, title, detail, errors, null);
  }

  private ApiException(HttpStatus status, String title, String detail, List<FieldError> errors,
      Integer retryAfterSeconds) {
    super(detail);
    this.status = status;
    this.title = title;
    this.errors = List.copyOf(errors);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /**
   * 503: a passing condition (Kubernetes not reached or overloaded, caches still loading); the answer carries
   * {@code Retry-After}, and the same request may be sent again then. A write that carries If-Match (or a
   * resourceVersion) is applied at most once: if an attempt that timed out did reach Kubernetes after all, the repeat
   * is refused with 412 (409) instead of being applied twice.
   */
  public static ApiException unavailable(String title, String detail, int retryAfterSeconds) {
    return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, title, detail, List.of(), retryAfterSeconds);
  }

  public static ApiException notFound(String what) {
    return new ApiException(HttpStatus.NOT_FOUND, "Not found", what + " not found");
  }

  public static ApiException forbidden(String detail) {
    return new ApiException(HttpStatus.FORBIDDEN, "Forbidden", detail);
  }

  public static ApiException invalid(List<FieldError> errors) {
    return new ApiException(HttpStatus.BAD_REQUEST, "Invalid request",
        "The request has " + errors.size() + " invalid field(s)", errors);
  }

  public HttpStatus status() {
    return status;
  }

  public String title() {
    return title;
  }

  public List<FieldError> errors() {
    return errors;
  }

  /** Seconds for the {@code Retry-After} header; null for none. */
  public Integer retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
