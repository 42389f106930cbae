package io.air9.platform.sim.activity;

import static org.assertj.core.api.Assertions.assertThat;

import io.air9.platform.model.Air9;
import io.air9.platform.model.Workspace;
import io.air9.platform.model.WorkspacePhase;
import io.air9.platform.model.WorkspaceStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import org.junit.jupiter.api.Test;

class ActivitySimulatorTest {

  private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
  private static final Duration MIN = Duration.ofSeconds(30);

  private static Workspace workspace(WorkspacePhase phase, String simUser, String lastActivity) {
    Workspace ws = new Workspace();
    ws.getMetadata().setName("w");
    ws.getMetadata().setAnnotations(new HashMap<>());
    if (simUser != null) {
      ws.getMetadata().getAnnotations().put(ActivitySimulator.ANNOTATION_SIM_USER, simUser);
    }
    if (lastActivity != null) {
      ws.getMetadata().getAnnotations().put(Air9.ANNOTATION_LAST_ACTIVITY, lastActivity);
    }
    WorkspaceStatus status = new WorkspaceStatus();
    status.setPhase(phase);
    ws.setStatus(status);
    return ws;
  }

  @Test
  void runningWorkspaceOfAnActiveUserIsMarked() {
    assertThat(ActivitySimulator.shouldMarkActive(workspace(WorkspacePhase.Running, null, null), NOW, MIN)).isTrue();
    assertThat(ActivitySimulator.shouldMarkActive(
        workspace(WorkspacePhase.Running, "active", "2026-11-23T09:59:00Z"), NOW, MIN)).isTrue();
  }

  @Test
  void recentActivityIsNotRewrittenEveryTick() {
    assertThat(ActivitySimulator.shouldMarkActive(
        workspace(WorkspacePhase.Running, null, "2026-11-23T09:59:45Z"), NOW, MIN)).isFalse();
  }

  @Test
  void idleUsersAndStoppedWorkspacesAreLeftAlone() {
    assertThat(ActivitySimulator.shouldMarkActive(workspace(WorkspacePhase.Running, "idle", null), NOW, MIN)).isFalse();
    assertThat(ActivitySimulator.shouldMarkActive(workspace(WorkspacePhase.Running, "away", null), NOW, MIN)).isFalse();
    assertThat(ActivitySimulator.shouldMarkActive(workspace(WorkspacePhase.Stopped, null, null), NOW, MIN)).isFalse();
    assertThat(ActivitySimulator.shouldMarkActive(workspace(WorkspacePhase.Provisioning, null, null), NOW, MIN)).isFalse();
  }

  @Test
  void unparsableTimestampCountsAsNoActivity() {
    assertThat(ActivitySimulator.shouldMarkActive(workspace(WorkspacePhase.Running, null, "yesterday"), NOW, MIN)).isTrue();
  }
}
