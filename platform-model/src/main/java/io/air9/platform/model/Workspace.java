package io.air9.platform.model;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A user's interactive workspace (JupyterLab, RStudio, VS Code or MLflow) in a team namespace. */
@Group(Air9.GROUP)
@Version(Air9.VERSION)
@ShortNames("ws")
@AdditionalPrinterColumn(name = "Class", jsonPath = ".spec.class", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Queue", jsonPath = ".status.queuePosition", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "URL", jsonPath = ".status.url", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Cull-At", jsonPath = ".status.cullAt", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Cull-Reason", jsonPath = ".status.cullReason",
    type = AdditionalPrinterColumn.Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
@ValidationRule(
    value = "self.metadata.name.size() <= " + Limits.WORKSPACE_NAME
        + " && self.metadata.name.matches('" + WorkspaceSpec.NAME_PATTERN + "')",
    message = "metadata.name must be at most " + Limits.WORKSPACE_NAME + " lower-case letters, digits or '-' (it names the workspace's pod and URL)")
@ValidationRule(
    value = "!has(self.spec.storage) || !has(self.status) || !has(self.status.storage)"
        + " || !isQuantity(string(self.spec.storage))"
        + " || (has(oldSelf.spec.storage) && string(oldSelf.spec.storage) == string(self.spec.storage))"
        + " || quantity(string(self.spec.storage)).compareTo(quantity(string(self.status.storage))) >= 0",
    messageExpression = "'storage can grow but not shrink: the home volume is ' + string(self.status.storage)"
        + " + ' now, so spec.storage must be at least that'",
    fieldPath = ".spec.storage",
    message = "storage can grow but not shrink below the home volume's current size (status.storage)")
public class Workspace extends CustomResource<WorkspaceSpec, WorkspaceStatus> implements Namespaced, Cloneable {

  @Override
  protected WorkspaceSpec initSpec() {
    return new WorkspaceSpec();
  }

  /**
   * This workspace with another status: a shallow copy that shares this one's metadata and spec objects (neither is
   * changed through it). Made by {@link Object#clone()}, not by a constructor: {@link CustomResource}'s works out the
   * kind, plural, singular and CRD name from the class's annotations, the plural by regular expressions, for every
   * instance (about 2% of the operator's CPU in a burst, where the cull schedule and the status write were computed
   * on such copies).
   */
  public Workspace withStatus(WorkspaceStatus status) {
    try {
      Workspace copy = (Workspace) super.clone();
      copy.setStatus(status);
      return copy;
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException(e);
    }
  }
}
