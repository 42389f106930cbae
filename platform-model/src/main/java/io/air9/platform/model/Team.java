package io.air9.platform.model;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;

/** A team of users; gets a namespace (team-NAME) with quota, RBAC and network isolation. */
@Group(Air9.GROUP)
@Version(Air9.VERSION)
@AdditionalPrinterColumn(name = "Display Name", jsonPath = ".spec.displayName", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Namespace", jsonPath = ".status.namespace", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
@ValidationRule(
    value = "self.metadata.name.size() <= " + Limits.TEAM_NAME
        + " && self.metadata.name.matches('" + WorkspaceSpec.NAME_PATTERN + "')",
    message = "metadata.name must be at most " + Limits.TEAM_NAME + " lower-case letters, digits or '-' (it names the namespace team-NAME)")
public class Team extends CustomResource<TeamSpec, TeamStatus> {

  @Override
  protected TeamSpec initSpec() {
    return new TeamSpec();
  }
}
