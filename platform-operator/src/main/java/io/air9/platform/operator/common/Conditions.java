package io.air9.platform.operator.common;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.util.List;

/** Condition helpers: status True/False, CamelCase reasons, lastTransitionTime kept when unchanged. */
public final class Conditions {

  public static final String TRUE = "True";
  public static final String FALSE = "False";

  private Conditions() {}

  /**
   * A condition of the given type; its lastTransitionTime is the previous one when the status did not change, now
   * otherwise.
   */
  public static Condition of(List<Condition> previous, String type, boolean status, String reason, String message,
      Long generation, Instant now) {
    return of(previous, type, status ? TRUE : FALSE, reason, message, generation, now);
  }

  public static Condition of(List<Condition> previous, String type, String status, String reason, String message,
      Long generation, Instant now) {
    String transition = find(previous, type)
        .filter(p -> status.equals(p.getStatus()) && p.getLastTransitionTime() != null)
        .map(Condition::getLastTransitionTime)
        .orElse(now.toString());
    return new ConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(reason)
        .withMessage(message == null ? "" : message)
        .withObservedGeneration(generation)
        .withLastTransitionTime(transition)
        .build();
  }

  public static java.util.Optional<Condition> find(List<Condition> conditions, String type) {
    return conditions == null ? java.util.Optional.empty()
        : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  public static boolean isTrue(List<Condition> conditions, String type) {
    return find(conditions, type).map(c -> TRUE.equals(c.getStatus())).orElse(false);
  }
}
