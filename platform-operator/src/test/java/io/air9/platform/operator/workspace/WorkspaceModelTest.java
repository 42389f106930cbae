package io.air9.platform.operator.workspace;

import io.air9.platform.model.WorkspaceNames;
import static org.assertj.core.api.Assertions.assertThat;

import io.air9.platform.model.BaseUrlMode;
import io.air9.platform.model.ComputeResources;
import io.air9.platform.model.DesiredState;
import io.air9.platform.model.EnvVar;
import io.air9.platform.model.Workspace;
import io.air9.platform.model.WorkspaceClassSpec;
import io.air9.platform.operator.OperatorSettings;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class WorkspaceModelTest {

  private final WorkspaceClassSpec cls = Fixtures.jupyter();
  private final Workspace ws = Fixtures.workspace("alice");

  private WorkspaceModel model() {
    return new WorkspaceModel(Fixtures.resolved(ws, cls));
  }

  private static Map<String, String> env(Container c) {
    Map<String, String> m = new java.util.LinkedHashMap<>();
    c.getEnv().forEach(e -> m.put(e.getName(), e.getValue() != null ? e.getValue()
        : "secret:" + e.getValueFrom().getSecretKeyRef().getName() + "/" + e.getValueFrom().getSecretKeyRef().getKey()));
    return m;
  }

  @Test
  void everyChildIsNamedLabelledAndInTheWorkspaceNamespace() {
    WorkspaceModel m = model();
    List<HasMetadata> children = List.of(m.serviceAccount(), m.tokenSecret("t"), m.homeClaim(), m.service(),
        m.ingress(), m.networkPolicy(), m.statefulSet(), m.sparkRole(), m.sparkRoleBinding());
    assertThat(children).extracting(c -> c.getMetadata().getName()).containsExactly(
        "alice", "alice-token", "home-alice", "alice", "alice", "alice", "alice", "alice-spark", "alice-spark");
    assertThat(children).allSatisfy(c -> {
      assertThat(c.getMetadata().getNamespace()).isEqualTo("team-a");
      assertThat(c.getMetadata().getLabels())
          .containsEntry("app.kubernetes.io/name", "air9-workspace")
          .containsEntry("app.kubernetes.io/instance", "alice")
          .containsKey("app.kubernetes.io/component")
          .containsEntry("app.kubernetes.io/part-of", "air9")
          .containsEntry("app.kubernetes.io/managed-by", "air9-operator")
          .containsEntry("air9.io/team", "a")
          .containsEntry("air9.io/workspace", "alice");
    });
  }

  @Test
  void theServiceAloneNamesTheWorkspaceKindSoThatAnInformerCanWatchJustTheTeamsMlflow() {
    assertThat(model().service().getMetadata().getLabels()).containsEntry("air9.io/workspace-kind", "jupyter");
    cls.setKind(io.air9.platform.model.WorkspaceKind.MLFLOW);
    assertThat(model().service().getMetadata().getLabels()).containsEntry("air9.io/workspace-kind", "mlflow");
    // not on the pod template: a new label there would restart every running workspace on upgrade
    assertThat(model().statefulSet().getSpec().getTemplate().getMetadata().getLabels())
        .doesNotContainKey("air9.io/workspace-kind");
  }

  @Test
  void runningWorkspaceHasOneReplicaStoppedHasNone() {
    assertThat(model().statefulSet().getSpec().getReplicas()).isEqualTo(1);
    ws.getSpec().setState(DesiredState.Stopped);
    assertThat(model().statefulSet().getSpec().getReplicas()).isZero();
  }

  @Test
  void aQueuedWorkspaceHasNoPod() {
    WorkspaceModel queued = new WorkspaceModel(new ResolvedWorkspace(ws, cls, OperatorSettings.defaults(), List.of(),
        null, true, false));
    assertThat(queued.statefulSet().getSpec().getReplicas()).isZero();
    assertThat(queued.homeClaim()).as("its volume may exist meanwhile").isNotNull();
  }

  @Test
  void thePodGoesWhereTheClassPlacesIt() {
    PodSpec plain = model().statefulSet().getSpec().getTemplate().getSpec();
    assertThat(plain.getNodeSelector()).isNullOrEmpty();
    assertThat(plain.getTolerations()).isNullOrEmpty();
    cls.setNodeSelector(Map.of("air9.io/pool", "gpu"));
    cls.setTolerations(List.of(new io.fabric8.kubernetes.api.model.TolerationBuilder().withKey("nvidia.com/gpu")
        .withOperator("Exists").withEffect("NoSchedule").build()));
    PodSpec pod = model().statefulSet().getSpec().getTemplate().getSpec();
    assertThat(pod.getNodeSelector()).containsEntry("air9.io/pool", "gpu");
    assertThat(pod.getTolerations()).extracting(t -> t.getKey()).containsExactly("nvidia.com/gpu");
    // the admission and the fit check place it by the same rule, from the class
    assertThat(io.air9.platform.model.capacity.Placement.of(pod))
        .isEqualTo(io.air9.platform.model.capacity.Placement.of(cls));
  }

  @Test
  void podPassesPodSecurityRestricted() {
    PodSpec pod = model().statefulSet().getSpec().getTemplate().getSpec();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(1000L);
    assertThat(pod.getSecurityContext().getFsGroup()).isEqualTo(100L);
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    Container c = pod.getContainers().get(0);
    assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(c.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    assertThat(pod.getVolumes()).singleElement()
        .satisfies(v -> assertThat(v.getPersistentVolumeClaim().getClaimName()).isEqualTo("home-alice"));
  }

  @Test
  void resourcesDefaultFromTheClassAndRequestsEqualLimits() {
    Container c = model().statefulSet().getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(c.getResources().getRequests()).isEqualTo(c.getResources().getLimits())
        .containsEntry("cpu", new Quantity("1")).containsEntry("memory", new Quantity("2Gi"))
        .doesNotContainKey("nvidia.com/gpu");

    ws.getSpec().setResources(new ComputeResources("4", null, 1));
    c = model().statefulSet().getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(c.getResources().getLimits()).containsEntry("cpu", new Quantity("4"))
        .containsEntry("memory", new Quantity("2Gi")).containsEntry("nvidia.com/gpu", new Quantity("1"));
  }

  @Test
  void imageIsTheChosenOptionOrTheFirst() {
    assertThat(model().image()).isEqualTo("quay.io/jupyter/scipy-notebook:2025-10-20");
    ws.getSpec().setImage("pytorch");
    assertThat(model().statefulSet().getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("quay.io/jupyter/pytorch-notebook:2025-10-20");
  }

  @Test
  void prefixModeServesUnderTheBaseUrlAndProbesThere() {
    Container c = model().statefulSet().getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(env(c)).containsEntry("AIR9_BASE_URL", "/ws/team-a/alice/")
        .containsEntry("AIR9_PUBLIC_URL", "http://air9.localtest.me/ws/team-a/alice/")
        .containsEntry("AIR9_TOKEN", "secret:alice-token/token");
    assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/ws/team-a/alice/api");
    assertThat(c.getArgs()).containsExactly("--ServerApp.base_url=$(AIR9_BASE_URL)");
    Ingress ing = model().ingress();
    assertThat(ing.getSpec().getRules().get(0).getHost()).isEqualTo("air9.localtest.me");
    assertThat(ing.getSpec().getRules().get(0).getHttp().getPaths().get(0).getPath()).isEqualTo("/ws/team-a/alice/");
    assertThat(ing.getSpec().getRules().get(0).getHttp().getPaths().get(0).getPathType()).isEqualTo("Prefix");
    assertThat(ing.getMetadata().getAnnotations()).isNullOrEmpty();
  }

  @Test
  void stripModeRewritesThePathAndProbesAtRoot() {
    cls.setBaseUrlMode(BaseUrlMode.Strip);
    Container c = model().statefulSet().getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(env(c)).containsEntry("AIR9_BASE_URL", "/");
    assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/api");
    Ingress ing = model().ingress();
    assertThat(ing.getSpec().getRules().get(0).getHttp().getPaths().get(0).getPath())
        .isEqualTo("/ws/team-a/alice(/|$)(.*)");
    assertThat(ing.getMetadata().getAnnotations())
        .containsEntry("nginx.ingress.kubernetes.io/rewrite-target", "/$2")
        .containsEntry("nginx.ingress.kubernetes.io/x-forwarded-prefix", "/ws/team-a/alice");
  }

  @Test
  void envOrderIsPlatformThenConnectionsThenClassThenUser() {
    ws.getSpec().setEnv(List.of(new EnvVar("USER_VAR", "u")));
    WorkspaceModel m = new WorkspaceModel(new ResolvedWorkspace(ws, cls, OperatorSettings.defaults(),
        List.of(new ResolvedWorkspace.Connection("snowflake-prod", "snowflake", List.of("account", "password"))),
        "http://tracking.team-a.svc:5000", false, false));
    Map<String, String> env = env(m.statefulSet().getSpec().getTemplate().getSpec().getContainers().get(0));
    assertThat(env).containsEntry("MLFLOW_TRACKING_URI", "http://tracking.team-a.svc:5000")
        .containsEntry("SNOWFLAKE_PROD_ACCOUNT", "secret:snowflake-prod/account")
        .containsEntry("SNOWFLAKE_PROD_PASSWORD", "secret:snowflake-prod/password");
    List<String> names = List.copyOf(env.keySet());
    assertThat(names.indexOf("AIR9_TOKEN")).isLessThan(names.indexOf("SNOWFLAKE_PROD_ACCOUNT"));
    assertThat(names.indexOf("SNOWFLAKE_PROD_PASSWORD")).isLessThan(names.indexOf("CLASS_VAR"));
    assertThat(names.indexOf("CLASS_VAR")).isLessThan(names.indexOf("USER_VAR"));
    assertThat(names).doesNotContain("SPARK_MASTER");
  }

  @Test
  void sparkEnabledClassesGetSparkConfigurationAndATokenForTheApi() {
    cls.setSparkEnabled(true);
    cls.setSparkExecutorImage("apache/spark:4.0.1");
    StatefulSet sts = model().statefulSet();
    Map<String, String> env = env(sts.getSpec().getTemplate().getSpec().getContainers().get(0));
    assertThat(env).containsEntry("SPARK_MASTER", "k8s://https://kubernetes.default.svc")
        .containsEntry("SPARK_EXECUTOR_IMAGE", "apache/spark:4.0.1")
        .containsEntry("SPARK_DRIVER_HOST", "alice.team-a.svc")
        .containsEntry("SPARK_SERVICE_ACCOUNT", "alice");
    assertThat(env.get("PYSPARK_SUBMIT_ARGS")).contains("--deploy-mode client")
        .contains("spark.kubernetes.namespace=team-a").endsWith("pyspark-shell");
    assertThat(sts.getSpec().getTemplate().getSpec().getAutomountServiceAccountToken()).isTrue();
    assertThat(model().sparkRole().getRules().get(0).getResources()).contains("pods", "services");
    assertThat(model().sparkRoleBinding().getSubjects().get(0).getName()).isEqualTo("alice");
  }

  @Test
  void sparkExecutorsAreOwnedByTheWorkspacePodAndMeetPodSecurityRestricted() {
    cls.setSparkEnabled(true);
    StatefulSet sts = model().statefulSet();
    String args = env(sts.getSpec().getTemplate().getSpec().getContainers().get(0)).get("PYSPARK_SUBMIT_ARGS");
    // Spark gives executors an owner reference to the driver pod only when it knows the driver pod's name.
    assertThat(args).contains("--conf spark.kubernetes.driver.pod.name=alice-0")
        .contains("--conf spark.kubernetes.executor.label.air9.io/workspace=alice")
        .contains("--conf spark.kubernetes.executor.label.app.kubernetes.io/component=spark-executor")
        .doesNotContain("managed-by")
        .contains("--conf spark.kubernetes.executor.podTemplateFile=/etc/air9/spark/executor-pod-template.yaml");
    assertThat(sts.getSpec().getTemplate().getSpec().getVolumes())
        .anyMatch(v -> v.getConfigMap() != null && "alice-spark".equals(v.getConfigMap().getName()));
    assertThat(sts.getSpec().getTemplate().getSpec().getContainers().get(0).getVolumeMounts())
        .anyMatch(m -> "/etc/air9/spark".equals(m.getMountPath()));
    Pod template = Serialization.unmarshal(model().sparkConfig().getData().get("executor-pod-template.yaml"),
        Pod.class);
    assertThat(template.getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(template.getSpec().getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(template.getSpec().getContainers().get(0).getName()).isEqualTo("executor");
    assertThat(template.getSpec().getContainers().get(0).getSecurityContext().getCapabilities().getDrop())
        .containsExactly("ALL");
  }

  @Test
  void classesWithoutSparkMountNoSparkConfiguration() {
    StatefulSet sts = model().statefulSet();
    assertThat(sts.getSpec().getTemplate().getSpec().getVolumes()).hasSize(1);
    assertThat(env(sts.getSpec().getTemplate().getSpec().getContainers().get(0))).doesNotContainKey("PYSPARK_SUBMIT_ARGS");
  }

  @Test
  void homeClaimUsesTheRequestedOrDefaultSizeAndClassStorageClass() {
    assertThat(model().homeClaim().getSpec().getResources().getRequests().get("storage"))
        .isEqualTo(new Quantity("5Gi"));
    assertThat(model().homeClaim().getSpec().getStorageClassName()).isNull();
    ws.getSpec().setStorage(new Quantity("20Gi"));
    cls.setStorageClassName("fast");
    assertThat(model().homeClaim().getSpec().getResources().getRequests().get("storage"))
        .isEqualTo(new Quantity("20Gi"));
    assertThat(model().homeClaim().getSpec().getStorageClassName()).isEqualTo("fast");
    assertThat(model().homeClaim().getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
  }

  @Test
  void tokenSecretHoldsTheGivenTokenBase64Encoded() {
    String data = model().tokenSecret("s3cr3t").getData().get(WorkspaceModel.TOKEN_KEY);
    assertThat(new String(Base64.getDecoder().decode(data), StandardCharsets.UTF_8)).isEqualTo("s3cr3t");
  }

  @Test
  void serviceAndNetworkPolicyTargetTheWorkspacePod() {
    Map<String, String> podLabels = model().statefulSet().getSpec().getTemplate().getMetadata().getLabels();
    assertThat(podLabels).containsAllEntriesOf(model().service().getSpec().getSelector());
    assertThat(podLabels).containsAllEntriesOf(model().networkPolicy().getSpec().getPodSelector().getMatchLabels());
    assertThat(model().service().getSpec().getPorts().get(0).getPort()).isEqualTo(8888);
    assertThat(model().service().getSpec().getClusterIP()).as("headless: the StatefulSet's governing Service")
        .isEqualTo("None");
    assertThat(model().statefulSet().getSpec().getServiceName()).isEqualTo(model().service().getMetadata().getName());
    assertThat(model().networkPolicy().getSpec().getIngress().get(0).getFrom()).hasSize(2);
  }

  @Test
  void sparkExecutorsReachTheDriverThroughTheWorkspaceServiceOnFixedPorts() {
    cls.setSparkEnabled(true);
    String args = env(model().statefulSet().getSpec().getTemplate().getSpec().getContainers().get(0))
        .get("PYSPARK_SUBMIT_ARGS");
    assertThat(args).contains("--conf spark.driver.host=" + WorkspaceNames.serviceHost("alice", "team-a") + " ")
        .contains("--conf spark.driver.bindAddress=0.0.0.0 ")
        .contains("--conf spark.driver.port=7078 ")
        .contains("--conf spark.driver.blockManager.port=7079 ");
    var service = model().service();
    assertThat(service.getSpec().getPorts()).extracting(p -> p.getName() + ":" + p.getPort() + "->"
        + p.getTargetPort().getValue())
        .containsExactly("http:8888->http", "spark-driver:7078->7078", "spark-blockmgr:7079->7079");
    // The executors carry the workspace's labels, but the Service must reach the driver only.
    Map<String, String> executorLabels = new java.util.HashMap<>();
    model().sparkConf().forEach((k, v) -> {
      if (k.startsWith("spark.kubernetes.executor.label.")) {
        executorLabels.put(k.substring("spark.kubernetes.executor.label.".length()), v);
      }
    });
    executorLabels.put("spark-role", "executor");
    assertThat(executorLabels.entrySet().containsAll(service.getSpec().getSelector().entrySet()))
        .as("executors %s are not endpoints of the Service %s", executorLabels, service.getSpec().getSelector())
        .isFalse();
    var policy = model().networkPolicy().getSpec();
    assertThat(policy.getIngress()).hasSize(2);
    var sparkRule = policy.getIngress().get(1);
    assertThat(sparkRule.getFrom()).singleElement().satisfies(peer -> {
      assertThat(peer.getNamespaceSelector()).as("this namespace only").isNull();
      assertThat(executorLabels).containsAllEntriesOf(peer.getPodSelector().getMatchLabels());
      assertThat(peer.getPodSelector().getMatchLabels()).containsEntry("spark-role", "executor")
          .containsEntry("air9.io/workspace", "alice");
    });
    assertThat(sparkRule.getPorts()).extracting(p -> p.getPort().getIntVal()).containsExactly(7078, 7079);
  }

  @Test
  void withoutSparkTheServiceAndPolicyExposeOnlyTheApp() {
    assertThat(model().service().getSpec().getPorts()).extracting(p -> p.getName()).containsExactly("http");
    assertThat(model().networkPolicy().getSpec().getIngress()).singleElement()
        .satisfies(rule -> assertThat(rule.getPorts()).extracting(p -> p.getPort().getIntVal())
            .containsExactly(8888));
  }

  @Test
  void buildersArePure() {
    assertThat(Stream.of(model().statefulSet(), model().ingress(), model().homeClaim()).toList())
        .isEqualTo(List.of(model().statefulSet(), model().ingress(), model().homeClaim()));
  }

  @Test
  void envNamesAreUpperSnakeCase() {
    assertThat(WorkspaceModel.envName("raw-lake")).isEqualTo("RAW_LAKE");
    assertThat(WorkspaceModel.envName("accessKeyId")).isEqualTo("ACCESS_KEY_ID");
    assertThat(WorkspaceModel.envName("s3.raw")).isEqualTo("S3_RAW");
  }

  @Test
  void mlflowUriFollowsTheClassBaseUrlMode() {
    WorkspaceClassSpec mlflow = Fixtures.jupyter();
    mlflow.setPort(5000);
    mlflow.setBaseUrlMode(BaseUrlMode.Strip);
    assertThat(MlflowUri.of(OperatorSettings.defaults(), "team-a", "tracking", mlflow))
        .isEqualTo("http://tracking.team-a.svc:5000");
    mlflow.setBaseUrlMode(BaseUrlMode.Prefix);
    assertThat(MlflowUri.of(OperatorSettings.defaults(), "team-a", "tracking", mlflow))
        .isEqualTo("http://tracking.team-a.svc:5000/ws/team-a/tracking");
  }

  private StatefulSet withConnection(String version, ResolvedWorkspace.Running running, Map<String, String> env) {
    ws.getSpec().setEnv(env.entrySet().stream().map(e -> new EnvVar(e.getKey(), e.getValue())).toList());
    return new WorkspaceModel(new ResolvedWorkspace(ws, cls, OperatorSettings.defaults(),
        List.of(new ResolvedWorkspace.Connection("snowflake-prod", "snowflake", List.of("account", "password"),
            version)), null, false, false, running)).statefulSet();
  }

  private static ResolvedWorkspace.Running running(StatefulSet sts) {
    return new ResolvedWorkspace.Running(sts.getMetadata().getAnnotations().get(WorkspaceModel.TEMPLATE_HASH),
        sts.getSpec().getTemplate().getMetadata().getAnnotations().get(ConnectionVersions.ANNOTATION));
  }

  @Test
  void aRunningPodKeepsTheConnectionVersionsItStartedWithSoARotationRestartsNothing() {
    StatefulSet started = withConnection("100", null, Map.of());
    assertThat(started.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry(ConnectionVersions.ANNOTATION, "snowflake-prod=100");
    // rotated: the Secret's version is 200 now; the template (so the pod) stays exactly as it was
    StatefulSet rotated = withConnection("200", running(started), Map.of());
    assertThat(rotated.getSpec().getTemplate()).isEqualTo(started.getSpec().getTemplate());
    assertThat(ConnectionVersions.rotated("snowflake-prod=100", List.of(new ResolvedWorkspace.Connection(
        "snowflake-prod", "snowflake", List.of("account"), "200")))).containsExactly("snowflake-prod");
    // a new start (the StatefulSet asked for no pod) takes the versions of now
    assertThat(withConnection("200", null, Map.of()).getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry(ConnectionVersions.ANNOTATION, "snowflake-prod=200");
    // a spec change that rolls the pod anyway gives the new pod the versions of now
    StatefulSet changed = withConnection("200", running(started), Map.of("USER_VAR", "u"));
    assertThat(changed.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry(ConnectionVersions.ANNOTATION, "snowflake-prod=200");
    assertThat(changed.getMetadata().getAnnotations().get(WorkspaceModel.TEMPLATE_HASH))
        .isNotEqualTo(started.getMetadata().getAnnotations().get(WorkspaceModel.TEMPLATE_HASH));
    // a StatefulSet from before versions were recorded keeps none: upgrading the operator rolls no pod
    StatefulSet before = withConnection("200", new ResolvedWorkspace.Running(null, null), Map.of());
    assertThat(before.getSpec().getTemplate().getMetadata().getAnnotations()).isNull();
    // without connections: no annotation at all
    assertThat(model().statefulSet().getSpec().getTemplate().getMetadata().getAnnotations()).isNull();
  }
}
