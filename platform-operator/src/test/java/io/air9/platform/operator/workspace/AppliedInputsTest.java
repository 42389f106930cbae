package io.air9.platform.operator.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.FieldsV1;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AppliedInputsTest {

  private static ManagedFieldsEntry entry(String manager, String operation, String subresource,
      Map<String, Object> fields) {
    ManagedFieldsEntry e = new ManagedFieldsEntry();
    e.setManager(manager);
    e.setOperation(operation);
    e.setApiVersion("apps/v1");
    e.setSubresource(subresource);
    e.setTime("2026-12-01T08:00:00Z");
    FieldsV1 f = new FieldsV1();
    fields.forEach(f::setAdditionalProperty);
    e.setFieldsV1(f);
    return e;
  }

  private static io.fabric8.kubernetes.api.model.apps.StatefulSet withEntries(List<ManagedFieldsEntry> entries) {
    return new StatefulSetBuilder().withNewMetadata().withName("alice").withManagedFields(new ArrayList<>(entries))
        .endMetadata().build();
  }

  private static final ManagedFieldsEntry OURS = entry("workspace", "Apply", null,
      Map.of("f:spec", Map.of("f:replicas", Map.of(), "f:template", Map.of())));

  @Test
  void otherControllersStatusWritesDoNotChangeTheFingerprint() {
    int applied = AppliedInputs.appliedFields(withEntries(List.of(OURS)));
    ManagedFieldsEntry status = entry("kube-controller-manager", "Update", "status",
        Map.of("f:status", Map.of("f:replicas", Map.of())));
    assertThat(AppliedInputs.appliedFields(withEntries(List.of(OURS, status)))).isEqualTo(applied);
  }

  @Test
  void aFieldTakenOverByAHandEditChangesIt() {
    int applied = AppliedInputs.appliedFields(withEntries(List.of(OURS)));
    // kubectl edit of spec.replicas: the field moves from the operator's Apply entry to an Update entry
    ManagedFieldsEntry oursAfter = entry("workspace", "Apply", null, Map.of("f:spec", Map.of("f:template", Map.of())));
    ManagedFieldsEntry edit = entry("kubectl-edit", "Update", null, Map.of("f:spec", Map.of("f:replicas", Map.of())));
    assertThat(AppliedInputs.appliedFields(withEntries(List.of(oursAfter, edit)))).isNotEqualTo(applied);
  }

  @Test
  void aChildTheOperatorDidNotApplyHasTheFingerprintOfNoFields() {
    ManagedFieldsEntry created = entry("kubectl-create", "Update", null, Map.of("f:spec", Map.of()));
    assertThat(AppliedInputs.appliedFields(withEntries(List.of(created))))
        .isEqualTo(AppliedInputs.appliedFields(withEntries(List.of())))
        .isNotEqualTo(AppliedInputs.appliedFields(withEntries(List.of(OURS))));
  }
}
