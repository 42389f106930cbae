package io.air9.platform.install;

import static io.air9.platform.install.Helm.CHART;
import static io.air9.platform.install.Helm.REPO;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.air9.platform.sim.cluster.Kubectl;
import io.air9.platform.sim.cluster.KubernetesCluster;
import io.air9.platform.sim.junit.KubernetesClusterTest;
import io.air9.platform.sim.junit.Waits;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The installs of deploy/: the Helm chart linted and rendered with default and non-default values, every rendering
 * and every kustomize overlay accepted by the API server (server-side dry-run), and the chart installed for real, its
 * pods admitted under Pod Security "restricted" and scheduled on the simulated cluster's fake nodes (KWOK runs no
 * image). The dry-runs come first: the real install owns the same cluster-scoped names afterwards.
 */
@KubernetesClusterTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InstallIT {

  static final Path NON_DEFAULT = Path.of("src/test/resources/nondefault-values.yaml").toAbsolutePath();
  static final List<String> OVERLAYS = List.of("kind", "k3s", "openshift");

  static Helm helm;

  @BeforeAll
  static void prepare(KubernetesCluster cluster) {
    helm = new Helm(cluster.kubeconfig());
    Kubectl kubectl = cluster.kubectl();
    // The chart's CRDs, and stand-ins for the Prometheus Operator's and OpenShift's (test resources).
    kubectl.run("apply", "--server-side", "-f", REPO.resolve("deploy/crds").toString()).orThrow();
    kubectl.run("apply", "--server-side", "-f", Path.of("src/test/resources/crds").toAbsolutePath().toString())
        .orThrow();
    kubectl.run("wait", "--for=condition=Established", "--timeout=60s", "crd", "--all").orThrow();
    // Namespaced dry-runs need their namespace; the real install goes there too.
    kubectl.run("apply", "--server-side", "-f", REPO.resolve("deploy/kustomize/base/namespace.yaml").toString())
        .orThrow();
  }

  @Test
  @Order(1)
  void chartLintsWithDefaultAndNonDefaultValues() {
    Kubectl.Result plain = helm.run("lint", "--strict", CHART.toString());
    assertThat(plain.ok()).as(plain.stdout() + plain.stderr()).isTrue();
    Kubectl.Result other = helm.run("lint", "--strict", CHART.toString(), "--values", NON_DEFAULT.toString());
    assertThat(other.ok()).as(other.stdout() + other.stderr()).isTrue();
    Kubectl.Result noIssuer = helm.run("template", "air9", CHART.toString(), "--set", "oidc.issuerUri=");
    assertThat(noIssuer.ok()).isFalse();
    assertThat(noIssuer.stderr()).contains("oidc.issuerUri is required");
  }

  @Test
  @Order(2)
  void chartRbacIsTheRbacTheLeastPrivilegeItsTest() {
    Manifests chart = Manifests.parse(helm.template(CHART));
    Manifests operator = Manifests.read(REPO.resolve("deploy/rbac/operator-clusterrole.yaml"));
    Manifests teams = Manifests.read(REPO.resolve("deploy/rbac/team-roles-aggregated.yaml"));
    Manifests api = Manifests.read(REPO.resolve("platform-api/deploy/rbac.yaml"));
    assertThat(chart.get("ClusterRole", "air9-operator").get("rules"))
        .isEqualTo(operator.get("ClusterRole", "air9-operator").get("rules"));
    assertThat(chart.get("Role", "air9-operator-leader-election").get("rules"))
        .isEqualTo(operator.get("Role", "air9-operator-leader-election").get("rules"));
    assertThat(chart.get("ClusterRole", "air9-api").get("rules")).isEqualTo(api.get("ClusterRole", "air9-api").get("rules"));
    for (String role : List.of("air9-workspaces-edit", "air9-workspaces-view")) {
      assertThat(chart.get("ClusterRole", role).get("rules")).isEqualTo(teams.get("ClusterRole", role).get("rules"));
      JsonNode labels = chart.get("ClusterRole", role).at("/metadata/labels");
      teams.get("ClusterRole", role).at("/metadata/labels").properties().forEach(e ->
          assertThat(labels.get(e.getKey())).as("label %s of %s", e.getKey(), role).isEqualTo(e.getValue()));
    }
    // Exactly these RBAC objects: nothing broader slipped in.
    assertThat(chart.kinds().stream().filter(k -> k.startsWith("ClusterRole/") || k.startsWith("Role/")))
        .containsExactlyInAnyOrder("ClusterRole/air9-operator", "Role/air9-operator-leader-election",
            "ClusterRole/air9-workspaces-edit", "ClusterRole/air9-workspaces-view", "ClusterRole/air9-api");
    // Bindings name the ServiceAccounts the Deployments run as, in the release namespace.
    assertThat(chart.get("ClusterRoleBinding", "air9-operator").at("/subjects/0/namespace").asText())
        .isEqualTo("air9-system");
    assertThat(chart.get("Deployment", "air9-operator").at("/spec/template/spec/serviceAccountName").asText())
        .isEqualTo(chart.get("ClusterRoleBinding", "air9-operator").at("/subjects/0/name").asText());
    assertThat(chart.get("Deployment", "air9-api").at("/spec/template/spec/serviceAccountName").asText())
        .isEqualTo(chart.get("ClusterRoleBinding", "air9-api").at("/subjects/0/name").asText());
  }

  @Test
  @Order(3)
  void defaultValuesGiveTwoLeaderElectingOperatorsAndPssRestrictedPods() {
    Manifests chart = Manifests.parse(helm.template(CHART));
    assertThat(chart.get("Deployment", "air9-operator").at("/spec/replicas").asInt()).isEqualTo(2);
    assertThat(chart.env("air9-operator", "AIR9_LEADER_ELECTION_ENABLED")).contains("true");
    assertThat(chart.container("air9-operator").get("image").asText())
        .isEqualTo("ghcr.io/air9/platform-operator:0.1.0");
    assertThat(chart.container("air9-api").get("image").asText()).isEqualTo("ghcr.io/air9/platform-api:0.1.0");
    assertThat(chart.env("air9-operator", "AIR9_INGRESS_SCHEME")).contains("http");
    assertThat(chart.env("air9-operator", "AIR9_RECONCILE_CONCURRENCY")).as("the operator's own default").isEmpty();
    for (String deployment : List.of("air9-operator", "air9-api")) {
      JsonNode pod = chart.get("Deployment", deployment).at("/spec/template/spec");
      assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
      assertThat(pod.at("/securityContext/seccompProfile/type").asText()).isEqualTo("RuntimeDefault");
      JsonNode container = chart.container(deployment);
      assertThat(container.at("/securityContext/allowPrivilegeEscalation").asBoolean(true)).isFalse();
      assertThat(container.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
      assertThat(container.at("/securityContext/capabilities/drop/0").asText()).isEqualTo("ALL");
      assertThat(container.at("/volumeMounts/0/mountPath").asText()).isEqualTo("/tmp");
      assertThat(chart.get("PodDisruptionBudget", deployment).at("/spec/minAvailable").asInt()).isEqualTo(1);
    }
    assertThat(chart.ofKind("NetworkPolicy")).hasSize(3);
    assertThat(chart.find("ServiceMonitor", "air9")).isEmpty();
    assertThat(chart.get("Ingress", "air9-api").has("tls")).isFalse();
    assertThat(chart.ofKind("WorkspaceClass")).extracting(c -> c.at("/metadata/name").asText())
        .containsExactlyInAnyOrder("jupyterlab", "rstudio", "vscode", "mlflow");
  }

  @Test
  @Order(4)
  void nonDefaultValuesReachTheOperatorsAndTheApisSettings() {
    Manifests chart = Manifests.parse(helm.template(CHART, NON_DEFAULT));
    assertThat(chart.container("air9-operator").get("image").asText())
        .isEqualTo("registry.example.com/mirror/air9/platform-operator:0.2.0-rc1");
    assertThat(chart.container("air9-api").get("image").asText())
        .isEqualTo("registry.example.com/mirror/air9/platform-api:0.2.0-rc1");
    assertThat(chart.get("Deployment", "air9-operator").at("/spec/replicas").asInt()).isEqualTo(3);
    assertThat(chart.container("air9-operator").at("/resources/limits/memory").asText()).isEqualTo("2Gi");
    assertThat(chart.container("air9-api").at("/resources/requests/cpu").asText()).isEqualTo("300m");
    assertThat(chart.env("air9-operator", "AIR9_INGRESS_HOST")).contains("data.example.org");
    assertThat(chart.env("air9-operator", "AIR9_INGRESS_SCHEME")).contains("https");
    assertThat(chart.env("air9-operator", "AIR9_INGRESS_CLASS_NAME")).contains("traefik");
    assertThat(chart.env("air9-operator", "AIR9_INGRESS_NAMESPACE")).contains("kube-system");
    assertThat(chart.env("air9-operator", "AIR9_RECONCILE_CONCURRENCY")).contains("32");
    assertThat(chart.env("air9-api", "SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUERURI"))
        .contains("https://keycloak.example.org/realms/data");
    assertThat(chart.env("air9-api", "SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_JWKSETURI")).isPresent();
    assertThat(chart.env("air9-api", "AIR9_SECURITY_USERNAMECLAIM")).contains("email");
    assertThat(chart.env("air9-api", "AIR9_SECURITY_ADMINGROUP")).contains("platform-admins");
    assertThat(chart.env("air9-api", "SPRING_PROFILES_ACTIVE")).isEmpty();
    JsonNode ingress = chart.get("Ingress", "air9-api");
    assertThat(ingress.at("/spec/tls/0/secretName").asText()).isEqualTo("data-example-org-tls");
    assertThat(ingress.at("/spec/rules/0/host").asText()).isEqualTo("data.example.org");
    assertThat(ingress.at("/spec/ingressClassName").asText()).isEqualTo("traefik");
    JsonNode monitor = chart.get("ServiceMonitor", "air9");
    assertThat(monitor.at("/spec/endpoints/0/path").asText()).isEqualTo("/actuator/prometheus");
    assertThat(monitor.at("/metadata/labels/release").asText()).isEqualTo("kube-prometheus-stack");
    assertThat(chart.get("NetworkPolicy", "air9-api").toString()).contains("observability", "kube-system");
  }

  @Test
  @Order(5)
  void demoSignInRunsOneApiReplicaWithTheDemoProfile() {
    Manifests chart = Manifests.parse(helm.template(CHART, valuesFile("api: {demoSignIn: true}")));
    assertThat(chart.env("air9-api", "SPRING_PROFILES_ACTIVE")).contains("demo");
    assertThat(chart.get("Deployment", "air9-api").at("/spec/replicas").asInt()).isEqualTo(1);
    assertThat(chart.find("PodDisruptionBudget", "air9-api")).isEmpty();
    assertThat(chart.find("PodDisruptionBudget", "air9-operator")).isPresent();
  }

  @Test
  @Order(6)
  void kustomizeBaseIsRenderedFromTheChart(@TempDir Path tmp) throws IOException {
    Path fresh = tmp.resolve("air9.yaml");
    Kubectl.Result rendered = Helm.run(
        List.of(REPO.resolve("deploy/kustomize/render-base").toString(), fresh.toString()), null, Duration.ofMinutes(30));
    assertThat(rendered.ok()).as(rendered.stderr()).isTrue();
    assertThat(Files.readString(REPO.resolve("deploy/kustomize/base/air9.yaml")))
        .as("deploy/kustomize/base/air9.yaml is out of date: run deploy/kustomize/render-base")
        .isEqualTo(Files.readString(fresh));
  }

  @Test
  @Order(7)
  void packagedChartCarriesTheLinkedFiles(@TempDir Path tmp) throws IOException {
    helm.run("package", CHART.toString(), "--destination", tmp.toString()).orThrow();
    Path tgz = tmp.resolve("air9-0.1.0.tgz");
    assertThat(tgz).exists();
    assertThat(helm.template(tgz)).isEqualTo(helm.template(CHART));
    String crds = helm.run("show", "crds", tgz.toString()).orThrow().stdout();
    for (Path crd : Files.list(REPO.resolve("deploy/crds")).sorted().toList()) {
      assertThat(crds).contains(Files.readString(crd).strip());
    }
  }

  @Test
  @Order(8)
  void everyRenderingAndOverlayPassesServerSideDryRun(KubernetesCluster cluster) {
    Kubectl kubectl = cluster.kubectl();
    Map<String, String> renderings = new LinkedHashMap<>();
    renderings.put("chart, default values", helm.template(CHART));
    renderings.put("chart, non-default values", helm.template(CHART, NON_DEFAULT));
    for (String overlay : OVERLAYS) {
      renderings.put("overlay " + overlay,
          kubectl.run("kustomize", REPO.resolve("deploy/kustomize/" + overlay).toString()).orThrow().stdout());
    }
    renderings.forEach((what, yaml) -> {
      Kubectl.Result dryRun = kubectl.runWithInput(yaml, "apply", "--server-side", "--dry-run=server",
          "--field-manager=air9-install-it", "-f", "-");
      assertThat(dryRun.ok()).as(what + ": " + dryRun.stderr()).isTrue();
      assertThat(dryRun.stderr()).as(what + ": Pod Security warnings").doesNotContain("PodSecurity");
      assertThat(dryRun.stdout()).as(what).contains("deployment.apps/air9-operator serverside-applied (server dry run)");
    });
    assertThat(renderings.get("chart, non-default values")).contains("kind: ServiceMonitor");

    Manifests kind = Manifests.parse(renderings.get("overlay kind"));
    assertThat(kind.env("air9-api", "SPRING_PROFILES_ACTIVE")).contains("demo");
    assertThat(kind.env("air9-operator", "AIR9_INGRESS_HOST")).contains("air9.localtest.me");
    assertThat(kind.get("Ingress", "air9-api").at("/spec/rules/0/host").asText()).isEqualTo("air9.localtest.me");
    Manifests k3s = Manifests.parse(renderings.get("overlay k3s"));
    assertThat(k3s.env("air9-operator", "AIR9_INGRESS_CLASS_NAME")).contains("traefik");
    assertThat(k3s.get("Ingress", "air9-api").at("/spec/ingressClassName").asText()).isEqualTo("traefik");
    Manifests openshift = Manifests.parse(renderings.get("overlay openshift"));
    assertThat(openshift.ofKind("Ingress")).isEmpty();
    assertThat(openshift.get("Route", "air9-api").at("/spec/to/name").asText()).isEqualTo("air9-api");
    for (String deployment : List.of("air9-operator", "air9-api")) {
      JsonNode security = openshift.get("Deployment", deployment).at("/spec/template/spec/securityContext");
      assertThat(security.has("runAsUser") || security.has("runAsGroup") || security.has("fsGroup"))
          .as("OpenShift's SCC assigns the ids: " + security).isFalse();
      assertThat(security.at("/runAsNonRoot").asBoolean()).isTrue();
    }
  }

  @Test
  @Order(9)
  void installedChartRunsItsPodsOnTheFakeNodes(KubernetesCluster cluster, KubernetesClient client) {
    Kubectl.Result install = helm.run("install", "air9", CHART.toString(), "--namespace", "air9-system");
    assertThat(install.ok()).as(install.stderr()).isTrue();
    try {
      awaitRunningPods(client, "air9-operator", 2);
      awaitRunningPods(client, "air9-api", 2);
      for (String deployment : List.of("air9-operator", "air9-api")) {
        client.apps().deployments().inNamespace("air9-system").withName(deployment)
            .waitUntilCondition(d -> d.getStatus() != null
                && Integer.valueOf(2).equals(d.getStatus().getAvailableReplicas()), 120, TimeUnit.SECONDS);
      }
      assertThat(helm.run("status", "air9", "--namespace", "air9-system").orThrow().stdout())
          .contains("STATUS: deployed");
    } finally {
      Kubectl.Result uninstall = helm.run("uninstall", "air9", "--namespace", "air9-system", "--wait");
      assertThat(uninstall.ok()).as(uninstall.stderr()).isTrue();
    }
  }

  /** Waits until {@code count} pods of a component run, each on a KWOK fake node; says what they wait for if not. */
  private static void awaitRunningPods(KubernetesClient client, String component, int count) {
    Instant end = Instant.now().plus(Duration.ofMinutes(3));
    List<Pod> pods = List.of();
    while (Instant.now().isBefore(end)) {
      pods = client.pods().inNamespace("air9-system").withLabel("app.kubernetes.io/name", component).list()
          .getItems();
      List<Pod> running = pods.stream().filter(p -> "Running".equals(p.getStatus().getPhase())
          && p.getSpec().getNodeName() != null && isFakeNode(client.nodes().withName(p.getSpec().getNodeName()).get()))
          .toList();
      if (running.size() >= count) {
        return;
      }
      Waits.sleep(250);
    }
    String events = client.v1().events().inNamespace("air9-system").list().getItems().stream()
        .map(e -> e.getInvolvedObject().getName() + ": " + e.getReason() + " " + e.getMessage())
        .collect(Collectors.joining("\n"));
    throw new AssertionError(count + " running pods of " + component + " expected; pods: "
        + pods.stream().map(p -> p.getMetadata().getName() + " " + p.getStatus().getPhase() + " on "
        + p.getSpec().getNodeName()).toList() + "\nevents:\n" + events);
  }

  private static boolean isFakeNode(Node node) {
    return node != null && "fake".equals(node.getMetadata().getAnnotations().get("kwok.x-k8s.io/node"));
  }

  private static Path valuesFile(String yaml) {
    try {
      Path file = Files.createTempFile(Path.of("target").toAbsolutePath(), "values-", ".yaml");
      Files.writeString(file, yaml);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
