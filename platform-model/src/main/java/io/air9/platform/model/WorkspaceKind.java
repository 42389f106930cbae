package io.air9.platform.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The application a WorkspaceClass runs. */
public enum WorkspaceKind {
  @JsonProperty("jupyter")
  JUPYTER,
  @JsonProperty("rstudio")
  RSTUDIO,
  @JsonProperty("vscode")
  VSCODE,
  @JsonProperty("mlflow")
  MLFLOW
}
