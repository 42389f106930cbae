package io.air9.platform.operator.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import io.air9.platform.model.BaseUrlMode;
import io.air9.platform.model.CullingPolicy;
import io.air9.platform.model.Workspace;
import io.air9.platform.model.WorkspaceClassSpec;
import io.air9.platform.operator.OperatorSettings;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ActivityProbeTest {

  private final WorkspaceClassSpec cls = Fixtures.jupyter();
  private final Workspace ws = Fixtures.workspace("alice");
  private final OperatorSettings on = OperatorSettings.defaults().withActivityProbe(true);

  @Test
  void readsJupyterAndCodeServerActivity() {
    assertThat(ActivityProbe.parse("{\"started\": \"2026-01-01T08:00:00.000000Z\", "
        + "\"last_activity\": \"2026-01-01T09:30:00.123456Z\", \"connections\": 1, \"kernels\": 2}"))
        .contains(Instant.parse("2026-01-01T09:30:00.123456Z"));
    assertThat(ActivityProbe.parse("{\"status\":\"alive\",\"lastHeartbeat\":1767259800000}"))
        .contains(Instant.ofEpochMilli(1767259800000L));
    assertThat(ActivityProbe.parse("{\"status\":\"expired\",\"lastHeartbeat\":0}")).isEmpty();
    assertThat(ActivityProbe.parse("<html>login</html>")).isEmpty();
  }

  @Test
  void probesTheServiceUnderTheBaseUrl() {
    assertThat(ActivityProbe.url(on, ws, cls)).isEqualTo("http://alice.team-a.svc:8888/ws/team-a/alice/api/status");
    cls.setBaseUrlMode(BaseUrlMode.Strip);
    cls.setCulling(new CullingPolicy(true, "4h", "healthz"));
    cls.setPort(8080);
    assertThat(ActivityProbe.url(on, ws, cls)).isEqualTo("http://alice.team-a.svc:8080/healthz");
  }

  @Test
  void theCullerAsksOnlyWhenProbingIsOnAndTheClassHasAnActivityPath() {
    ActivityProbe probe = new ActivityProbe();
    Instant now = Instant.parse("2026-01-01T10:00:00Z");
    assertThat(probe.mustProbeBeforeCulling(OperatorSettings.defaults(), ws, cls, now)).isFalse();
    assertThat(probe.mustProbeBeforeCulling(on, ws, cls, now)).isTrue();
    cls.setCulling(new CullingPolicy(true, "4h", null));
    assertThat(probe.mustProbeBeforeCulling(on, ws, cls, now)).isFalse();
  }
}
