package io.air9.platform.operator;

import io.air9.platform.model.WorkspaceNames;
import static org.assertj.core.api.Assertions.assertThat;

import io.air9.platform.model.Workspace;
import io.air9.platform.operator.common.Labels;
import io.air9.platform.operator.workspace.WorkspaceStatusAggregator;
import io.air9.platform.sim.cluster.Kubectl;
import io.air9.platform.sim.junit.KubernetesClusterTest;
import io.air9.platform.sim.junit.Waits;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Stop/start, resource edits, deletion and invalid specs, driven with the real kubectl. */
@KubernetesClusterTest
class WorkspaceLifecycleIT extends OperatorIT {

  private static final String NS = "team-lifecycle";
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @BeforeAll
  static void createTeam() {
    team("lifecycle", "{cpu: \"32\", memory: 128Gi, storage: 500Gi, maxWorkspaces: 20}");
  }

  @Test
  void stopThenStartKeepsTheVolumeAndItsClaim() {
    assertOk(apply(workspace(NS, "keeper", "jupyterlab", "storage: 3Gi\nresources: {cpu: \"1\", memory: 2Gi}")));
    waitForPhase(NS, "keeper", "Running", TIMEOUT);
    PersistentVolumeClaim before = client.persistentVolumeClaims().inNamespace(NS)
        .withName(WorkspaceNames.homeClaim("keeper")).get();
    assertThat(before.getStatus().getPhase()).isEqualTo("Bound");
    String volume = before.getSpec().getVolumeName();

    assertOk(kubectl("patch", "ws", "keeper", "-n", NS, "--type=merge", "-p", "{\"spec\":{\"state\":\"Stopped\"}}"));
    Workspace stopped = waitForPhase(NS, "keeper", "Stopped", TIMEOUT);
    assertThat(client.apps().statefulSets().inNamespace(NS).withName("keeper").get().getSpec().getReplicas())
        .isZero();
    assertThat(client.pods().inNamespace(NS).withName("keeper-0").get()).isNull();
    assertThat(condition(stopped, WorkspaceStatusAggregator.READY).getReason()).isEqualTo("Stopped");
    assertThat(stopped.getStatus().getStartedAt()).isNull();
    PersistentVolumeClaim whileStopped = client.persistentVolumeClaims().inNamespace(NS)
        .withName(WorkspaceNames.homeClaim("keeper")).get();
    assertThat(whileStopped.getMetadata().getUid()).isEqualTo(before.getMetadata().getUid());

    assertOk(kubectl("patch", "ws", "keeper", "-n", NS, "--type=merge", "-p", "{\"spec\":{\"state\":\"Running\"}}"));
    waitForPhase(NS, "keeper", "Running", TIMEOUT);
    PersistentVolumeClaim after = client.persistentVolumeClaims().inNamespace(NS)
        .withName(WorkspaceNames.homeClaim("keeper")).get();
    assertThat(after.getMetadata().getUid()).isEqualTo(before.getMetadata().getUid());
    assertThat(after.getSpec().getVolumeName()).isEqualTo(volume);
    Pod pod = client.pods().inNamespace(NS).withName("keeper-0").get();
    assertThat(pod.getSpec().getVolumes()).anySatisfy(v -> assertThat(v.getPersistentVolumeClaim().getClaimName())
        .isEqualTo(WorkspaceNames.homeClaim("keeper")));
  }

  @Test
  void editingResourcesRollsThePod() {
    assertOk(apply(workspace(NS, "roller", "vscode", "resources: {cpu: \"1\", memory: 2Gi}")));
    waitForPhase(NS, "roller", "Running", TIMEOUT);
    String firstPod = client.pods().inNamespace(NS).withName("roller-0").get().getMetadata().getUid();

    assertOk(apply(workspace(NS, "roller", "vscode", "resources: {cpu: \"2\", memory: 4Gi}")));
    Workspace rolled = waitFor(NS, "roller", w -> w.getStatus().getObservedGeneration() == 2
        && w.getStatus().getPhase().name().equals("Running"), TIMEOUT);
    Pod pod = client.pods().inNamespace(NS).withName("roller-0").get();
    assertThat(pod.getMetadata().getUid()).isNotEqualTo(firstPod);
    assertThat(pod.getSpec().getContainers().get(0).getResources().getLimits())
        .containsEntry("cpu", new Quantity("2")).containsEntry("memory", new Quantity("4Gi"));
    assertThat(condition(rolled, WorkspaceStatusAggregator.READY).getObservedGeneration()).isEqualTo(2L);
  }

  @Test
  void deleteRemovesEveryChild() {
    assertOk(apply(workspace(NS, "goner", "jupyterlab", "")));
    waitForPhase(NS, "goner", "Running", TIMEOUT);
    List<Supplier<HasMetadata>> children = List.of(
        () -> client.apps().statefulSets().inNamespace(NS).withName("goner").get(),
        () -> client.services().inNamespace(NS).withName("goner").get(),
        () -> client.serviceAccounts().inNamespace(NS).withName("goner").get(),
        () -> client.secrets().inNamespace(NS).withName("goner-token").get(),
        () -> client.persistentVolumeClaims().inNamespace(NS).withName("home-goner").get(),
        () -> client.network().v1().ingresses().inNamespace(NS).withName("goner").get(),
        () -> client.network().networkPolicies().inNamespace(NS).withName("goner").get(),
        () -> client.rbac().roles().inNamespace(NS).withName("goner-spark").get(),
        () -> client.rbac().roleBindings().inNamespace(NS).withName("goner-spark").get(),
        () -> client.pods().inNamespace(NS).withName("goner-0").get());
    assertThat(children).allSatisfy(child -> assertThat(child.get()).isNotNull());
    children.forEach(child -> assertThat(child.get().getMetadata().getOwnerReferences())
        .satisfiesAnyOf(refs -> assertThat(refs).anyMatch(r -> "Workspace".equals(r.getKind())),
            refs -> assertThat(child.get()).isInstanceOf(Pod.class)));

    assertOk(kubectl("delete", "ws", "goner", "-n", NS, "--wait=true", "--timeout=60s"));
    Waits.await("every child deleted", TIMEOUT, () -> children.stream().allMatch(c -> c.get() == null));
    assertThat(children).allSatisfy(child -> assertThat(child.get()).isNull());
  }

  @Test
  void theWorkspaceServiceIsHeadlessAndOneMadeWithAVirtualIpIsReplaced() {
    // A spec the class refuses gets no children: the Service an earlier version made can be put in place first.
    assertOk(apply(workspace(NS, "upgraded", "jupyterlab", "resources: {cpu: \"64\"}")));
    Workspace refused = waitForPhase(NS, "upgraded", "Failed", TIMEOUT);
    assertThat(client.services().inNamespace(NS).withName("upgraded").get()).isNull();
    // As an earlier version applied it (owned by the Workspace, same field manager), with a virtual IP: a cluster IP
    // cannot change once set, so applying the headless one over it would be refused.
    Service old = new ServiceBuilder().withNewMetadata().withName("upgraded").withNamespace(NS)
        .addToLabels(Labels.MANAGED_BY, Labels.MANAGER)
        .addNewOwnerReference().withApiVersion(refused.getApiVersion()).withKind("Workspace").withName("upgraded")
        .withUid(refused.getMetadata().getUid()).withController(true).withBlockOwnerDeletion(true).endOwnerReference()
        .endMetadata()
        .withNewSpec().withType("ClusterIP").addToSelector("air9.io/workspace", "upgraded")
        .addNewPort().withName("http").withPort(8888).endPort().endSpec().build();
    Service made = client.services().inNamespace(NS).resource(old).fieldManager("workspace").forceConflicts()
        .serverSideApply();
    assertThat(made.getSpec().getClusterIP()).isNotEqualTo("None");

    assertOk(apply(workspace(NS, "upgraded", "jupyterlab", "")));
    waitForPhase(NS, "upgraded", "Running", TIMEOUT);
    Service replaced = client.services().inNamespace(NS).withName("upgraded").get();
    assertThat(replaced.getSpec().getClusterIP()).isEqualTo("None");
    assertThat(replaced.getMetadata().getUid()).isNotEqualTo(made.getMetadata().getUid());
    assertThat(replaced.getMetadata().getOwnerReferences()).anyMatch(r -> "Workspace".equals(r.getKind()));
  }

  @Test
  void kubectlRefusesAnInvalidSpecNamingTheField() {
    Kubectl.Result reserved = apply(workspace(NS, "bad-env", "jupyterlab",
        "env: [{name: AIR9_TOKEN, value: stolen}]"));
    assertThat(reserved.exitCode()).isNotZero();
    assertThat(reserved.stderr()).contains("spec.env").contains("reserved for the platform");

    Kubectl.Result storage = apply(workspace(NS, "bad-storage", "jupyterlab", "storage: \"-1Gi\""));
    assertThat(storage.exitCode()).isNotZero();
    assertThat(storage.stderr()).contains("spec.storage").contains("positive quantity");

    Kubectl.Result state = apply(workspace(NS, "bad-state", "jupyterlab", "state: Paused"));
    assertThat(state.exitCode()).isNotZero();
    assertThat(state.stderr()).contains("spec.state").contains("Unsupported value");
    assertThat(client.resources(Workspace.class).inNamespace(NS).withName("bad-env").get()).isNull();
  }

  @Test
  void aSpecTheClassRefusesFailsWithInvalidSpecAndNoChildren() {
    assertOk(apply(workspace(NS, "too-big", "jupyterlab", "image: tensorflow\nresources: {cpu: \"64\"}")));
    Workspace failed = waitForPhase(NS, "too-big", "Failed", TIMEOUT);
    Condition degraded = condition(failed, WorkspaceStatusAggregator.DEGRADED);
    assertThat(degraded.getStatus()).isEqualTo("True");
    assertThat(degraded.getReason()).isEqualTo("InvalidSpec");
    assertThat(degraded.getMessage()).contains("spec.image").contains("spec.resources.cpu");
    assertThat(client.apps().statefulSets().inNamespace(NS).withName("too-big").get()).isNull();
    assertThat(client.persistentVolumeClaims().inNamespace(NS).withName("home-too-big").get()).isNull();
    assertThat(events(NS, "too-big")).contains("InvalidSpec");

    // fixing the spec heals it
    assertOk(apply(workspace(NS, "too-big", "jupyterlab", "image: scipy\nresources: {cpu: \"4\"}")));
    Workspace healed = waitForPhase(NS, "too-big", "Running", TIMEOUT);
    assertThat(condition(healed, WorkspaceStatusAggregator.DEGRADED).getStatus()).isEqualTo("False");
  }

  @Test
  void anUnchangedWorkspaceGetsNoStatusWrites() {
    assertOk(apply(workspace(NS, "quiet", "rstudio", "")));
    Workspace running = waitForPhase(NS, "quiet", "Running", TIMEOUT);
    Supplier<String> versions = () -> client.resources(Workspace.class).inNamespace(NS).withName("quiet").get()
        .getMetadata().getResourceVersion() + "/" + client.apps().statefulSets().inNamespace(NS).withName("quiet")
        .get().getMetadata().getResourceVersion();
    Waits.await("the start's last writes", TIMEOUT, Waits.unchangedFor(Duration.ofSeconds(2), versions));
    String settled = versions.get();
    // longer than the provisioning recheck (5 s): a level-triggered no-op loop would write here
    Waits.holds("no write to the workspace or its StatefulSet", Duration.ofSeconds(8),
        () -> versions.get().equals(settled));
    assertThat(running.getStatus().getConditions()).extracting(Condition::getType)
        .containsExactlyElementsOf(WorkspaceStatusAggregator.CONDITION_TYPES);
  }

  static Condition condition(Workspace ws, String type) {
    return ws.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElseThrow();
  }

  static String events(String ns, String name) {
    return kubectl("get", "events", "-n", ns, "--field-selector", "involvedObject.kind=Workspace,involvedObject.name="
        + name, "-o", "custom-columns=REASON:.reason,MESSAGE:.message").orThrow().stdout();
  }

}
