package io.air9.platform.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The cull deadline the operator acts on and the API's fit check reports. */
class IdleTimerTest {

  static final Instant STARTED = Instant.parse("2026-12-01T05:00:00Z");

  static Workspace running(String lastActivity) {
    Workspace ws = new Workspace();
    ws.getMetadata().setName("train");
    if (lastActivity != null) {
      ws.getMetadata().setAnnotations(Map.of(Air9.ANNOTATION_LAST_ACTIVITY, lastActivity));
    }
    WorkspaceStatus status = new WorkspaceStatus();
    status.setStartedAt(STARTED.toString());
    ws.setStatus(status);
    return ws;
  }

  static WorkspaceClassSpec cls(boolean enabled, String timeout) {
    WorkspaceClassSpec cls = new WorkspaceClassSpec();
    cls.setCulling(new CullingPolicy(enabled, timeout, null));
    return cls;
  }

  @Test
  void deadlineIsTheLastSignOfLifePlusTheTimeout() {
    assertThat(IdleTimer.deadline(running(null), cls(true, "4h"), true)).contains(STARTED.plusSeconds(4 * 3600));
    assertThat(IdleTimer.deadline(running("2026-12-01T06:30:00Z"), cls(true, "1h"), true))
        .contains(Instant.parse("2026-12-01T07:30:00Z"));
    // Activity older than the current start does not count.
    assertThat(IdleTimer.deadline(running("2026-12-01T04:00:00Z"), cls(true, "1h"), true))
        .contains(STARTED.plusSeconds(3600));
  }

  @Test
  void noDeadlineWhenNotRunningOrNeverCulled() {
    assertThat(IdleTimer.deadline(running(null), cls(true, "4h"), false)).isEmpty();
    assertThat(IdleTimer.deadline(running(null), cls(false, "4h"), true)).isEmpty();
    assertThat(IdleTimer.deadline(running(null), cls(true, "0s"), true)).isEmpty();
    assertThat(IdleTimer.deadline(running(null), null, true)).isEmpty();
  }
}
