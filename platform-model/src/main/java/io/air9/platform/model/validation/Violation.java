package io.air9.platform.model.validation;

/**
 * One problem with a spec.
 *
 * @param field JSON path of the offending field, for example {@code spec.resources.cpu}
 * @param message what is wrong, for a human
 */
public record Violation(String field, String message) {

  @Override
  public String toString() {
    return field + ": " + message;
  }
}
