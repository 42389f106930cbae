package io.air9.platform.api.problem;

import io.air9.platform.model.ReadableMessages;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;

/**
 * The one place that turns every failure into an RFC 9457 problem: the API's own, Spring MVC's (404, 405,
 * 415, 400 binding) and Spring Security's (401, 403, which the security chain forwards here). Invalid fields
 * are named in the {@code errors} property. Every detail and field message passes through
 * {@link ReadableMessages#clean}, so no answer carries a stack trace, an exception class name or a URL, even when
 * it quotes the Kubernetes API server.
 */
@RestControllerAdvice
public class ApiExceptionHandler extends ResponseEntityExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);
  public static final String ERRORS = "errors";

  @ExceptionHandler(ApiException.class)
  ResponseEntity<Object> api(ApiException e, WebRequest request) {
    ProblemDetail body = ProblemDetail.forStatusAndDetail(e.status(), e.getMessage());
    body.setTitle(e.title());
    if (!e.errors().isEmpty()) {
      body.setProperty(ERRORS, e.errors().stream()
          .map(f -> new ApiException.FieldError(f.field(), ReadableMessages.clean(f.message()))).toList());
    }
    HttpHeaders headers = new HttpHeaders();
    if (e.retryAfterSeconds() != null) {
      headers.set(HttpHeaders.RETRY_AFTER, Integer.toString(e.retryAfterSeconds()));
    }
    return handleExceptionInternal(e, body, headers, e.status(), request);
  }

  @ExceptionHandler(AuthenticationException.class)
  ResponseEntity<Object> unauthenticated(AuthenticationException e, WebRequest request) {
    ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED,
        "A valid bearer token is required");
    body.setTitle("Unauthorized");
    HttpHeaders headers = new HttpHeaders();
    headers.set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
    return handleExceptionInternal(e, body, headers, HttpStatus.UNAUTHORIZED, request);
  }

  @ExceptionHandler(AccessDeniedException.class)
  ResponseEntity<Object> denied(AccessDeniedException e, WebRequest request) {
    ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, "Access denied");
    body.setTitle("Forbidden");
    return handleExceptionInternal(e, body, new HttpHeaders(), HttpStatus.FORBIDDEN, request);
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ResponseEntity<Object> typeMismatch(MethodArgumentTypeMismatchException e, WebRequest request) {
    return invalid(e, List.of(new ApiException.FieldError(e.getName(), "invalid value")), request);
  }

  /** Tomcat's refusal of an undecodable form or query; its message quotes the raw input, so it is not logged. */
  @ExceptionHandler(InvalidParameterException.class)
  ResponseEntity<Object> undecodableParameters(InvalidParameterException e, WebRequest request) {
    return invalid(e, List.of(new ApiException.FieldError("parameters", "cannot be decoded")), request);
  }

  /**
   * Anything else is a bug: 500 without internals. Messages can quote request data (credentials included), so
   * only the exception's type and origin are logged at ERROR; the full exception at DEBUG.
   */
  @ExceptionHandler(Exception.class)
  ResponseEntity<Object> unexpected(Exception e, WebRequest request) {
    StackTraceElement origin = e.getStackTrace().length > 0 ? e.getStackTrace()[0] : null;
    log.error("Unexpected error {} at {}", e.getClass().getName(), origin);
    log.debug("Unexpected error", e);
    ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR, "Unexpected error");
    return handleExceptionInternal(e, body, new HttpHeaders(), HttpStatus.INTERNAL_SERVER_ERROR, request);
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
      HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    String field = "body";
    Throwable cause = e.getCause();
    if (cause instanceof JacksonException je && !je.getPath().isEmpty()) {
      StringBuilder path = new StringBuilder();
      for (JacksonException.Reference ref : je.getPath()) {
        if (ref.getPropertyName() != null) {
          path.append(path.isEmpty() ? "" : ".").append(ref.getPropertyName());
        } else if (ref.getIndex() >= 0) {
          path.append('[').append(ref.getIndex()).append(']');
        }
      }
      field = path.toString();
    }
    return invalid(e, List.of(new ApiException.FieldError(field, "malformed or wrongly typed value")), request);
  }

  @Override
  protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e,
      HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    List<ApiException.FieldError> errors = e.getFieldErrors().stream()
        .map(f -> new ApiException.FieldError(f.getField(), f.getDefaultMessage())).toList();
    return invalid(e, errors, request);
  }

  @Override
  protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e,
      HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    List<ApiException.FieldError> errors = new ArrayList<>();
    for (ParameterValidationResult r : e.getParameterValidationResults()) {
      String name = r.getMethodParameter().getParameterName();
      r.getResolvableErrors().forEach(err -> errors.add(new ApiException.FieldError(name, err.getDefaultMessage())));
    }
    return invalid(e, errors, request);
  }

  private ResponseEntity<Object> invalid(Exception e, List<ApiException.FieldError> errors, WebRequest request) {
    return api(ApiException.invalid(errors), request);
  }

  @Override
  protected ResponseEntity<Object> handleExceptionInternal(Exception e, Object body, HttpHeaders headers,
      HttpStatusCode status, WebRequest request) {
    if (body instanceof ProblemDetail problem) {
      if (problem.getTitle() == null) {
        HttpStatus resolved = HttpStatus.resolve(status.value());
        problem.setTitle(resolved != null ? resolved.getReasonPhrase() : "Error");
      }
      problem.setDetail(ReadableMessages.clean(problem.getDetail()));
    }
    return super.handleExceptionInternal(e, body, headers, status, request);
  }
}
