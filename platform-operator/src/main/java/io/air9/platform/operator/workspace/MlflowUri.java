package io.air9.platform.operator.workspace;

import io.air9.platform.model.WorkspaceNames;
import io.air9.platform.model.BaseUrlMode;
import io.air9.platform.model.WorkspaceClassSpec;
import io.air9.platform.operator.OperatorSettings;

/** The in-cluster tracking URI of an MLflow workspace, as injected into the team's other workspaces. */
public final class MlflowUri {

  private MlflowUri() {}

  public static String of(OperatorSettings settings, String namespace, String name, WorkspaceClassSpec cls) {
    String base = "http://" + WorkspaceNames.serviceHost(name, namespace) + ":" + cls.getPort();
    if (cls.getBaseUrlMode() == BaseUrlMode.Strip) {
      return base;
    }
    String path = WorkspaceModel.baseUrl(settings, namespace, name);
    return base + path.substring(0, path.length() - 1);
  }
}
