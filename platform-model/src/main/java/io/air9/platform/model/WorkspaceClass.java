package io.air9.platform.model;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A kind of workspace users can create (cluster-scoped catalog entry), managed by platform admins. */
@Group(Air9.GROUP)
@Version(Air9.VERSION)
@ShortNames("wsc")
@AdditionalPrinterColumn(name = "Display Name", jsonPath = ".spec.displayName", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Kind", jsonPath = ".spec.kind", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Image", jsonPath = ".spec.images[0].image", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class WorkspaceClass extends CustomResource<WorkspaceClassSpec, Void> {

  @Override
  protected WorkspaceClassSpec initSpec() {
    return new WorkspaceClassSpec();
  }
}
