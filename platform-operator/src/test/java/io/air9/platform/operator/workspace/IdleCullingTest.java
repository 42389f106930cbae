package io.air9.platform.operator.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import io.air9.platform.model.Air9;
import io.air9.platform.model.CullingPolicy;
import io.air9.platform.model.DesiredState;
import io.air9.platform.model.Workspace;
import io.air9.platform.model.WorkspaceClassSpec;
import io.air9.platform.model.WorkspaceStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import org.junit.jupiter.api.Test;

class IdleCullingTest {

  private static final Instant STARTED = Instant.parse("2026-01-01T10:00:00Z");
  private final WorkspaceClassSpec cls = Fixtures.jupyter();
  private final Workspace ws = running();

  private static Workspace running() {
    Workspace ws = Fixtures.workspace("alice");
    WorkspaceStatus s = new WorkspaceStatus();
    s.setStartedAt(STARTED.toString());
    ws.setStatus(s);
    return ws;
  }

  @Test
  void parsesGoStyleDurations() {
    assertThat(IdleCulling.parse("4h")).isEqualTo(Duration.ofHours(4));
    assertThat(IdleCulling.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(IdleCulling.parse("45s")).isEqualTo(Duration.ofSeconds(45));
    assertThat(IdleCulling.parse("0s")).isZero();
    assertThat(IdleCulling.parse("soon")).isNull();
  }

  @Test
  void theWorkspaceOverridesTheClassTimeoutAndZeroMeansNever() {
    assertThat(IdleCulling.timeout(ws, cls)).contains(Duration.ofHours(4));
    ws.getSpec().setIdleTimeout("90m");
    assertThat(IdleCulling.timeout(ws, cls)).contains(Duration.ofMinutes(90));
    ws.getSpec().setIdleTimeout("0s");
    assertThat(IdleCulling.timeout(ws, cls)).isEmpty();
  }

  @Test
  void classesWithCullingDisabledAreNeverCulled() {
    cls.setCulling(new CullingPolicy(false, "1m", null));
    ws.getSpec().setIdleTimeout("1m");
    assertThat(IdleCulling.remaining(ws, cls, true, STARTED.plus(Duration.ofDays(1)))).isEmpty();
  }

  @Test
  void idleSinceStartWithoutActivity() {
    ws.getSpec().setIdleTimeout("10m");
    assertThat(IdleCulling.remaining(ws, cls, true, STARTED.plusSeconds(60))).contains(Duration.ofMinutes(9));
    assertThat(IdleCulling.remaining(ws, cls, true, STARTED.plus(Duration.ofMinutes(10)))).contains(Duration.ZERO);
  }

  @Test
  void recentActivityPostponesCulling() {
    ws.getSpec().setIdleTimeout("10m");
    ws.getMetadata().setAnnotations(new HashMap<>());
    ws.getMetadata().getAnnotations().put(Air9.ANNOTATION_LAST_ACTIVITY, "2026-01-01T10:30:00Z");
    assertThat(IdleCulling.remaining(ws, cls, true, STARTED.plus(Duration.ofMinutes(35))))
        .contains(Duration.ofMinutes(5));
    // activity before the current run started does not count
    ws.getMetadata().getAnnotations().put(Air9.ANNOTATION_LAST_ACTIVITY, "2026-01-01T09:00:00+00:00");
    assertThat(IdleCulling.lastActivity(ws)).contains(STARTED);
  }

  @Test
  void noTimerUnlessRunning() {
    assertThat(IdleCulling.remaining(ws, cls, false, STARTED.plus(Duration.ofDays(1)))).isEmpty();
    ws.getSpec().setState(DesiredState.Stopped);
    assertThat(IdleCulling.remaining(ws, cls, true, STARTED.plus(Duration.ofDays(1)))).isEmpty();
  }
}
