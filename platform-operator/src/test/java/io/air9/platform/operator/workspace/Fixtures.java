package io.air9.platform.operator.workspace;

import io.air9.platform.model.BaseUrlMode;
import io.air9.platform.model.ComputeResources;
import io.air9.platform.model.CullingPolicy;
import io.air9.platform.model.EnvVar;
import io.air9.platform.model.HttpProbe;
import io.air9.platform.model.ImageOption;
import io.air9.platform.model.Workspace;
import io.air9.platform.model.WorkspaceClassSpec;
import io.air9.platform.model.WorkspaceKind;
import io.air9.platform.operator.OperatorSettings;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.ArrayList;
import java.util.List;

/** Test data: a JupyterLab-like class and a workspace in team-a. */
final class Fixtures {

  private Fixtures() {}

  static WorkspaceClassSpec jupyter() {
    WorkspaceClassSpec c = new WorkspaceClassSpec();
    c.setDisplayName("JupyterLab");
    c.setKind(WorkspaceKind.JUPYTER);
    c.setImages(List.of(new ImageOption("scipy", "quay.io/jupyter/scipy-notebook:2025-10-20", null),
        new ImageOption("pytorch", "quay.io/jupyter/pytorch-notebook:2025-10-20", null)));
    c.setPort(8888);
    c.setBaseUrlMode(BaseUrlMode.Prefix);
    c.setCommand(List.of("start-notebook.py"));
    c.setArgs(List.of("--ServerApp.base_url=$(AIR9_BASE_URL)"));
    c.setEnv(new ArrayList<>(List.of(new EnvVar("CLASS_VAR", "c"))));
    c.setReadinessProbe(new HttpProbe("api", 5, 5, 3));
    c.setDefaultResources(new ComputeResources("1", "2Gi", 0));
    c.setMaxResources(new ComputeResources("8", "32Gi", 1));
    c.setHomeMountPath("/home/jovyan");
    c.setDefaultStorage(new Quantity("5Gi"));
    c.setMaxStorage(new Quantity("100Gi"));
    c.setRunAsUser(1000L);
    c.setFsGroup(100L);
    c.setCulling(new CullingPolicy(true, "4h", "api/status"));
    return c;
  }

  static Workspace workspace(String name) {
    Workspace ws = new Workspace();
    ws.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("team-a").withGeneration(1L)
        .withUid("uid-" + name).withCreationTimestamp("2026-01-01T00:00:00Z").build());
    ws.getSpec().setWorkspaceClass("jupyterlab");
    return ws;
  }

  static ResolvedWorkspace resolved(Workspace ws, WorkspaceClassSpec cls) {
    return new ResolvedWorkspace(ws, cls, OperatorSettings.defaults(), List.of(), null, false, false);
  }
}
