package io.air9.platform.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** How to run one kind of workspace: image choices, port, URL handling, probes, sizes and culling. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WorkspaceClassSpec {

  @JsonPropertyDescription("Name shown in the catalog, for example JupyterLab.")
  @Required
  @Size(min = 1, max = 63)
  private String displayName;

  @JsonPropertyDescription("One or two sentences for the catalog.")
  @Size(max = 1024)
  private String description;

  @JsonPropertyDescription("Application: jupyter, rstudio, vscode or mlflow.")
  @Required
  private WorkspaceKind kind;

  @JsonPropertyDescription("Images users can choose from; the first is the default.")
  @Required
  @Size(min = 1, max = 16)
  private List<ImageOption> images = new ArrayList<>();

  @JsonPropertyDescription("TCP port the application listens on.")
  @Required
  @Min(1024)
  @Max(65535)
  private Integer port;

  @JsonPropertyDescription(
      "Prefix: the application serves under the workspace path itself (args use $(AIR9_BASE_URL)); "
          + "Strip: the ingress strips the path.")
  @Default("Prefix")
  private BaseUrlMode baseUrlMode = BaseUrlMode.Prefix;

  @JsonPropertyDescription("Container command; the image's entrypoint when empty. $(VAR) expands variables.")
  private List<String> command = new ArrayList<>();

  @JsonPropertyDescription("Container args. $(AIR9_BASE_URL), $(AIR9_PORT) and other variables expand.")
  private List<String> args = new ArrayList<>();

  @JsonPropertyDescription("Environment variables every workspace of this class gets.")
  private List<EnvVar> env = new ArrayList<>();

  @JsonPropertyDescription("Readiness probe: the workspace is Ready when it passes.")
  private HttpProbe readinessProbe;

  @JsonPropertyDescription("Liveness probe: the container restarts when it fails.")
  private HttpProbe livenessProbe;

  @JsonPropertyDescription("Resources of a workspace that sets none.")
  @Required
  private ComputeResources defaultResources;

  @JsonPropertyDescription("Largest resources a workspace of this class may ask for.")
  @Required
  private ComputeResources maxResources;

  @JsonPropertyDescription("Where the home volume is mounted in the container.")
  @Required
  private String homeMountPath;

  @JsonPropertyDescription("Home volume size of a workspace that sets none.")
  @Required
  private Quantity defaultStorage;

  @JsonPropertyDescription("Largest home volume a workspace of this class may ask for.")
  @Required
  private Quantity maxStorage;

  @JsonPropertyDescription("StorageClass of home volumes; the cluster default when empty.")
  private String storageClassName;

  @JsonPropertyDescription("User ID the container runs as (never 0: pods pass Pod Security Standard restricted).")
  @Min(1)
  @Default("1000")
  private Long runAsUser = 1000L;

  @JsonPropertyDescription("Group ID of the container's process and of the home volume's files.")
  @Min(1)
  @Default("100")
  private Long fsGroup = 100L;

  @JsonPropertyDescription("Idle culling of this class's workspaces.")
  private CullingPolicy culling = new CullingPolicy();

  @JsonPropertyDescription(
      "Longest a start may take, for example 10m: past it a start that is not Ready fails (phase Failed, Ready "
          + "reason StartDeadlineExceeded, naming the step that hung) once nothing moved for 2 minutes (or the "
          + "deadline, when shorter): neither its own steps nor, while it waits for its volume or a node, the "
          + "cluster's binding of other volumes or scheduling of other pods. Until then it is Degraded "
          + "StartOverdue. Unset or 0s: no deadline.")
  @Pattern(WorkspaceSpec.DURATION_PATTERN)
  @Size(min = Limits.IDLE_TIMEOUT_MIN, max = Limits.IDLE_TIMEOUT_MAX)
  private String startDeadline;

  @JsonPropertyDescription(
      "Annotations every workspace pod of this class gets, for example for a service mesh or, on the simulated "
          + "cluster, KWOK stage delays (pod-ready.stage.kwok.x-k8s.io/delay).")
  @Size(max = Limits.POD_ANNOTATIONS)
  private Map<String, String> podAnnotations;

  @JsonPropertyDescription(
      "Give workspaces the RBAC and SPARK_* settings to run Spark on Kubernetes in client mode.")
  @Default("false")
  private boolean sparkEnabled;

  @JsonPropertyDescription("Image for Spark executors when sparkEnabled; the workspace's image when empty.")
  private String sparkExecutorImage;

  @JsonPropertyDescription(
      "Node labels a workspace's pod requires (its nodeSelector), for example a GPU node pool; admission and the "
          + "fit check count only matching nodes.")
  private Map<String, String> nodeSelector;

  @JsonPropertyDescription(
      "Tolerations of a workspace's pod, for example of a GPU pool's taint; admission and the fit check count a "
          + "tainted node only when tolerated.")
  private List<Toleration> tolerations;

  public Map<String, String> getNodeSelector() {
    return nodeSelector;
  }

  public void setNodeSelector(Map<String, String> nodeSelector) {
    this.nodeSelector = nodeSelector;
  }

  public List<Toleration> getTolerations() {
    return tolerations;
  }

  public void setTolerations(List<Toleration> tolerations) {
    this.tolerations = tolerations;
  }

  public String getDisplayName() {
    return displayName;
  }

  public void setDisplayName(String displayName) {
    this.displayName = displayName;
  }

  public String getDescription() {
    return description;
  }

  public void setDescription(String description) {
    this.description = description;
  }

  public WorkspaceKind getKind() {
    return kind;
  }

  public void setKind(WorkspaceKind kind) {
    this.kind = kind;
  }

  public List<ImageOption> getImages() {
    return images;
  }

  public void setImages(List<ImageOption> images) {
    this.images = images;
  }

  /** The image option of the given name, or the default (first) one when the name is null or blank. */
  @JsonIgnore
  public Optional<ImageOption> findImage(String name) {
    if (images == null || images.isEmpty()) {
      return Optional.empty();
    }
    if (name == null || name.isBlank()) {
      return Optional.of(images.get(0));
    }
    return images.stream().filter(i -> name.equals(i.getName())).findFirst();
  }

  public Integer getPort() {
    return port;
  }

  public void setPort(Integer port) {
    this.port = port;
  }

  public BaseUrlMode getBaseUrlMode() {
    return baseUrlMode;
  }

  public void setBaseUrlMode(BaseUrlMode baseUrlMode) {
    this.baseUrlMode = baseUrlMode;
  }

  public List<String> getCommand() {
    return command;
  }

  public void setCommand(List<String> command) {
    this.command = command;
  }

  public List<String> getArgs() {
    return args;
  }

  public void setArgs(List<String> args) {
    this.args = args;
  }

  public List<EnvVar> getEnv() {
    return env;
  }

  public void setEnv(List<EnvVar> env) {
    this.env = env;
  }

  public HttpProbe getReadinessProbe() {
    return readinessProbe;
  }

  public void setReadinessProbe(HttpProbe readinessProbe) {
    this.readinessProbe = readinessProbe;
  }

  public HttpProbe getLivenessProbe() {
    return livenessProbe;
  }

  public void setLivenessProbe(HttpProbe livenessProbe) {
    this.livenessProbe = livenessProbe;
  }

  public ComputeResources getDefaultResources() {
    return defaultResources;
  }

  public void setDefaultResources(ComputeResources defaultResources) {
    this.defaultResources = defaultResources;
  }

  public ComputeResources getMaxResources() {
    return maxResources;
  }

  public void setMaxResources(ComputeResources maxResources) {
    this.maxResources = maxResources;
  }

  public String getHomeMountPath() {
    return homeMountPath;
  }

  public void setHomeMountPath(String homeMountPath) {
    this.homeMountPath = homeMountPath;
  }

  public Quantity getDefaultStorage() {
    return defaultStorage;
  }

  public void setDefaultStorage(Quantity defaultStorage) {
    this.defaultStorage = defaultStorage;
  }

  public Quantity getMaxStorage() {
    return maxStorage;
  }

  public void setMaxStorage(Quantity maxStorage) {
    this.maxStorage = maxStorage;
  }

  public String getStorageClassName() {
    return storageClassName;
  }

  public void setStorageClassName(String storageClassName) {
    this.storageClassName = storageClassName;
  }

  public Long getRunAsUser() {
    return runAsUser;
  }

  public void setRunAsUser(Long runAsUser) {
    this.runAsUser = runAsUser;
  }

  public Long getFsGroup() {
    return fsGroup;
  }

  public void setFsGroup(Long fsGroup) {
    this.fsGroup = fsGroup;
  }

  public CullingPolicy getCulling() {
    return culling;
  }

  public void setCulling(CullingPolicy culling) {
    this.culling = culling;
  }

  public String getStartDeadline() {
    return startDeadline;
  }

  public void setStartDeadline(String startDeadline) {
    this.startDeadline = startDeadline;
  }

  public Map<String, String> getPodAnnotations() {
    return podAnnotations;
  }

  public void setPodAnnotations(Map<String, String> podAnnotations) {
    this.podAnnotations = podAnnotations;
  }

  public boolean isSparkEnabled() {
    return sparkEnabled;
  }

  public void setSparkEnabled(boolean sparkEnabled) {
    this.sparkEnabled = sparkEnabled;
  }

  public String getSparkExecutorImage() {
    return sparkExecutorImage;
  }

  public void setSparkExecutorImage(String sparkExecutorImage) {
    this.sparkExecutorImage = sparkExecutorImage;
  }
}
