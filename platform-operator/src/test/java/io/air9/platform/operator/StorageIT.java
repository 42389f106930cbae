package io.air9.platform.operator;

import static io.air9.platform.operator.WorkspaceLifecycleIT.condition;
import static org.assertj.core.api.Assertions.assertThat;

import io.air9.platform.model.Workspace;
import io.air9.platform.model.WorkspaceNames;
import io.air9.platform.operator.workspace.WorkspaceStatusAggregator;
import io.air9.platform.sim.cluster.Kubectl;
import io.air9.platform.sim.junit.KubernetesClusterTest;
import io.air9.platform.sim.junit.Waits;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The home volume: grows, never shrinks (refused up front, naming its size); a refused child reads well. */
@KubernetesClusterTest
class StorageIT extends OperatorIT {

  private static final String NS = "team-storage";
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @BeforeAll
  static void createTeam() {
    team("storage", "{cpu: \"16\", memory: 64Gi, storage: 500Gi, maxWorkspaces: 10}");
  }

  @Test
  void storageCanGrowButNotShrink() {
    assertOk(apply(workspace(NS, "grower", "rstudio", "storage: 2Gi")));
    waitForPhase(NS, "grower", "Running", TIMEOUT);
    assertOk(kubectl("patch", "ws", "grower", "-n", NS, "--type=merge", "-p", "{\"spec\":{\"storage\":\"4Gi\"}}"));
    client.persistentVolumeClaims().inNamespace(NS).withName("home-grower").waitUntilCondition(
        pvc -> new Quantity("4Gi").equals(pvc.getSpec().getResources().getRequests().get("storage")),
        30, TimeUnit.SECONDS);
    Kubectl.Result shrink = kubectl("patch", "ws", "grower", "-n", NS, "--type=merge", "-p",
        "{\"spec\":{\"storage\":\"1Gi\"}}");
    assertThat(shrink.exitCode()).isNotZero();
    assertThat(shrink.stderr()).contains("spec.storage").contains("can grow but not shrink");
  }

  /** Issue 9: a workspace sized by its class default (5Gi) accepted storage: 1Gi and showed a raw exception. */
  @Test
  void shrinkingBelowTheClassDefaultIsRefusedByKubectlNamingTheCurrentSize() {
    assertOk(apply(workspace(NS, "defaulted", "jupyterlab", "")));
    Workspace running = waitFor(NS, "defaulted", w -> w.getStatus() != null && w.getStatus().getStorage() != null
        && w.getStatus().getPhase() != null && "Running".equals(w.getStatus().getPhase().name()), TIMEOUT);
    assertThat(running.getStatus().getStorage()).isEqualTo(new Quantity("5Gi"));

    Kubectl.Result shrink = kubectl("patch", "ws", "defaulted", "-n", NS, "--type=merge", "-p",
        "{\"spec\":{\"storage\":\"1Gi\"}}");
    assertThat(shrink.exitCode()).as(shrink.stdout()).isNotZero();
    assertThat(shrink.stderr()).contains("spec.storage").contains("the home volume is 5Gi");
    assertThat(client.resources(Workspace.class).inNamespace(NS).withName("defaulted").get().getSpec().getStorage())
        .isNull();

    // growing from the default still works, and the status follows the claim
    assertOk(kubectl("patch", "ws", "defaulted", "-n", NS, "--type=merge", "-p", "{\"spec\":{\"storage\":\"6Gi\"}}"));
    waitFor(NS, "defaulted", w -> new Quantity("6Gi").equals(w.getStatus().getStorage()), TIMEOUT);
    // and the status update itself passes the CRD rule that compares spec and status
    Workspace after = waitForPhase(NS, "defaulted", "Running", TIMEOUT);
    assertThat(condition(after, WorkspaceStatusAggregator.DEGRADED).getStatus()).isEqualTo("False");
  }

  /** Whatever the API server refuses, the status says what and why in words: no class, URL or stack trace. */
  @Test
  void aChildTheApiServerRefusesIsReportedReadably() {
    assertOk(apply("""
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicy
        metadata: {name: air9-it-refuse-home}
        spec:
          failurePolicy: Fail
          matchConstraints:
            resourceRules:
            - apiGroups: [""]
              apiVersions: [v1]
              operations: [CREATE, UPDATE]
              resources: [persistentvolumeclaims]
          validations:
          - expression: "object.metadata.name != 'home-refused'"
            message: "home volumes of this workspace are frozen by the administrator"
        ---
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicyBinding
        metadata: {name: air9-it-refuse-home}
        spec:
          policyName: air9-it-refuse-home
          validationActions: [Deny]
        """));
    try {
      // the policy takes effect asynchronously: wait until a server-side dry run of the claim is refused
      String claim = """
          apiVersion: v1
          kind: PersistentVolumeClaim
          metadata: {name: home-refused, namespace: %s}
          spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
          """.formatted(NS);
      Waits.await("the admission policy in force", TIMEOUT,
          () -> cluster.kubectl().runWithInput(claim, "create", "--dry-run=server", "-f", "-").exitCode() != 0);
      assertOk(apply(workspace(NS, "refused", "jupyterlab", "")));
      Workspace degraded = waitFor(NS, "refused", w -> w.getStatus() != null && w.getStatus().getConditions()
          .stream().anyMatch(c -> "Degraded".equals(c.getType()) && "ReconcileError".equals(c.getReason())),
          TIMEOUT);
      Condition c = condition(degraded, WorkspaceStatusAggregator.DEGRADED);
      assertThat(c.getMessage()).contains("PersistentVolumeClaim home-refused")
          .contains("frozen by the administrator")
          .doesNotContain("Exception", "http", "io.fabric8", "io.javaoperatorsdk", "Status(", "\tat ");
      assertThat(degraded.getStatus().getPhase().name()).isIn("Pending", "Provisioning");
      assertThat(client.persistentVolumeClaims().inNamespace(NS).withName(WorkspaceNames.homeClaim("refused"))
          .get()).isNull();
    } finally {
      kubectl("delete", "validatingadmissionpolicybinding", "air9-it-refuse-home", "--ignore-not-found");
      kubectl("delete", "validatingadmissionpolicy", "air9-it-refuse-home", "--ignore-not-found");
    }
    // once the API server accepts the claim, the workspace heals
    Workspace healed = waitForPhase(NS, "refused", "Running", Duration.ofSeconds(120));
    assertThat(condition(healed, WorkspaceStatusAggregator.DEGRADED).getStatus()).isEqualTo("False");
  }

  /**
   * Issue 7: a volume that is not bound yet (here: a StorageClass without provisioner, until an admin adds a
   * volume) keeps the workspace Pending with reason WaitingForVolume; it never passes through Failed.
   */
  @Test
  void aWorkspaceWaitsForItsVolumeWithoutEverFailing() {
    assertOk(apply("""
        apiVersion: storage.k8s.io/v1
        kind: StorageClass
        metadata: {name: air9-it-manual}
        provisioner: kubernetes.io/no-provisioner
        volumeBindingMode: Immediate
        """));
    assertOk(apply(SamplesIT.read("deploy/classes/jupyterlab.yaml").replace("name: jupyterlab", "name: manual")
        .replace("  defaultStorage: 5Gi", "  storageClassName: air9-it-manual\n  defaultStorage: 5Gi")));
    List<String> phases = new CopyOnWriteArrayList<>();
    try (Watch watch = client.resources(Workspace.class).inNamespace(NS).withField("metadata.name", "unbound")
        .watch(new Watcher<>() {
          @Override
          public void eventReceived(Action action, Workspace ws) {
            if (ws.getStatus() != null && ws.getStatus().getPhase() != null) {
              phases.add(ws.getStatus().getPhase().name() + "/" + condition(ws, "Ready").getReason());
            }
          }

          @Override
          public void onClose(WatcherException cause) {}
        })) {
      assertOk(apply(workspace(NS, "unbound", "manual", "")));
      Workspace waiting = waitFor(NS, "unbound", w -> w.getStatus() != null && w.getStatus().getConditions().stream()
          .anyMatch(c -> "Scheduled".equals(c.getType()) && "WaitingForVolume".equals(c.getReason())), TIMEOUT);
      assertThat(waiting.getStatus().getPhase().name()).isEqualTo("Pending");
      assertThat(condition(waiting, WorkspaceStatusAggregator.READY).getReason()).isEqualTo("WaitingForVolume");
      assertThat(condition(waiting, WorkspaceStatusAggregator.READY).getMessage())
          .isEqualTo("waiting for the home volume home-unbound to be bound (the claim is Pending)");
      assertThat(condition(waiting, WorkspaceStatusAggregator.DEGRADED).getStatus()).isEqualTo("False");
      // the scheduler has seen the pod and refused it for the unbound claim: still waiting, not failed
      client.pods().inNamespace(NS).withName("unbound-0").waitUntilCondition(p -> p != null
          && p.getStatus().getConditions().stream().anyMatch(c -> "Unschedulable".equals(c.getReason())),
          TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      Workspace stillWaiting = waitFor(NS, "unbound", w -> w.getStatus().getConditions().stream()
          .anyMatch(c -> "Ready".equals(c.getType()) && "WaitingForVolume".equals(c.getReason())), TIMEOUT);
      assertThat(stillWaiting.getStatus().getPhase().name()).isEqualTo("Pending");

      // an admin provides a volume: it binds, the pod schedules, the workspace runs
      assertOk(apply("""
          apiVersion: v1
          kind: PersistentVolume
          metadata: {name: air9-it-manual-pv}
          spec:
            capacity: {storage: 5Gi}
            accessModes: [ReadWriteOnce]
            storageClassName: air9-it-manual
            persistentVolumeReclaimPolicy: Retain
            hostPath: {path: /tmp/air9-it-manual-pv}
          """));
      waitForPhase(NS, "unbound", "Running", Duration.ofSeconds(120));
    } finally {
      kubectl("delete", "ws", "unbound", "-n", NS, "--ignore-not-found", "--wait=false");
    }
    System.out.println("[phases] workspace with a late volume: " + phases);
    assertThat(phases).isNotEmpty().noneMatch(p -> p.startsWith("Failed"));
    assertThat(phases).anyMatch(p -> p.equals("Pending/WaitingForVolume"));
  }
}
