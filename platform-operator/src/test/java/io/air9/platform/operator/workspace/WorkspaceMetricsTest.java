package io.air9.platform.operator.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import io.air9.platform.model.Workspace;
import io.air9.platform.model.WorkspacePhase;
import io.air9.platform.model.WorkspaceStatus;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class WorkspaceMetricsTest {

  private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final WorkspaceMetrics metrics = new WorkspaceMetrics(registry);
  private final List<Workspace> cached = new CopyOnWriteArrayList<>();

  WorkspaceMetricsTest() {
    metrics.countPhasesOf(cached::stream);
  }

  private Timer timeToReady() {
    return registry.get("air9.workspace.time.to.ready").timer();
  }

  /** A workspace of the cache, its stored status in {@code phase} (none when null). */
  private Workspace cachedWorkspace(String name, WorkspacePhase phase) {
    Workspace ws = Fixtures.workspace(name);
    if (phase != null) {
      ws.setStatus(new WorkspaceStatus());
      ws.getStatus().setPhase(phase);
    }
    cached.add(ws);
    return ws;
  }

  @Test
  void theFirstReadyIsRecordedOnceFromCreation() {
    Workspace ws = cachedWorkspace("alice", WorkspacePhase.Provisioning);
    metrics.ready(ws, WorkspacePhase.Provisioning, CREATED.plusSeconds(10));
    assertThat(timeToReady().count()).as("not ready yet").isZero();

    metrics.ready(ws, WorkspacePhase.Running, CREATED.plusSeconds(42));
    metrics.ready(ws, WorkspacePhase.Running, CREATED.plusSeconds(50));
    assertThat(timeToReady().count()).isEqualTo(1);
    assertThat(timeToReady().totalTime(java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(42);

    // Stopped and started again: not a first Ready.
    ws.getStatus().setPhase(WorkspacePhase.Provisioning);
    metrics.ready(ws, WorkspacePhase.Running, CREATED.plusSeconds(3600));
    assertThat(timeToReady().count()).isEqualTo(1);
  }

  @Test
  void aWorkspaceAlreadyRunningWhenFirstSeenIsNotCounted() {
    // An operator restart or a new leader: its age is no time to ready.
    Workspace running = cachedWorkspace("alice", WorkspacePhase.Running);
    metrics.ready(running, WorkspacePhase.Running, CREATED.plus(Duration.ofDays(3)));
    assertThat(timeToReady().count()).isZero();

    Workspace fresh = cachedWorkspace("bob", null);
    metrics.ready(fresh, WorkspacePhase.Running, CREATED.plusSeconds(5));
    assertThat(timeToReady().count()).isEqualTo(1);
  }

  @Test
  void deletedWorkspacesAreForgottenSoWhatIsRememberedStaysBoundedUnderChurn() {
    Workspace longLived = cachedWorkspace("long-lived", WorkspacePhase.Provisioning);
    metrics.ready(longLived, WorkspacePhase.Running, CREATED.plusSeconds(1));
    int churn = 10 * WorkspaceMetrics.FORGET_FLOOR;
    for (int i = 0; i < churn; i++) {
      Workspace ws = cachedWorkspace("churn-" + i, WorkspacePhase.Provisioning);
      metrics.ready(ws, WorkspacePhase.Running, CREATED.plusSeconds(1));
      cached.remove(ws); // deleted
      assertThat(metrics.remembered()).isLessThanOrEqualTo(WorkspaceMetrics.FORGET_FLOOR);
    }
    assertThat(timeToReady().count()).isEqualTo(churn + 1);
    // The one still in the cache is not forgotten: it is not counted a second time.
    metrics.ready(longLived, WorkspacePhase.Running, CREATED.plusSeconds(99));
    assertThat(timeToReady().count()).isEqualTo(churn + 1);
  }

  @Test
  void whatIsRememberedGrowsWithTheWorkspacesCached() {
    int live = 3 * WorkspaceMetrics.FORGET_FLOOR;
    for (int i = 0; i < live; i++) {
      metrics.ready(cachedWorkspace("live-" + i, WorkspacePhase.Provisioning), WorkspacePhase.Running,
          CREATED.plusSeconds(1));
    }
    assertThat(metrics.remembered()).isEqualTo(live);
    assertThat(timeToReady().count()).isEqualTo(live);
  }
}
