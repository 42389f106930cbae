package io.air9.platform.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** What a user asks for: which kind of workspace, how big, and whether it runs. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WorkspaceSpec {

  public static final String NAME_PATTERN = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";
  public static final String DURATION_PATTERN = "^([0-9]+h)?([0-9]+m)?([0-9]+s)?$";

  @JsonProperty("class")
  @JsonPropertyDescription(
      "Name of the WorkspaceClass to run (for example jupyterlab, rstudio, vscode, mlflow). "
          + "Cannot be changed after creation.")
  @Required
  @Pattern(NAME_PATTERN)
  @Size(min = 1, max = Limits.DNS_LABEL)
  @ValidationRule(value = "self == oldSelf", message = "class is immutable; create a new workspace instead")
  private String workspaceClass;

  @JsonPropertyDescription("Name shown in the dashboard; defaults to the resource name.")
  @Size(max = Limits.DISPLAY_NAME)
  private String displayName;

  @JsonPropertyDescription("User name of the workspace's owner, as known to the identity provider.")
  @Size(max = Limits.USER_NAME)
  private String owner;

  @JsonPropertyDescription(
      "Image choice: the name of one of the images the class offers. Empty means the class's default image.")
  @Pattern(NAME_PATTERN)
  @Size(max = Limits.DNS_LABEL)
  private String image;

  @JsonPropertyDescription(
      "CPU, memory and GPUs for the workspace. Unset values take the class's defaults; "
          + "values above the class's maximum are refused.")
  private ComputeResources resources;

  @JsonPropertyDescription(
      "Size of the home volume, a quantity such as 10Gi. Kept while the workspace is stopped; "
          + "can grow but never shrink. Defaults to the class's default size.")
  @ValidationRule(
      value = "isQuantity(string(self)) && quantity(string(self)).isGreaterThan(quantity('0'))",
      message = "storage must be a positive quantity such as 10Gi")
  @ValidationRule(
      value = "quantity(string(self)).compareTo(quantity(string(oldSelf))) >= 0",
      message = "storage can grow but not shrink")
  private Quantity storage;

  @JsonPropertyDescription("Running starts the workspace, Stopped stops it and keeps its storage.")
  @Default("Running")
  private DesiredState state = DesiredState.Running;

  @JsonPropertyDescription(
      "Stop the workspace after this long without user activity, for example 2h or 90m; "
          + "0s never stops it. Defaults to the class's idle timeout.")
  @Pattern(DURATION_PATTERN)
  @Size(min = Limits.IDLE_TIMEOUT_MIN, max = Limits.IDLE_TIMEOUT_MAX)
  private String idleTimeout;

  @JsonPropertyDescription(
      "Names of data-connection Secrets (labelled air9.io/connection-type) in the same namespace; "
          + "their keys are injected as environment variables.")
  @Size(max = Limits.DATA_CONNECTIONS)
  private List<String> dataConnections = new ArrayList<>();

  @JsonPropertyDescription("Extra environment variables for the workspace's container.")
  @Size(max = Limits.ENV_VARS)
  @ValidationRule(
      value = "self.all(e, !e.name.startsWith('AIR9_'))",
      message = "env names starting with AIR9_ are reserved for the platform")
  private List<EnvVar> env = new ArrayList<>();

  public String getWorkspaceClass() {
    return workspaceClass;
  }

  public void setWorkspaceClass(String workspaceClass) {
    this.workspaceClass = workspaceClass;
  }

  public String getDisplayName() {
    return displayName;
  }

  public void setDisplayName(String displayName) {
    this.displayName = displayName;
  }

  public String getOwner() {
    return owner;
  }

  public void setOwner(String owner) {
    this.owner = owner;
  }

  public String getImage() {
    return image;
  }

  public void setImage(String image) {
    this.image = image;
  }

  public ComputeResources getResources() {
    return resources;
  }

  public void setResources(ComputeResources resources) {
    this.resources = resources;
  }

  public Quantity getStorage() {
    return storage;
  }

  public void setStorage(Quantity storage) {
    this.storage = storage;
  }

  public DesiredState getState() {
    return state;
  }

  public void setState(DesiredState state) {
    this.state = state;
  }

  @JsonIgnore
  public boolean isStopped() {
    return state == DesiredState.Stopped;
  }

  public String getIdleTimeout() {
    return idleTimeout;
  }

  public void setIdleTimeout(String idleTimeout) {
    this.idleTimeout = idleTimeout;
  }

  public List<String> getDataConnections() {
    return dataConnections;
  }

  public void setDataConnections(List<String> dataConnections) {
    this.dataConnections = dataConnections;
  }

  public List<EnvVar> getEnv() {
    return env;
  }

  public void setEnv(List<EnvVar> env) {
    this.env = env;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WorkspaceSpec s
        && Objects.equals(workspaceClass, s.workspaceClass)
        && Objects.equals(displayName, s.displayName)
        && Objects.equals(owner, s.owner)
        && Objects.equals(image, s.image)
        && Objects.equals(resources, s.resources)
        && Objects.equals(storage, s.storage)
        && state == s.state
        && Objects.equals(idleTimeout, s.idleTimeout)
        && Objects.equals(dataConnections, s.dataConnections)
        && Objects.equals(env, s.env);
  }

  @Override
  public int hashCode() {
    return Objects.hash(workspaceClass, image, resources, storage, state);
  }
}
