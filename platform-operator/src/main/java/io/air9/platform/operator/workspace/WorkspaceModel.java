package io.air9.platform.operator.workspace;

import io.air9.platform.model.WorkspaceNames;
import io.air9.platform.model.Air9;
import io.air9.platform.model.BaseUrlMode;
import io.air9.platform.model.ComputeResources;
import io.air9.platform.model.EnvVar;
import io.air9.platform.model.HttpProbe;
import io.air9.platform.model.Workspace;
import io.air9.platform.model.WorkspaceClassSpec;
import io.air9.platform.model.WorkspaceSpec;
import io.air9.platform.operator.OperatorSettings;
import io.air9.platform.operator.common.Labels;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Desired state of a workspace's children: pure functions of a {@link ResolvedWorkspace} (no cluster access), so
 * they are unit-tested without a cluster. Names come from {@link WorkspaceNames}, labels from {@link Labels}.
 */
public final class WorkspaceModel {

  /** The cluster IP of a headless Service. */
  public static final String HEADLESS = "None";

  public static final String TOKEN_KEY = "token";
  /** On the StatefulSet: the hash of its pod template without the connection versions ({@link #templateHash}). */
  public static final String TEMPLATE_HASH = Air9.GROUP + "/pod-template-hash";
  public static final long TERMINATION_GRACE_SECONDS = 15;
  public static final String GPU_RESOURCE = "nvidia.com/gpu";
  public static final String COMPONENT_WORKSPACE = "workspace";
  public static final String COMPONENT_STORAGE = "storage";
  public static final String COMPONENT_NETWORK = "network";
  public static final String COMPONENT_ACCESS = "access";
  public static final String COMPONENT_SPARK = "spark";
  public static final String COMPONENT_SPARK_EXECUTOR = "spark-executor";
  /** Where the workspace finds its Spark executor pod template (the ConfigMap {@link #sparkConfig()}). */
  public static final String SPARK_CONF_DIR = "/etc/air9/spark";
  public static final String SPARK_EXECUTOR_TEMPLATE = "executor-pod-template.yaml";
  public static final String SPARK_EXECUTOR_CONTAINER = "executor";
  private static final String SPARK_CONF_VOLUME = "spark-conf";
  /**
   * Spark's driver RPC and block-manager ports (Spark on Kubernetes' own defaults), fixed so that the workspace's
   * Service and NetworkPolicy can expose them to its executors; random ports could not be.
   */
  public static final int SPARK_DRIVER_PORT = 7078;
  public static final int SPARK_BLOCK_MANAGER_PORT = 7079;
  public static final String SPARK_DRIVER_PORT_NAME = "spark-driver";
  public static final String SPARK_BLOCK_MANAGER_PORT_NAME = "spark-blockmgr";
  /** The label Spark puts on its executor pods. */
  public static final String SPARK_ROLE_LABEL = "spark-role";

  private final ResolvedWorkspace in;
  private final Workspace ws;
  private final WorkspaceSpec spec;
  private final WorkspaceClassSpec cls;
  private final OperatorSettings settings;
  private final String name;

  public WorkspaceModel(ResolvedWorkspace in) {
    this.in = in;
    this.ws = in.workspace();
    this.spec = ws.getSpec();
    this.cls = in.workspaceClass();
    this.settings = in.settings();
    this.name = in.name();
  }

  // ---- derived values ----------------------------------------------------------------------------------------

  /** Path of the workspace below the ingress host, always with a trailing slash: /ws/NAMESPACE/NAME/. */
  public static String baseUrl(OperatorSettings settings, String namespace, String name) {
    return WorkspaceNames.basePath(settings.pathPrefix(), namespace, name);
  }

  public String baseUrl() {
    return baseUrl(settings, in.namespace(), name);
  }

  /** Where the user reaches the workspace. */
  public String url() {
    return WorkspaceNames.url(settings.ingressScheme(), settings.ingressHost(), baseUrl());
  }

  /** The image reference the workspace runs: the chosen option of the class, or its first. */
  public String image() {
    return cls.findImage(spec.getImage()).orElseThrow(
        () -> new IllegalStateException("image " + spec.getImage() + " not offered (validate first)")).getImage();
  }

  /** Resources with the class defaults filled in. */
  public ComputeResources effectiveResources() {
    ComputeResources req = spec.getResources() == null ? new ComputeResources() : spec.getResources();
    ComputeResources def = cls.getDefaultResources() == null ? new ComputeResources() : cls.getDefaultResources();
    ComputeResources r = new ComputeResources();
    r.setCpu(req.getCpu() != null ? req.getCpu() : def.getCpu());
    r.setMemory(req.getMemory() != null ? req.getMemory() : def.getMemory());
    r.setGpu(req.getGpu() != null ? req.getGpu() : def.getGpu());
    return r;
  }

  public Quantity effectiveStorage() {
    return spec.getStorage() != null ? spec.getStorage() : cls.getDefaultStorage();
  }

  private String team() {
    return Air9.teamOfNamespace(in.namespace());
  }

  private ObjectMeta meta(String childName, String component) {
    return new ObjectMetaBuilder()
        .withName(childName)
        .withNamespace(in.namespace())
        .withLabels(Labels.workspace(name, team(), component))
        .build();
  }

  // ---- children ----------------------------------------------------------------------------------------------

  public ServiceAccount serviceAccount() {
    return new ServiceAccountBuilder()
        .withMetadata(meta(WorkspaceNames.serviceAccount(name), COMPONENT_ACCESS))
        .withAutomountServiceAccountToken(cls.isSparkEnabled())
        .build();
  }

  /** The access-token Secret; the token is kept once generated, so it is a parameter. */
  public Secret tokenSecret(String token) {
    return new SecretBuilder()
        .withMetadata(meta(WorkspaceNames.tokenSecret(name), COMPONENT_ACCESS))
        .withType("Opaque")
        .addToData(TOKEN_KEY, Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8)))
        .build();
  }

  /** Home volume, separate from the StatefulSet so that it survives stops and can grow. */
  public PersistentVolumeClaim homeClaim() {
    return new PersistentVolumeClaimBuilder()
        .withMetadata(meta(WorkspaceNames.homeClaim(name), COMPONENT_STORAGE))
        .withNewSpec()
        .withAccessModes("ReadWriteOnce")
        .withStorageClassName(cls.getStorageClassName())
        .withNewResources().addToRequests("storage", effectiveStorage()).endResources()
        .endSpec()
        .build();
  }

  /**
   * The workspace's own pod and not its Spark executors, which carry the workspace's labels too (the StatefulSet's
   * selector, immutable, cannot tell them apart; executors are owned by the workspace pod, so it never adopts them).
   */
  private Map<String, String> podSelector() {
    Map<String, String> selector = Labels.workspaceSelector(name);
    selector.put(Labels.COMPONENT, COMPONENT_WORKSPACE);
    return selector;
  }

  /**
   * The app's port and, for a Spark driver, the ports its executors connect back to (spark.driver.host). Headless
   * ({@code clusterIP: None}): the StatefulSet's governing Service, as Kubernetes asks of a StatefulSet's
   * {@code serviceName}, and what Spark's documentation advises for a driver in client mode. Its name resolves to the
   * pod, and the Ingress controller routes to the pod's endpoints. No virtual IP is allocated: the API server
   * allocates ClusterIPs one at a time (kube-apiserver 1.34 holds one lock while it writes each IPAddress), which made
   * a burst of 5000 workspaces wait 9 s per Service, and kube-proxy would program no rule for it anyway.
   */
  public Service service() {
    ObjectMeta meta = meta(WorkspaceNames.service(name), COMPONENT_NETWORK);
    if (cls.getKind() != null) {
      meta.getLabels().put(Labels.WORKSPACE_KIND, Labels.kind(cls.getKind()));
    }
    ServiceBuilder service = new ServiceBuilder()
        .withMetadata(meta)
        .withNewSpec()
        .withType("ClusterIP")
        .withClusterIP(HEADLESS)
        .withSelector(podSelector())
        .addNewPort().withName(WorkspaceNames.appPort()).withProtocol("TCP").withPort(cls.getPort())
        .withTargetPort(new IntOrString(WorkspaceNames.appPort())).endPort()
        .endSpec();
    if (cls.isSparkEnabled()) {
      service.editSpec()
          .addNewPort().withName(SPARK_DRIVER_PORT_NAME).withProtocol("TCP").withPort(SPARK_DRIVER_PORT)
          .withTargetPort(new IntOrString(SPARK_DRIVER_PORT)).endPort()
          .addNewPort().withName(SPARK_BLOCK_MANAGER_PORT_NAME).withProtocol("TCP").withPort(SPARK_BLOCK_MANAGER_PORT)
          .withTargetPort(new IntOrString(SPARK_BLOCK_MANAGER_PORT)).endPort()
          .endSpec();
    }
    return service.build();
  }

  public Ingress ingress() {
    boolean strip = cls.getBaseUrlMode() == BaseUrlMode.Strip;
    ObjectMeta meta = meta(WorkspaceNames.ingress(name), COMPONENT_NETWORK);
    String path = baseUrl();
    String pathType = "Prefix";
    if (strip) {
      meta.setAnnotations(Map.of(
          "nginx.ingress.kubernetes.io/use-regex", "true",
          "nginx.ingress.kubernetes.io/rewrite-target", "/$2",
          "nginx.ingress.kubernetes.io/x-forwarded-prefix", path.substring(0, path.length() - 1)));
      path = path.substring(0, path.length() - 1) + "(/|$)(.*)";
      pathType = "ImplementationSpecific";
    }
    return new IngressBuilder()
        .withMetadata(meta)
        .withNewSpec()
        .withIngressClassName(settings.ingressClassName())
        .addNewRule().withHost(settings.ingressHost())
        .withNewHttp().addNewPath().withPath(path).withPathType(pathType)
        .withNewBackend().withNewService().withName(WorkspaceNames.service(name))
        .withNewPort().withName(WorkspaceNames.appPort()).endPort().endService().endBackend()
        .endPath().endHttp().endRule()
        .endSpec()
        .build();
  }

  /**
   * Lets the ingress controller and the team's own pods (other workspaces) reach the app; for a Spark driver, lets
   * its own executors (Spark's spark-role label and the workspace's) reach the driver and block-manager ports.
   */
  public NetworkPolicy networkPolicy() {
    NetworkPolicyBuilder policy = new NetworkPolicyBuilder()
        .withMetadata(meta(WorkspaceNames.networkPolicy(name), COMPONENT_NETWORK))
        .withNewSpec()
        .withNewPodSelector().withMatchLabels(podSelector()).endPodSelector()
        .withPolicyTypes("Ingress")
        .addNewIngress()
        .addNewFrom().withNewNamespaceSelector()
        .addToMatchLabels("kubernetes.io/metadata.name", settings.ingressNamespace()).endNamespaceSelector().endFrom()
        .addNewFrom().withNewPodSelector().endPodSelector().endFrom()
        .addNewPort().withProtocol("TCP").withPort(new IntOrString(cls.getPort())).endPort()
        .endIngress()
        .endSpec();
    if (cls.isSparkEnabled()) {
      policy.editSpec().addNewIngress()
          .addNewFrom().withNewPodSelector().addToMatchLabels(SPARK_ROLE_LABEL, "executor")
          .addToMatchLabels(Air9.LABEL_WORKSPACE, name).endPodSelector().endFrom()
          .addNewPort().withProtocol("TCP").withPort(new IntOrString(SPARK_DRIVER_PORT)).endPort()
          .addNewPort().withProtocol("TCP").withPort(new IntOrString(SPARK_BLOCK_MANAGER_PORT)).endPort()
          .endIngress().endSpec();
    }
    return policy.build();
  }

  /** Spark client mode: the driver (the workspace) creates executor pods and services in its namespace. */
  public Role sparkRole() {
    return new RoleBuilder()
        .withMetadata(meta(WorkspaceNames.sparkRole(name), COMPONENT_SPARK))
        .addNewRule().withApiGroups("").withResources("pods", "services", "configmaps", "persistentvolumeclaims")
        .withVerbs("get", "list", "watch", "create", "delete", "deletecollection").endRule()
        .build();
  }

  public RoleBinding sparkRoleBinding() {
    return new RoleBindingBuilder()
        .withMetadata(meta(WorkspaceNames.sparkRole(name), COMPONENT_SPARK))
        .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("Role")
        .withName(WorkspaceNames.sparkRole(name)).endRoleRef()
        .addNewSubject().withKind("ServiceAccount").withName(WorkspaceNames.serviceAccount(name))
        .withNamespace(in.namespace()).endSubject()
        .build();
  }

  /**
   * Spark in client mode, the workspace pod being the driver. Naming the driver pod makes Spark give every executor
   * an owner reference to it, so Kubernetes deletes executors with the workspace pod (stop, cull, delete); the
   * executors carry the workspace's labels and, through the pod template, the security context that the team
   * namespace's Pod Security (restricted) demands. Executors are pods of the team namespace: its quota counts them.
   */
  public Map<String, String> sparkConf() {
    String executorImage = cls.getSparkExecutorImage() != null ? cls.getSparkExecutorImage() : image();
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put("spark.kubernetes.namespace", in.namespace());
    conf.put("spark.kubernetes.container.image", executorImage);
    conf.put("spark.kubernetes.authenticate.driver.serviceAccountName", WorkspaceNames.serviceAccount(name));
    // Executors reach the driver through the workspace's Service, on fixed ports that the Service and the
    // NetworkPolicy expose; the driver listens on every interface (the Service's name is not the pod's address).
    conf.put("spark.driver.host", WorkspaceNames.serviceHost(name, in.namespace()));
    conf.put("spark.driver.bindAddress", "0.0.0.0");
    conf.put("spark.driver.port", Integer.toString(SPARK_DRIVER_PORT));
    conf.put("spark.driver.blockManager.port", Integer.toString(SPARK_BLOCK_MANAGER_PORT));
    conf.put("spark.kubernetes.driver.pod.name", WorkspaceNames.pod(name));
    conf.put("spark.kubernetes.executor.podNamePrefix", WorkspaceNames.sparkExecutorPrefix(name));
    conf.put("spark.kubernetes.executor.podTemplateFile", SPARK_CONF_DIR + "/" + SPARK_EXECUTOR_TEMPLATE);
    conf.put("spark.kubernetes.executor.podTemplateContainerName", SPARK_EXECUTOR_CONTAINER);
    Labels.workspace(name, team(), COMPONENT_SPARK_EXECUTOR).forEach((k, v) -> {
      if (!Labels.MANAGED_BY.equals(k)) {
        conf.put("spark.kubernetes.executor.label." + k, v);
      }
    });
    return conf;
  }

  /** The executor pod template: what Spark does not set itself and the namespace requires (PSS restricted). */
  public ConfigMap sparkConfig() {
    return new ConfigMapBuilder()
        .withMetadata(meta(WorkspaceNames.sparkConfig(name), COMPONENT_SPARK))
        .addToData(SPARK_EXECUTOR_TEMPLATE, EXECUTOR_TEMPLATES.computeIfAbsent(
            Arrays.asList(cls.getRunAsUser(), cls.getFsGroup()), k -> executorTemplate()))
        .build();
  }

  /**
   * The executor pod template as YAML: it depends only on the class's user and group, so each is written once (it
   * was serialised anew for every dependent match of every reconcile).
   */
  private static final Map<List<Long>, String> EXECUTOR_TEMPLATES = new java.util.concurrent.ConcurrentHashMap<>();

  private String executorTemplate() {
    Pod template = new PodBuilder()
        .withNewMetadata().endMetadata()
        .withNewSpec()
        .withAutomountServiceAccountToken(false)
        .withEnableServiceLinks(false)
        .withSecurityContext(restrictedPod())
        .addNewContainer().withName(SPARK_EXECUTOR_CONTAINER)
        .withSecurityContext(restrictedContainer())
        .endContainer()
        .endSpec()
        .build();
    return Serialization.asYaml(template);
  }

  /** Pod Security "restricted", as the class's user and group. */
  private PodSecurityContext restrictedPod() {
    return new PodSecurityContextBuilder()
        .withRunAsNonRoot(true)
        .withRunAsUser(cls.getRunAsUser())
        .withRunAsGroup(cls.getFsGroup())
        .withFsGroup(cls.getFsGroup())
        .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
        .build();
  }

  private static SecurityContext restrictedContainer() {
    return new SecurityContextBuilder()
        .withAllowPrivilegeEscalation(false)
        .withRunAsNonRoot(true)
        .withNewCapabilities().withDrop("ALL").endCapabilities()
        .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
        .build();
  }

  public StatefulSet statefulSet() {
    ComputeResources r = effectiveResources();
    Map<String, Quantity> resources = new LinkedHashMap<>();
    resources.put("cpu", r.getCpu());
    resources.put("memory", r.getMemory());
    if (r.getGpu() != null && r.getGpu() > 0) {
      resources.put(GPU_RESOURCE, new Quantity(Integer.toString(r.getGpu())));
    }
    Map<String, String> podLabels = Labels.workspace(name, team(), COMPONENT_WORKSPACE);
    ContainerBuilder container = new ContainerBuilder()
        .withName(WorkspaceNames.container())
        .withImage(image())
        .withImagePullPolicy("IfNotPresent")
        .withCommand(nullIfEmpty(cls.getCommand()))
        .withArgs(nullIfEmpty(cls.getArgs()))
        .withEnv(env())
        .addNewPort().withName(WorkspaceNames.appPort()).withContainerPort(cls.getPort()).withProtocol("TCP").endPort()
        .withNewResources().withRequests(resources).withLimits(resources).endResources()
        .addNewVolumeMount().withName(WorkspaceNames.homeVolume()).withMountPath(cls.getHomeMountPath())
        .endVolumeMount()
        .withSecurityContext(restrictedContainer());
    if (cls.isSparkEnabled()) {
      container.addNewVolumeMount().withName(SPARK_CONF_VOLUME).withMountPath(SPARK_CONF_DIR).withReadOnly(true)
          .endVolumeMount();
    }
    if (cls.getReadinessProbe() != null) {
      container.withReadinessProbe(probe(cls.getReadinessProbe()));
    }
    if (cls.getLivenessProbe() != null) {
      container.withLivenessProbe(probe(cls.getLivenessProbe()));
    }
    List<Volume> volumes = new ArrayList<>();
    volumes.add(new VolumeBuilder().withName(WorkspaceNames.homeVolume())
        .withNewPersistentVolumeClaim().withClaimName(WorkspaceNames.homeClaim(name)).endPersistentVolumeClaim()
        .build());
    if (cls.isSparkEnabled()) {
      volumes.add(new VolumeBuilder().withName(SPARK_CONF_VOLUME)
          .withNewConfigMap().withName(WorkspaceNames.sparkConfig(name)).endConfigMap().build());
    }
    PodTemplateSpec template = new PodTemplateSpecBuilder()
        .withNewMetadata().withLabels(podLabels).withAnnotations(podAnnotations()).endMetadata()
        .withNewSpec()
        .withServiceAccountName(WorkspaceNames.serviceAccount(name))
        .withAutomountServiceAccountToken(cls.isSparkEnabled())
        .withEnableServiceLinks(false)
        // Notebook servers save and exit within seconds of SIGTERM; a short grace keeps stops and rollouts snappy.
        .withTerminationGracePeriodSeconds(TERMINATION_GRACE_SECONDS)
        .withSecurityContext(restrictedPod())
        .withNodeSelector(cls.getNodeSelector() == null || cls.getNodeSelector().isEmpty() ? null
            : cls.getNodeSelector())
        .withTolerations(nullIfEmpty(cls.getTolerations()))
        .withContainers(container.build())
        .withVolumes(volumes)
        .endSpec()
        .build();
    boolean asksForPod = !(spec.isStopped() || in.queued() || in.startFailed());
    String templateHash = templateHash(template);
    String versions = connectionVersions(asksForPod, templateHash);
    if (versions != null) {
      Map<String, String> annotations = template.getMetadata().getAnnotations() == null ? new TreeMap<>()
          : new TreeMap<>(template.getMetadata().getAnnotations());
      annotations.put(ConnectionVersions.ANNOTATION, versions);
      template.getMetadata().setAnnotations(annotations);
    }
    ObjectMeta meta = meta(WorkspaceNames.statefulSet(name), COMPONENT_WORKSPACE);
    meta.setAnnotations(Map.of(TEMPLATE_HASH, templateHash));
    return new StatefulSetBuilder()
        .withMetadata(meta)
        .withNewSpec()
        .withReplicas(asksForPod ? 1 : 0)
        .withServiceName(WorkspaceNames.service(name))
        .withNewSelector().withMatchLabels(Labels.workspaceSelector(name)).endSelector()
        .withTemplate(template)
        .endSpec()
        .build();
  }

  /**
   * The data connections' versions for the pod template. A running pod's are kept while its template stays the same
   * (a rotation must not restart it: the status says a restart is needed instead); a new pod (a start, or a rollout
   * for another change) gets the versions of now. A StatefulSet from before these were recorded keeps none (adding
   * them would roll every running workspace).
   */
  private String connectionVersions(boolean asksForPod, String templateHash) {
    ResolvedWorkspace.Running running = in.running();
    if (asksForPod && running != null
        && (running.templateHash() == null || running.templateHash().equals(templateHash))) {
      return running.connectionVersions();
    }
    return in.connectionVersions();
  }

  /** A hash of a pod template (SHA-256 of its JSON, 16 hex digits): it changes exactly when the template does. */
  static String templateHash(PodTemplateSpec template) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(Serialization.asJson(template).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }

  /** The class's pod annotations; null without any, so a class that sets none changes no pod. */
  private Map<String, String> podAnnotations() {
    return cls.getPodAnnotations() == null || cls.getPodAnnotations().isEmpty() ? null
        : new TreeMap<>(cls.getPodAnnotations());
  }

  private Probe probe(HttpProbe p) {
    String path = p.getPath().startsWith("/") ? p.getPath().substring(1) : p.getPath();
    String prefix = cls.getBaseUrlMode() == BaseUrlMode.Strip ? "/" : baseUrl();
    return new ProbeBuilder()
        .withNewHttpGet().withPath(prefix + path).withPort(new IntOrString(WorkspaceNames.appPort())).endHttpGet()
        .withInitialDelaySeconds(p.getInitialDelaySeconds())
        .withPeriodSeconds(p.getPeriodSeconds())
        .withFailureThreshold(p.getFailureThreshold())
        .build();
  }

  /**
   * Environment, in an order where later entries may refer to earlier ones: platform variables, MLflow, Spark, data
   * connections (secretKeyRefs, never values), class env, then the user's env.
   */
  public List<io.fabric8.kubernetes.api.model.EnvVar> env() {
    List<io.fabric8.kubernetes.api.model.EnvVar> env = new ArrayList<>();
    env.add(plain("AIR9_WORKSPACE", name));
    env.add(plain("AIR9_NAMESPACE", in.namespace()));
    env.add(plain("AIR9_BASE_URL", cls.getBaseUrlMode() == BaseUrlMode.Strip ? "/" : baseUrl()));
    env.add(plain("AIR9_PUBLIC_URL", url()));
    env.add(plain("AIR9_PORT", Integer.toString(cls.getPort())));
    env.add(new EnvVarBuilder().withName("AIR9_TOKEN").withNewValueFrom().withNewSecretKeyRef()
        .withName(WorkspaceNames.tokenSecret(name)).withKey(TOKEN_KEY).endSecretKeyRef().endValueFrom().build());
    if (in.mlflowTrackingUri() != null) {
      env.add(plain("MLFLOW_TRACKING_URI", in.mlflowTrackingUri()));
    }
    if (cls.isSparkEnabled()) {
      Map<String, String> conf = sparkConf();
      env.add(plain("SPARK_MASTER", "k8s://https://kubernetes.default.svc"));
      env.add(plain("SPARK_DRIVER_HOST", conf.get("spark.driver.host")));
      env.add(plain("SPARK_NAMESPACE", in.namespace()));
      env.add(plain("SPARK_EXECUTOR_IMAGE", conf.get("spark.kubernetes.container.image")));
      env.add(plain("SPARK_SERVICE_ACCOUNT", WorkspaceNames.serviceAccount(name)));
      StringBuilder args = new StringBuilder("--master k8s://https://kubernetes.default.svc --deploy-mode client");
      conf.forEach((k, v) -> args.append(" --conf ").append(k).append('=').append(v));
      env.add(plain("PYSPARK_SUBMIT_ARGS", args.append(" pyspark-shell").toString()));
    }
    for (ResolvedWorkspace.Connection c : in.connections()) {
      String prefix = envName(c.secretName());
      for (String key : c.keys()) {
        env.add(new EnvVarBuilder().withName(prefix + "_" + envName(key)).withNewValueFrom().withNewSecretKeyRef()
            .withName(c.secretName()).withKey(key).endSecretKeyRef().endValueFrom().build());
      }
    }
    for (EnvVar e : cls.getEnv()) {
      env.add(plain(e.getName(), e.getValue()));
    }
    for (EnvVar e : spec.getEnv()) {
      env.add(plain(e.getName(), e.getValue()));
    }
    return env;
  }

  /** snowflake-prod -> SNOWFLAKE_PROD, accessKeyId -> ACCESS_KEY_ID. */
  static String envName(String s) {
    String snake = s.replaceAll("([a-z0-9])([A-Z])", "$1_$2");
    return snake.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
  }

  private static io.fabric8.kubernetes.api.model.EnvVar plain(String name, String value) {
    return new EnvVarBuilder().withName(name).withValue(value).build();
  }

  private static <T> List<T> nullIfEmpty(List<T> l) {
    return l == null || l.isEmpty() ? null : l;
  }
}
