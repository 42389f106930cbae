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

  public ApiException(HttpStatus status, String title, String detail) {
    this(status, title, detail, List.of());
  }

  public ApiException(HttpStatus status, String title, String detail, List<FieldError> errors) {
    super(detail);
    this.status = status;
    this.title = title;
    this.errors = List.copyOf(errors);
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
}
