package io.air9.platform.model.validation;

import io.air9.platform.model.ComputeResources;
import io.air9.platform.model.EnvVar;
import io.air9.platform.model.WorkspaceClass;
import io.air9.platform.model.WorkspaceClassSpec;
import io.air9.platform.model.WorkspaceSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one validator of workspace specs, shared by the operator and the API. It checks what the CRD schema cannot:
 * rules that need the WorkspaceClass and uniqueness in lists (too expensive as CEL rules).
 */
public final class WorkspaceValidator {

  private static final Pattern DNS_1123_LABEL = Pattern.compile(WorkspaceSpec.NAME_PATTERN);
  private static final int DNS_1123_SUBDOMAIN_MAX = 253;
  /** Prefix of the variables the platform sets itself. */
  public static final String RESERVED_ENV_PREFIX = "AIR9_";

  private WorkspaceValidator() {}

  /**
   * Validates a spec against its class.
   *
   * @param workspaceClass the class named by {@code spec.class}, or null when it does not exist
   * @return the violations; empty when the spec is valid
   */
  public static List<Violation> validate(WorkspaceSpec spec, WorkspaceClass workspaceClass) {
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
    }
    validateDataConnections(spec.getDataConnections(), violations);
    validateEnv(spec.getEnv(), violations);
    return violations;
  }

  private static void validateAgainstClass(WorkspaceSpec spec, WorkspaceClassSpec cls, List<Violation> violations) {
    if (cls.findImage(spec.getImage()).isEmpty()) {
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
      if (name == null || name.length() > DNS_1123_SUBDOMAIN_MAX || !isDnsSubdomain(name)) {
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
      if (e == null || e.getName() == null || e.getName().isBlank()) {
        violations.add(new Violation(field, "name is required"));
      } else if (e.getName().startsWith(RESERVED_ENV_PREFIX)) {
        violations.add(new Violation(field, "env names starting with " + RESERVED_ENV_PREFIX
            + " are reserved for the platform"));
      } else if (!seen.add(e.getName())) {
        violations.add(new Violation(field, "env variable '" + e.getName() + "' is set twice"));
      }
    }
  }

  /** The violations as one line, for a condition message or an error. */
  public static String describe(List<Violation> violations) {
    return String.join("; ", violations.stream().map(Violation::toString).toList());
  }
}
