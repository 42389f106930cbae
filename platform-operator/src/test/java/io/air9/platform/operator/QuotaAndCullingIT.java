package io.air9.platform.operator;

import static io.air9.platform.operator.WorkspaceLifecycleIT.condition;
import static io.air9.platform.operator.WorkspaceLifecycleIT.events;
import static org.assertj.core.api.Assertions.assertThat;

import io.air9.platform.model.Air9;
import io.air9.platform.model.Workspace;
import io.air9.platform.operator.workspace.IdleCulling;
import io.air9.platform.operator.workspace.WorkspaceStatusAggregator;
import io.air9.platform.sim.junit.KubernetesClusterTest;
import io.air9.platform.sim.junit.Waits;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Team quota refusals explain themselves; idle workspaces are culled and active ones are not. */
@KubernetesClusterTest
class QuotaAndCullingIT extends OperatorIT {

  private static final String SMALL = "team-small";
  private static final String IDLE = "team-idle";
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @BeforeAll
  static void createTeams() {
    team("small", "{cpu: \"2\", memory: 8Gi, storage: 50Gi, maxWorkspaces: 5}");
    team("idle", "{cpu: \"16\", memory: 64Gi, storage: 100Gi, maxWorkspaces: 10}");
  }

  @Test
  void aWorkspaceOverItsTeamQuotaShowsWhyInStatusAndEvents() {
    assertOk(apply(workspace(SMALL, "greedy", "jupyterlab", "resources: {cpu: \"4\", memory: 4Gi}")));
    Workspace failed = waitFor(SMALL, "greedy", w -> w.getStatus() != null && w.getStatus().getConditions().stream()
        .anyMatch(c -> "Degraded".equals(c.getType()) && "QuotaExceeded".equals(c.getReason())), TIMEOUT);
    assertThat(failed.getStatus().getPhase().name()).as("awaited, not failed").isEqualTo("Pending");
    assertThat(condition(failed, WorkspaceStatusAggregator.READY).getReason()).isEqualTo("WaitingForQuota");
    Condition degraded = condition(failed, WorkspaceStatusAggregator.DEGRADED);
    assertThat(degraded.getStatus()).isEqualTo("True");
    assertThat(degraded.getMessage()).contains("exceeded quota").contains("air9-team-quota").contains("cpu");
    assertThat(condition(failed, WorkspaceStatusAggregator.SCHEDULED).getReason()).isEqualTo("QuotaExceeded");
    assertThat(condition(failed, WorkspaceStatusAggregator.READY).getStatus()).isEqualTo("False");
    assertThat(events(SMALL, "greedy")).contains("QuotaExceeded").contains("exceeded quota");

    // within the quota it starts
    assertOk(apply(workspace(SMALL, "greedy", "jupyterlab", "resources: {cpu: \"2\", memory: 4Gi}")));
    Workspace running = waitForPhase(SMALL, "greedy", "Running", TIMEOUT);
    assertThat(condition(running, WorkspaceStatusAggregator.DEGRADED).getReason()).isEqualTo("AsExpected");
  }

  @Test
  void anIdleWorkspaceIsCulledAndKeepsItsStorage() {
    long start = System.nanoTime();
    assertOk(apply(workspace(IDLE, "sleepy", "jupyterlab", "idleTimeout: 5s")));
    waitForPhase(IDLE, "sleepy", "Running", TIMEOUT);
    Workspace culled = waitForPhase(IDLE, "sleepy", "Stopped", TIMEOUT);
    System.out.printf("[measure] idle workspace (timeout 5s) from apply to culled and Stopped: %d ms%n",
        (System.nanoTime() - start) / 1_000_000);
    assertThat(culled.getSpec().getState().name()).isEqualTo("Stopped");
    assertThat(culled.getMetadata().getAnnotations()).containsKey(IdleCulling.ANNOTATION_CULLED_AT);
    assertThat(culled.getMetadata().getManagedFields())
        .anyMatch(f -> IdleCulling.FIELD_MANAGER.equals(f.getManager()));
    assertThat(client.persistentVolumeClaims().inNamespace(IDLE).withName("home-sleepy").get()).isNotNull();
    assertThat(events(IDLE, "sleepy")).contains("Culled");
    assertThat(operator.metrics().registry().get("air9.workspace.culls").counter().count()).isGreaterThanOrEqualTo(1);

    // the user starts it again like any stopped workspace
    assertOk(kubectl("patch", "ws", "sleepy", "-n", IDLE, "--type=merge", "-p",
        "{\"spec\":{\"state\":\"Running\",\"idleTimeout\":\"0s\"}}"));
    waitForPhase(IDLE, "sleepy", "Running", TIMEOUT);
  }

  @Test
  void activityReportedByTheAnnotationKeepsAWorkspaceRunning() {
    assertOk(apply(workspace(IDLE, "busy", "vscode", "idleTimeout: 6s")));
    waitForPhase(IDLE, "busy", "Running", TIMEOUT);
    // the simulator's job on the simulated cluster: report activity every 2 s for 12 s (twice the timeout)
    for (int i = 0; i < 6; i++) {
      assertOk(kubectl("annotate", "ws", "busy", "-n", IDLE, "--overwrite",
          Air9.ANNOTATION_LAST_ACTIVITY + "=" + Instant.now()));
      Waits.holds("busy is not culled while active", Duration.ofSeconds(2), () -> client.resources(Workspace.class)
          .inNamespace(IDLE).withName("busy").get().getSpec().getState().name().equals("Running"));
    }
    Workspace busy = client.resources(Workspace.class).inNamespace(IDLE).withName("busy").get();
    assertThat(busy.getStatus().getPhase().name()).isEqualTo("Running");
    // activity stops: culled after the timeout
    waitForPhase(IDLE, "busy", "Stopped", Duration.ofSeconds(30));
  }
}
