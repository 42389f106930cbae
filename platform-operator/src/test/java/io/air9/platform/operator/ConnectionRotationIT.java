package io.air9.platform.operator;

import static io.air9.platform.operator.WorkspaceLifecycleIT.condition;
import static io.air9.platform.operator.WorkspaceLifecycleIT.events;
import static org.assertj.core.api.Assertions.assertThat;

import io.air9.platform.model.Workspace;
import io.air9.platform.operator.workspace.ConnectionVersions;
import io.air9.platform.operator.workspace.WorkspaceStatusAggregator;
import io.air9.platform.sim.junit.KubernetesClusterTest;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rotating a data connection (new values in its Secret) restarts no running workspace: the workspace says a restart
 * is needed, naming the connection and no value, and its next start uses the new values (a new pod, whose
 * environment the kubelet reads from the Secret when the container starts).
 */
@KubernetesClusterTest
class ConnectionRotationIT extends OperatorIT {

  private static final String NS = "team-rotation";
  private static final String OLD = "old-secret-value-1";
  private static final String NEW = "new-secret-value-2";

  @BeforeAll
  static void teamAndConnection() {
    team("rotation", "{cpu: \"8\", memory: 32Gi}");
    assertOk(apply(connection(OLD)));
  }

  private static String connection(String secretAccessKey) {
    return """
        apiVersion: v1
        kind: Secret
        metadata:
          name: lake
          namespace: %s
          labels: {air9.io/connection-type: s3}
        stringData: {accessKeyId: KEY, secretAccessKey: %s, endpoint: "https://s3.example.com", bucket: lake}
        """.formatted(NS, secretAccessKey);
  }

  private static Pod pod() {
    return client.pods().inNamespace(NS).withName("nb-0").get();
  }

  private static String rotated(Workspace w) {
    return w.getStatus() == null ? null : w.getStatus().getConditions().stream()
        .filter(c -> WorkspaceStatusAggregator.DEGRADED.equals(c.getType())
            && WorkspaceStatusAggregator.REASON_CONNECTION_ROTATED.equals(c.getReason()))
        .map(c -> c.getMessage()).findFirst().orElse(null);
  }

  @Test
  void aRotationRestartsNothingTheWorkspaceSaysARestartIsNeededAndTheNextStartUsesTheNewValues() {
    assertOk(apply(workspace(NS, "nb", "jupyterlab", "dataConnections: [lake]")));
    waitForPhase(NS, "nb", "Running", Duration.ofSeconds(120));
    Pod before = pod();
    String startedWith = before.getMetadata().getAnnotations().get(ConnectionVersions.ANNOTATION);
    assertThat(startedWith).startsWith("lake=");

    assertOk(apply(connection(NEW)));
    Workspace ws = waitFor(NS, "nb", w -> rotated(w) != null, Duration.ofSeconds(60));
    assertThat(rotated(ws)).isEqualTo(
        "the data connection lake was rotated after this workspace started; restart it to use the new credentials");
    assertThat(ws.getStatus().getPhase().name()).isEqualTo("Running");
    assertThat(pod().getMetadata().getUid()).as("the running pod was not restarted")
        .isEqualTo(before.getMetadata().getUid());
    assertThat(client.apps().statefulSets().inNamespace(NS).withName("nb").get().getSpec().getTemplate()
        .getMetadata().getAnnotations()).containsEntry(ConnectionVersions.ANNOTATION, startedWith);
    assertThat(Serialization.asJson(ws.getStatus())).doesNotContain(NEW).doesNotContain(OLD);
    assertThat(events(NS, "nb")).contains("ConnectionRotated").doesNotContain(NEW);

    // The user restarts it (stop, then start): a new pod with the Secret's current version, and the condition clears.
    assertOk(kubectl("patch", "ws", "nb", "-n", NS, "--type", "merge", "-p", "{\"spec\":{\"state\":\"Stopped\"}}"));
    waitForPhase(NS, "nb", "Stopped", Duration.ofSeconds(60));
    assertOk(kubectl("patch", "ws", "nb", "-n", NS, "--type", "merge", "-p", "{\"spec\":{\"state\":\"Running\"}}"));
    ws = waitForPhase(NS, "nb", "Running", Duration.ofSeconds(120));
    assertThat(rotated(ws)).isNull();
    assertThat(condition(ws, WorkspaceStatusAggregator.DEGRADED).getStatus()).isEqualTo("False");
    String current = client.secrets().inNamespace(NS).withName("lake").get().getMetadata().getResourceVersion();
    Pod after = client.pods().inNamespace(NS).withName("nb-0").waitUntilCondition(p -> p != null, 30,
        TimeUnit.SECONDS);
    assertThat(after.getMetadata().getUid()).isNotEqualTo(before.getMetadata().getUid());
    assertThat(after.getMetadata().getAnnotations()).containsEntry(ConnectionVersions.ANNOTATION, "lake=" + current);
  }
}
