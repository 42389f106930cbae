package io.air9.platform.model.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.air9.platform.model.ComputeResources;
import io.air9.platform.model.EnvVar;
import io.air9.platform.model.ImageOption;
import io.air9.platform.model.Limits;
import io.air9.platform.model.WorkspaceClass;
import io.air9.platform.model.WorkspaceKind;
import io.air9.platform.model.WorkspaceSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkspaceValidatorTest {

  static WorkspaceClass jupyter() {
    WorkspaceClass c = new WorkspaceClass();
    c.setMetadata(new ObjectMetaBuilder().withName("jupyterlab").build());
    c.getSpec().setDisplayName("JupyterLab");
    c.getSpec().setKind(WorkspaceKind.JUPYTER);
    c.getSpec().setImages(List.of(
        new ImageOption("scipy", "quay.io/jupyter/scipy-notebook:2025-10-20", null),
        new ImageOption("pytorch", "quay.io/jupyter/pytorch-notebook:2025-10-20", null)));
    c.getSpec().setPort(8888);
    c.getSpec().setDefaultResources(new ComputeResources("1", "2Gi", 0));
    c.getSpec().setMaxResources(new ComputeResources("4", "16Gi", 1));
    c.getSpec().setHomeMountPath("/home/jovyan");
    c.getSpec().setDefaultStorage(new Quantity("5Gi"));
    c.getSpec().setMaxStorage(new Quantity("50Gi"));
    return c;
  }

  static WorkspaceSpec valid() {
    WorkspaceSpec s = new WorkspaceSpec();
    s.setWorkspaceClass("jupyterlab");
    s.setImage("pytorch");
    s.setResources(new ComputeResources("4", "16Gi", 1));
    s.setStorage(new Quantity("50Gi"));
    s.setDataConnections(new ArrayList<>(List.of("snowflake-prod", "s3.raw")));
    s.setEnv(new ArrayList<>(List.of(new EnvVar("A", "1"), new EnvVar("B", "2"))));
    return s;
  }

  private static List<String> fields(List<Violation> violations) {
    return violations.stream().map(Violation::field).toList();
  }

  @Test
  void aSpecAtTheClassLimitsIsValid() {
    assertThat(WorkspaceValidator.validate(valid(), jupyter())).isEmpty();
  }

  @Test
  void anEmptySpecTakesTheDefaultsAndIsValid() {
    WorkspaceSpec s = new WorkspaceSpec();
    s.setWorkspaceClass("jupyterlab");
    assertThat(WorkspaceValidator.validate(s, jupyter())).isEmpty();
  }

  @Test
  void aMissingClassIsReported() {
    List<Violation> v = WorkspaceValidator.validate(valid(), null);
    assertThat(v).containsExactly(new Violation("spec.class", "WorkspaceClass 'jupyterlab' does not exist"));
  }

  @Test
  void anImageTheClassDoesNotOfferIsRefused() {
    WorkspaceSpec s = valid();
    s.setImage("tensorflow");
    List<Violation> v = WorkspaceValidator.validate(s, jupyter());
    assertThat(fields(v)).containsExactly("spec.image");
    assertThat(v.get(0).message()).contains("tensorflow").contains("scipy").contains("pytorch");
  }

  @Test
  void resourcesAboveTheClassMaximumAreRefusedPerField() {
    WorkspaceSpec s = valid();
    s.setResources(new ComputeResources("4500m", "17Gi", 2));
    s.setStorage(new Quantity("51Gi"));
    List<Violation> v = WorkspaceValidator.validate(s, jupyter());
    assertThat(fields(v)).containsExactly(
        "spec.resources.cpu", "spec.resources.memory", "spec.resources.gpu", "spec.storage");
    assertThat(v.get(0).message()).contains("4500m").contains("maximum of 4");
  }

  @Test
  void quantitiesCompareNumericallyAcrossUnits() {
    WorkspaceSpec s = valid();
    s.setResources(new ComputeResources("4000m", "16384Mi", 0));
    s.setStorage(new Quantity("0.048828125Ti")); // exactly 50Gi
    assertThat(WorkspaceValidator.validate(s, jupyter())).isEmpty();
    s.setResources(new ComputeResources("4001m", "17179869185", 0)); // 16Gi + 1 byte
    assertThat(fields(WorkspaceValidator.validate(s, jupyter())))
        .containsExactly("spec.resources.cpu", "spec.resources.memory");
  }

  @Test
  void gpusAreRefusedWhenTheClassOffersNone() {
    WorkspaceClass c = jupyter();
    c.getSpec().getMaxResources().setGpu(null);
    WorkspaceSpec s = valid();
    s.getResources().setGpu(1);
    assertThat(fields(WorkspaceValidator.validate(s, c))).containsExactly("spec.resources.gpu");
  }

  @Test
  void storageBelowTheCurrentVolumeIsRefusedNamingItsSize() {
    WorkspaceSpec s = new WorkspaceSpec();
    s.setWorkspaceClass("jupyterlab");
    s.setStorage(new Quantity("1Gi"));
    // the volume was made from the class default (5Gi) while spec.storage was unset
    List<Violation> v = WorkspaceValidator.validate(s, jupyter(), new Quantity("5Gi"));
    assertThat(v).containsExactly(new Violation("spec.storage",
        "1Gi is smaller than the home volume's current size of 5Gi; storage can grow but not shrink"));
    assertThat(WorkspaceValidator.validate(s, jupyter())).as("a new workspace has no volume yet").isEmpty();

    s.setStorage(new Quantity("5120Mi"));
    assertThat(WorkspaceValidator.validate(s, jupyter(), new Quantity("5Gi"))).as("same size, other unit").isEmpty();
    s.setStorage(new Quantity("6Gi"));
    assertThat(WorkspaceValidator.validate(s, jupyter(), new Quantity("5Gi"))).as("growing").isEmpty();
  }

  @Test
  void aClassDefaultBelowTheCurrentVolumeAsksForAnExplicitSize() {
    WorkspaceSpec s = new WorkspaceSpec();
    s.setWorkspaceClass("jupyterlab");
    List<Violation> v = WorkspaceValidator.validate(s, jupyter(), new Quantity("8Gi"));
    assertThat(v).containsExactly(new Violation("spec.storage", "the class default of 5Gi is smaller than the home "
        + "volume's current size of 8Gi; set spec.storage to at least 8Gi"));
  }

  @Test
  void dataConnectionsMustBeValidAndUnique() {
    WorkspaceSpec s = valid();
    s.setDataConnections(List.of("ok", "Not_Valid", "ok", "-x", "a..b"));
    List<Violation> v = WorkspaceValidator.validate(s, jupyter());
    assertThat(fields(v)).containsExactly(
        "spec.dataConnections[1]", "spec.dataConnections[2]", "spec.dataConnections[3]", "spec.dataConnections[4]");
    assertThat(v.get(1).message()).contains("listed twice");
  }

  @Test
  void envNamesMustBeUniqueAndNotReserved() {
    WorkspaceSpec s = valid();
    s.setEnv(List.of(new EnvVar("A", "1"), new EnvVar("A", "2"), new EnvVar("AIR9_BASE_URL", "/x")));
    List<Violation> v = WorkspaceValidator.validate(s, jupyter());
    assertThat(fields(v)).containsExactly("spec.env[1].name", "spec.env[2].name");
    assertThat(v.get(0).message()).contains("'A' is set twice");
    assertThat(v.get(1).message()).contains("reserved");
  }

  @Test
  void describeJoinsViolationsWithTheirFields() {
    assertThat(WorkspaceValidator.describe(List.of(new Violation("spec.a", "bad"), new Violation("spec.b", "worse"))))
        .isEqualTo("spec.a: bad; spec.b: worse");
  }

  @Test
  void theSchemaLimitsAreCheckedAtTheirBoundaries() {
    WorkspaceSpec atLimits = valid();
    atLimits.setDisplayName("d".repeat(Limits.DISPLAY_NAME));
    atLimits.setIdleTimeout("90m");
    atLimits.setEnv(new ArrayList<>(List.of(new EnvVar("N".repeat(Limits.ENV_NAME), "v".repeat(Limits.ENV_VALUE)))));
    assertThat(WorkspaceValidator.validate(atLimits, jupyter())).isEmpty();

    WorkspaceSpec over = valid();
    over.setDisplayName("d".repeat(Limits.DISPLAY_NAME + 1));
    over.setImage("Not_An_Image");
    over.getResources().setGpu(Limits.GPUS + 1);
    over.setIdleTimeout("forever");
    List<String> many = new ArrayList<>();
    for (int i = 0; i <= Limits.DATA_CONNECTIONS; i++) {
      many.add("c" + i);
    }
    over.setDataConnections(many);
    List<EnvVar> env = new ArrayList<>();
    env.add(new EnvVar("1BAD", "v".repeat(Limits.ENV_VALUE + 1)));
    for (int i = 1; i <= Limits.ENV_VARS; i++) {
      env.add(new EnvVar("V" + i, "x"));
    }
    over.setEnv(env);
    assertThat(fields(WorkspaceValidator.validate(over, jupyter()))).contains("spec.displayName", "spec.image",
        "spec.resources.gpu", "spec.idleTimeout", "spec.dataConnections", "spec.env", "spec.env[0].name",
        "spec.env[0].value");
  }

  @Test
  void namesAreDnsLabelsWithinTheirLimit() {
    assertThat(WorkspaceValidator.validateName("a".repeat(Limits.WORKSPACE_NAME), Limits.WORKSPACE_NAME)).isEmpty();
    assertThat(WorkspaceValidator.validateName("a".repeat(Limits.WORKSPACE_NAME + 1), Limits.WORKSPACE_NAME))
        .singleElement().satisfies(v -> assertThat(v.field()).isEqualTo("metadata.name"));
    assertThat(WorkspaceValidator.validateName("Not_Valid", Limits.DNS_LABEL)).hasSize(1);
    assertThat(WorkspaceValidator.validateName("-a", Limits.DNS_LABEL)).hasSize(1);
    assertThat(WorkspaceValidator.validateName(null, Limits.DNS_LABEL)).hasSize(1);
  }

  @Test
  void aClassWithAnUnreadableStartDeadlineRefusesItsWorkspacesNamingTheClass() {
    WorkspaceClass c = jupyter();
    c.getSpec().setStartDeadline("10m");
    assertThat(WorkspaceValidator.validate(valid(), c)).isEmpty();
    c.getSpec().setStartDeadline("ten minutes");
    assertThat(WorkspaceValidator.validate(valid(), c)).singleElement().satisfies(v -> {
      assertThat(v.field()).isEqualTo("spec.class");
      assertThat(v.message()).contains("startDeadline").contains("10m");
    });
  }
}
