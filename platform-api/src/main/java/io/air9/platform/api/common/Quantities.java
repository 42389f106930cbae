package io.air9.platform.api.common;

import io.air9.platform.api.problem.ApiException;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.List;

/** Kubernetes quantities in and out of the API, as strings such as {@code 500m} or {@code 4Gi}. */
public final class Quantities {

  private Quantities() {}

  public static String text(Quantity q) {
    return q == null ? null : q.toString();
  }

  public static BigDecimal amount(Quantity q) {
    try {
      return q == null ? BigDecimal.ZERO : q.getNumericalAmount();
    } catch (RuntimeException e) {
      return BigDecimal.ZERO;
    }
  }

  /** Parses a positive quantity, adding a field error and returning null when it is not one. */
  public static Quantity parse(String field, String value, List<ApiException.FieldError> errors) {
    if (value == null) {
      return null;
    }
    try {
      Quantity q = new Quantity(value);
      if (q.getNumericalAmount().signum() <= 0) {
        errors.add(new ApiException.FieldError(field, "must be a positive quantity such as 2, 500m or 4Gi"));
        return null;
      }
      return q;
    } catch (RuntimeException e) {
      errors.add(new ApiException.FieldError(field, "'" + value + "' is not a quantity such as 2, 500m or 4Gi"));
      return null;
    }
  }

  /** A quantity from a number of base units, in plain canonical form. */
  public static String fromAmount(BigDecimal amount) {
    return amount.stripTrailingZeros().toPlainString();
  }
}
