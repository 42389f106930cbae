package io.air9.platform.sim;

import io.air9.platform.model.ComputeResources;
import io.air9.platform.model.Workspace;

/** Workspace custom resources as the simulators' users write them (the benchmark, the fault suite). */
public final class Workspaces {

  private Workspaces() {}

  /** A Workspace of {@code workspaceClass} owned by {@code owner}, asking for {@code resources}. */
  public static Workspace of(String ns, String name, String workspaceClass, String owner,
      ComputeResources resources) {
    Workspace ws = new Workspace();
    ws.getMetadata().setName(name);
    ws.getMetadata().setNamespace(ns);
    ws.getSpec().setWorkspaceClass(workspaceClass);
    ws.getSpec().setOwner(owner);
    ws.getSpec().setResources(resources);
    return ws;
  }
}
