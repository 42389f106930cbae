package io.air9.platform.operator.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import io.air9.platform.model.Air9;
import io.air9.platform.model.ComputeResources;
import io.air9.platform.model.DesiredState;
import io.air9.platform.model.Workspace;
import io.air9.platform.model.WorkspaceClass;
import io.air9.platform.model.WorkspaceClassSpec;
import io.air9.platform.model.WorkspaceStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * status.cullAt, cullReason and cullWarning from the aggregator (the model's CullSchedule on the status just
 * computed), the recorder's CullWarning Event once per warning window, and the culler's next look.
 */
class CullStatusTest {

  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  private final Workspace ws = Fixtures.workspace("alice");
  private final WorkspaceClass wsc = new WorkspaceClass();

  CullStatusTest() {
    WorkspaceClassSpec cls = Fixtures.jupyter();
    cls.getCulling().setIdleTimeout("1h");
    cls.getCulling().setMaxRuntime("3h");
    cls.getCulling().setGpuLease("30m");
    cls.getCulling().setWarnBefore("10m");
    cls.getCulling().setMaxKeepAlive("2h");
    wsc.setMetadata(new ObjectMetaBuilder().withName("jupyterlab").build());
    wsc.setSpec(cls);
    ws.getMetadata().setAnnotations(new HashMap<>());
  }

  private static Pod readyPod() {
    return new PodBuilder().withNewMetadata().withName("alice-0").endMetadata()
        .withNewSpec().withNodeName("kwok-node-0").endSpec()
        .withNewStatus().withPhase("Running")
        .addNewCondition().withType("PodScheduled").withStatus("True").endCondition()
        .addNewCondition().withType("Ready").withStatus("True").endCondition()
        .endStatus().build();
  }

  /** Aggregates a running workspace at {@code now} and keeps the status as the previous one, as a patch would. */
  private WorkspaceStatus reconcileAt(Instant now) {
    WorkspaceObservation o = new WorkspaceObservation(ws, wsc, List.of(), null, readyPod(),
        new PersistentVolumeClaimBuilder().withNewMetadata().withName("home-alice").endMetadata()
            .withNewStatus().withPhase("Bound").endStatus().build(),
        List.of(), List.of(), List.of(), null, null, "http://x/", "img", now, null, null);
    return WorkspaceStatusAggregator.aggregate(o);
  }

  private Optional<String> recordAt(Instant now) {
    WorkspaceStatus status = reconcileAt(now);
    Optional<String> warning = WorkspaceStatusRecorder.cullWarning(ws, status, wsc.getSpec());
    ws.setStatus(status);
    return warning;
  }

  @Test
  void aRunningWorkspaceSaysWhenAndWhyItWillBeStopped() {
    ws.setStatus(reconcileAt(T0));
    WorkspaceStatus s = reconcileAt(T0.plusSeconds(60));
    assertThat(s.getCullAt()).isEqualTo(T0.plus(Duration.ofHours(1)).toString());
    assertThat(s.getCullReason()).isEqualTo("Idle");
    assertThat(s.getCullWarning()).isNull();
    assertThat(s).as("an unchanged world gives an equal status: no write").isEqualTo(ws.getStatus());

    ws.getMetadata().getAnnotations().put(Air9.ANNOTATION_LAST_ACTIVITY, T0.plus(Duration.ofHours(2)).toString());
    s = reconcileAt(T0.plus(Duration.ofHours(2)));
    assertThat(s.getCullAt()).isEqualTo(T0.plus(Duration.ofHours(3)).toString());
    assertThat(s.getCullReason()).isEqualTo("MaxRuntime");

    ws.getSpec().setResources(new ComputeResources(null, null, 1));
    assertThat(reconcileAt(T0.plusSeconds(60)).getCullReason()).isEqualTo("GpuLease");
  }

  @Test
  void aStoppedWorkspaceHasNoCullTime() {
    ws.setStatus(reconcileAt(T0));
    ws.getSpec().setState(DesiredState.Stopped);
    WorkspaceStatus s = reconcileAt(T0.plusSeconds(1));
    assertThat(s.getCullAt()).isNull();
    assertThat(s.getCullReason()).isNull();
  }

  @Test
  void theWarningBeginsWarnBeforeAheadAndItsEventIsSentOncePerWindow() {
    assertThat(recordAt(T0)).isEmpty();
    assertThat(recordAt(T0.plus(Duration.ofMinutes(49)))).isEmpty();
    assertThat(ws.getStatus().getCullWarning()).isNull();

    Optional<String> first = recordAt(T0.plus(Duration.ofMinutes(50)));
    assertThat(ws.getStatus().getCullWarning()).isTrue();
    assertThat(first).hasValueSatisfying(m -> assertThat(m)
        .contains("will be stopped at " + T0.plus(Duration.ofHours(1)))
        .contains("without activity (idle timeout 1h)").contains("keep it alive")
        .doesNotContain("http"));
    assertThat(recordAt(T0.plus(Duration.ofMinutes(55)))).as("once per window").isEmpty();

    // a keep-alive moves the deadline out of the window: the warning ends, and the next window warns again
    ws.getMetadata().getAnnotations().put(Air9.ANNOTATION_KEEP_ALIVE_UNTIL,
        T0.plus(Duration.ofMinutes(100)).toString());
    assertThat(recordAt(T0.plus(Duration.ofMinutes(56)))).isEmpty();
    assertThat(ws.getStatus().getCullWarning()).isNull();
    assertThat(ws.getStatus().getCullAt()).isEqualTo(T0.plus(Duration.ofMinutes(100)).toString());
    assertThat(recordAt(T0.plus(Duration.ofMinutes(90)))).hasValueSatisfying(m -> assertThat(m).contains("idle"));
  }

  @Test
  void aHardStopWarnsThatKeepAliveCannotHelp() {
    ws.getSpec().setIdleTimeout("0s");
    ws.getSpec().setResources(new ComputeResources(null, null, 1));
    assertThat(recordAt(T0)).isEmpty();
    assertThat(recordAt(T0.plus(Duration.ofMinutes(21)))).hasValueSatisfying(m -> assertThat(m)
        .contains("at the end of its GPU lease of 30m").contains("keep-alive cannot extend this"));
  }

  @Test
  void theCullerLooksAgainAtTheWarningThenAtTheDeadline() {
    WorkspaceCuller culler = new WorkspaceCuller(io.air9.platform.operator.OperatorSettings.defaults(), null);
    ws.setStatus(reconcileAt(T0));
    assertThat(culler.check(ws, ws.getStatus(), wsc, null, T0))
        .contains(Duration.ofMinutes(50).plusMillis(200));
    assertThat(culler.check(ws, ws.getStatus(), wsc, null, T0.plus(Duration.ofMinutes(52))))
        .contains(Duration.ofMinutes(8).plusMillis(200));
    wsc.getSpec().getCulling().setEnabled(false);
    wsc.getSpec().getCulling().setMaxRuntime(null);
    assertThat(culler.check(ws, ws.getStatus(), wsc, null, T0)).as("nothing will stop it: no timer").isEmpty();
  }
}
