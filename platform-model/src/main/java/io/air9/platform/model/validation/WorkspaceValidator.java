package io.air9.platform.model.validation;

import io.air9.platform.model.ComputeResources;
import io.air9.platform.model.CullSchedule;
import io.air9.platform.model.IdleTimer;
import io.air9.platform.model.EnvVar;
import io.air9.platform.model.Limits;
import io.air9.platform.model.WorkspaceClass;
import io.air9.platform.model.WorkspaceClassSpec;
import io.air9.platform.model.WorkspaceSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one validator of workspace specs, shared by the operator and the API. It checks what the CRD schema cannot:
 * rules that need the WorkspaceClass and uniqueness in lists (too expensive as CEL rules); and, for the API, which
 * must refuse a request before it reaches the API server, the schema's own limits ({@link Limits}, the constants the
 * CRD annotations use), so that no caller re-codes them.
 */
public final class WorkspaceValidator {

  private static final Pattern DNS_1123_LABEL = Pattern.compile(WorkspaceSpec.NAME_PATTERN);
  private static final Pattern DURATION = Pattern.compile(WorkspaceSpec.DURATION_PATTERN);
  private static final Pattern ENV_NAME = Pattern.compile(Limits.ENV_NAME_PATTERN);
  /** Prefix of the variables the platform sets itself. */
  public static final String RESERVED_ENV_PREFIX = "AIR9_";

  private WorkspaceValidator() {}

  /**
   * Checks a resource name: required, a DNS-1123 label of at most {@code max} characters (for example
   * {@link Limits#WORKSPACE_NAME}, {@link Limits#TEAM_NAME} or {@link Limits#DNS_LABEL}).
   *
   * @return the violations of field {@code metadata.name}; empty when the name is valid
   */
  public static List<Violation> validateName(String name, int max) {
    if (name == null || name.isBlank()) {
      return List.of(new Violation("metadata.name", "name is required"));
    }
    if (name.length() > max || !DNS_1123_LABEL.matcher(name).matches()) {
      return List.of(new Violation("metadata.name", "must be at most " + max + " lower-case letters, digits or '-', "
          + "starting and ending with a letter or digit"));
    }
    return List.of();
  }

  /**
   * Validates the spec of a new workspace against its class.
   *
   * @param workspaceClass the class named by {@code spec.class}, or null when it does not exist
   * @return the violations; empty when the spec is valid
   */
  public static List<Violation> validate(WorkspaceSpec spec, WorkspaceClass workspaceClass) {
    return validate(spec, workspaceClass, null);
  }

  /**
   * Validates a spec against its class and the workspace's existing home volume.
   *
   * @param workspaceClass the class named by {@code spec.class}, or null when it does not exist
   * @param currentStorage the size of the existing home volume ({@code status.storage}, or the claim itself), null
   *     when there is none yet: the storage the spec asks for (or the class default) may not be smaller
   * @return the violations; empty when the spec is valid
   */
  public static List<Violation> validate(WorkspaceSpec spec, WorkspaceClass workspaceClass, Quantity currentStorage) {
    List<Violation> violations = new ArrayList<>();
    if (spec == null) {
      violations.add(new Violation("spec", "spec is required"));
      return violations;
    }
    if (spec.getWorkspaceClass() == null || spec.getWorkspaceClass().isBlank()) {
      violations.add(new Violation("spec.class", "class is required"));
    } else if (workspaceClass == null || workspaceClass.getSpec() == null) {
      violations.add(new Violation("spec.class", "WorkspaceClass '" + spec.getWorkspaceClass() + "' does not exist"));
    } else {
      validateAgainstClass(spec, workspaceClass.getSpec(), violations);
      validateNoShrink(spec, workspaceClass.getSpec(), currentStorage, violations);
    }
    validateSchemaLimits(spec, violations);
    validateDataConnections(spec.getDataConnections(), violations);
    validateEnv(spec.getEnv(), violations);
    return violations;
  }

  /** The CRD schema's limits, for callers (the API) that check a spec before sending it. */
  private static void validateSchemaLimits(WorkspaceSpec spec, List<Violation> violations) {
    if (spec.getDisplayName() != null && spec.getDisplayName().length() > Limits.DISPLAY_NAME) {
      violations.add(new Violation("spec.displayName", "at most " + Limits.DISPLAY_NAME + " characters"));
    }
    if (spec.getOwner() != null && spec.getOwner().length() > Limits.USER_NAME) {
      violations.add(new Violation("spec.owner", "at most " + Limits.USER_NAME + " characters"));
    }
    Integer gpu = spec.getResources() == null ? null : spec.getResources().getGpu();
    if (gpu != null && (gpu < 0 || gpu > Limits.GPUS)) {
      violations.add(new Violation("spec.resources.gpu", "must be between 0 and " + Limits.GPUS));
    }
    String idle = spec.getIdleTimeout();
    if (idle != null && !isDuration(idle)) {
      violations.add(new Violation("spec.idleTimeout", "must be a duration such as 2h, 90m or 0s"));
    }
    if (spec.getDataConnections() != null && spec.getDataConnections().size() > Limits.DATA_CONNECTIONS) {
      violations.add(new Violation("spec.dataConnections", "at most " + Limits.DATA_CONNECTIONS
          + " data connections"));
    }
    if (spec.getEnv() != null && spec.getEnv().size() > Limits.ENV_VARS) {
      violations.add(new Violation("spec.env", "at most " + Limits.ENV_VARS + " variables"));
    }
  }

  /** A duration as the CRD schema allows it: 2h, 90m, 1h30m, 0s (the length limits of idleTimeout). */
  private static boolean isDuration(String text) {
    return text.length() >= Limits.IDLE_TIMEOUT_MIN && text.length() <= Limits.IDLE_TIMEOUT_MAX
        && DURATION.matcher(text).matches();
  }

  private static void validateAgainstClass(WorkspaceSpec spec, WorkspaceClassSpec cls, List<Violation> violations) {
    String image = spec.getImage();
    if (image != null && (image.length() > Limits.DNS_LABEL || !DNS_1123_LABEL.matcher(image).matches())) {
      violations.add(new Violation("spec.image", "must be the name of an image the class offers"));
    } else if (cls.findImage(image).isEmpty()) {
      List<String> offered = cls.getImages() == null ? List.of()
          : cls.getImages().stream().map(i -> i.getName()).toList();
      violations.add(new Violation("spec.image",
          "image '" + spec.getImage() + "' is not offered by class '" + spec.getWorkspaceClass()
              + "' (choose one of " + offered + ")"));
    }
    ComputeResources requested = spec.getResources();
    ComputeResources max = cls.getMaxResources();
    if (requested != null && max != null) {
      checkAtMost("spec.resources.cpu", requested.getCpu(), max.getCpu(), violations);
      checkAtMost("spec.resources.memory", requested.getMemory(), max.getMemory(), violations);
      if (requested.getGpu() != null && requested.getGpu() > 0) {
        int maxGpu = max.getGpu() == null ? 0 : max.getGpu();
        if (requested.getGpu() > maxGpu) {
          violations.add(new Violation("spec.resources.gpu",
              "gpu " + requested.getGpu() + " exceeds the class maximum of " + maxGpu));
        }
      }
    }
    checkAtMost("spec.storage", spec.getStorage(), cls.getMaxStorage(), violations);
    String deadline = cls.getStartDeadline();
    if (deadline != null && !isDuration(deadline)) {
      violations.add(new Violation("spec.class", "class '" + spec.getWorkspaceClass()
          + "' has an invalid startDeadline '" + deadline + "' (a duration such as 10m)"));
    }
  }

  /** A volume can grow but never shrink: the API server would refuse the smaller claim. */
  private static void validateNoShrink(WorkspaceSpec spec, WorkspaceClassSpec cls, Quantity current,
      List<Violation> violations) {
    Quantity asked = spec.getStorage() != null ? spec.getStorage() : cls.getDefaultStorage();
    BigDecimal askedBytes = amount(asked);
    BigDecimal currentBytes = amount(current);
    if (askedBytes == null || currentBytes == null || askedBytes.compareTo(currentBytes) >= 0) {
      return;
    }
    violations.add(new Violation("spec.storage", spec.getStorage() != null
        ? spec.getStorage() + " is smaller than the home volume's current size of " + current
            + "; storage can grow but not shrink"
        : "the class default of " + asked + " is smaller than the home volume's current size of " + current
            + "; set spec.storage to at least " + current));
  }

  private static BigDecimal amount(Quantity q) {
    try {
      return q == null ? null : q.getNumericalAmount();
    } catch (RuntimeException e) {
      return null; // reported as an invalid quantity elsewhere
    }
  }

  private static void checkAtMost(String field, Quantity requested, Quantity max, List<Violation> violations) {
    if (requested == null || max == null) {
      return;
    }
    BigDecimal req;
    BigDecimal limit;
    try {
      req = requested.getNumericalAmount();
    } catch (RuntimeException e) {
      violations.add(new Violation(field, "'" + requested + "' is not a valid quantity"));
      return;
    }
    try {
      limit = max.getNumericalAmount();
    } catch (RuntimeException e) {
      return; // a broken class maximum is the class's problem, not the workspace's
    }
    if (req.signum() <= 0) {
      violations.add(new Violation(field, "must be positive, got " + requested));
    } else if (req.compareTo(limit) > 0) {
      violations.add(new Violation(field, requested + " exceeds the class maximum of " + max));
    }
  }

  private static void validateDataConnections(List<String> connections, List<Violation> violations) {
    if (connections == null) {
      return;
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < connections.size(); i++) {
      String name = connections.get(i);
      String field = "spec.dataConnections[" + i + "]";
      if (name == null || name.length() > Limits.DNS_SUBDOMAIN || !isDnsSubdomain(name)) {
        violations.add(new Violation(field, "'" + name + "' is not a valid Secret name (DNS-1123)"));
      } else if (!seen.add(name)) {
        violations.add(new Violation(field, "data connection '" + name + "' is listed twice"));
      }
    }
  }

  private static boolean isDnsSubdomain(String name) {
    if (name.isEmpty()) {
      return false;
    }
    for (String label : name.split("\\.", -1)) {
      if (!DNS_1123_LABEL.matcher(label).matches()) {
        return false;
      }
    }
    return true;
  }

  private static void validateEnv(List<EnvVar> env, List<Violation> violations) {
    if (env == null) {
      return;
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < env.size(); i++) {
      EnvVar e = env.get(i);
      String field = "spec.env[" + i + "].name";
      if (e != null && e.getValue() != null && e.getValue().length() > Limits.ENV_VALUE) {
        violations.add(new Violation("spec.env[" + i + "].value", "at most " + Limits.ENV_VALUE + " characters"));
      }
      if (e == null || e.getName() == null || e.getName().isBlank()) {
        violations.add(new Violation(field, "name is required"));
      } else if (e.getName().length() > Limits.ENV_NAME || !ENV_NAME.matcher(e.getName()).matches()) {
        violations.add(new Violation(field, "at most " + Limits.ENV_NAME
            + " letters, digits and '_', not starting with a digit"));
      } else if (e.getName().startsWith(RESERVED_ENV_PREFIX)) {
        violations.add(new Violation(field, "env names starting with " + RESERVED_ENV_PREFIX
            + " are reserved for the platform"));
      } else if (!seen.add(e.getName())) {
        violations.add(new Violation(field, "env variable '" + e.getName() + "' is set twice"));
      }
    }
  }

  /**
   * Checks the length of a keep-alive request: a duration such as 2h or 90m, positive and at most the class's
   * culling.maxKeepAlive (the schedule itself bounds the result, {@link io.air9.platform.model.CullSchedule}).
   *
   * @param field the name of the field in the caller's request
   * @param length the asked length; null means the class's maximum
   * @return the violations; empty when the length is valid (or null and the class offers keep-alive)
   */
  public static List<Violation> validateKeepAlive(String field, String length, WorkspaceClassSpec cls) {
    Optional<Duration> max = CullSchedule.maxKeepAlive(cls);
    if (max.isEmpty()) {
      return List.of(new Violation(field, "this workspace's class offers no keep-alive (culling.maxKeepAlive unset)"));
    }
    if (length == null) {
      return List.of();
    }
    Duration asked = length.length() > Limits.IDLE_TIMEOUT_MAX || !DURATION.matcher(length).matches() ? null
        : IdleTimer.parse(length);
    if (asked == null || asked.isZero()) {
      return List.of(new Violation(field, "must be a positive duration such as 2h or 90m"));
    }
    if (asked.compareTo(max.get()) > 0) {
      return List.of(new Violation(field, "at most " + cls.getCulling().getMaxKeepAlive()
          + " (the class's culling.maxKeepAlive)"));
    }
    return List.of();
  }

  /** The violations as one line, for a condition message or an error. */
  public static String describe(List<Violation> violations) {
    return String.join("; ", violations.stream().map(Violation::toString).toList());
  }
}
