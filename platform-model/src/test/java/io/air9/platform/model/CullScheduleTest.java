package io.air9.platform.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.air9.platform.model.CullSchedule.Cull;
import io.air9.platform.model.CullSchedule.Reason;
import io.air9.platform.model.validation.WorkspaceValidator;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import org.junit.jupiter.api.Test;

/** status.cullAt: the earliest of the idle deadline (with keep-alive), the maximum runtime and the GPU lease. */
class CullScheduleTest {

  static final Instant STARTED = Instant.parse("2026-12-01T05:00:00Z");

  static Workspace running(int gpus) {
    Workspace ws = IdleTimerTest.running(null);
    ws.getMetadata().setAnnotations(new HashMap<>());
    ws.getSpec().setResources(new ComputeResources(null, null, gpus));
    return ws;
  }

  /** A class with idle timeout 4h, maxRuntime 12h, GPU lease 6h, warnings 10m ahead, keep-alive up to 8h. */
  static WorkspaceClassSpec cls() {
    WorkspaceClassSpec cls = IdleTimerTest.cls(true, "4h");
    cls.getCulling().setMaxRuntime("12h");
    cls.getCulling().setGpuLease("6h");
    cls.getCulling().setMaxKeepAlive("8h");
    return cls;
  }

  static Instant at(String hhmm) {
    return Instant.parse("2026-12-01T" + hhmm + ":00Z");
  }

  static void activity(Workspace ws, String hhmm) {
    ws.getMetadata().getAnnotations().put(Air9.ANNOTATION_LAST_ACTIVITY, at(hhmm).toString());
  }

  static void keepAlive(Workspace ws, String hhmm) {
    ws.getMetadata().getAnnotations().put(Air9.ANNOTATION_KEEP_ALIVE_UNTIL, at(hhmm).toString());
  }

  @Test
  void anIdleWorkspaceIsCulledAtItsIdleDeadlineAndWarnedTenMinutesAhead() {
    Cull cull = CullSchedule.next(running(0), cls(), true).orElseThrow();
    assertThat(cull).isEqualTo(new Cull(at("09:00"), Reason.Idle, at("08:50")));
    assertThat(cull.warning(at("08:49"))).isFalse();
    assertThat(cull.warning(at("08:50"))).isTrue();
    assertThat(cull.extendable()).isTrue();
  }

  @Test
  void theMaximumRuntimeStopsAnActiveWorkspace() {
    Workspace ws = running(0);
    activity(ws, "15:00");
    assertThat(CullSchedule.next(ws, cls(), true)).contains(new Cull(at("17:00"), Reason.MaxRuntime, at("16:50")));
    activity(ws, "10:00");
    assertThat(CullSchedule.next(ws, cls(), true)).contains(new Cull(at("14:00"), Reason.Idle, at("13:50")));
  }

  @Test
  void theGpuLeaseAppliesOnlyToWorkspacesWithGpus() {
    Workspace gpu = running(1);
    activity(gpu, "10:00");
    assertThat(CullSchedule.next(gpu, cls(), true)).contains(new Cull(at("11:00"), Reason.GpuLease, at("10:50")));
    Workspace cpu = running(0);
    activity(cpu, "10:00");
    assertThat(CullSchedule.next(cpu, cls(), true).map(Cull::reason)).contains(Reason.Idle);
    // a workspace that sets no GPUs takes the class default
    Workspace byDefault = running(0);
    byDefault.getSpec().setResources(null);
    activity(byDefault, "10:00");
    WorkspaceClassSpec gpuClass = cls();
    gpuClass.setDefaultResources(new ComputeResources("1", "2Gi", 2));
    assertThat(CullSchedule.next(byDefault, gpuClass, true).map(Cull::reason)).contains(Reason.GpuLease);
  }

  @Test
  void hardLimitsApplyWhenIdleCullingIsOffOrTheWorkspaceNeverIdles() {
    Workspace ws = running(0);
    ws.getSpec().setIdleTimeout("0s");
    assertThat(CullSchedule.next(ws, cls(), true).map(Cull::reason)).contains(Reason.MaxRuntime);
    WorkspaceClassSpec off = cls();
    off.getCulling().setEnabled(false);
    assertThat(CullSchedule.next(running(0), off, true).map(Cull::at)).contains(at("17:00"));
    off.getCulling().setMaxRuntime(null);
    assertThat(CullSchedule.next(running(0), off, true)).isEmpty();
  }

  @Test
  void keepAliveMovesTheIdleDeadlineWithinItsBounds() {
    Workspace ws = running(0);
    keepAlive(ws, "11:00");
    assertThat(CullSchedule.next(ws, cls(), true).map(Cull::at)).contains(at("11:00"));
    // at most maxKeepAlive (8h) beyond the idle deadline without it (09:00)
    keepAlive(ws, "23:00");
    assertThat(CullSchedule.idleDeadline(ws, cls(), true)).contains(at("17:00"));
    // and never past the maximum runtime (17:00) or the GPU lease (11:00)
    assertThat(CullSchedule.next(ws, cls(), true)).contains(new Cull(at("17:00"), Reason.MaxRuntime, at("16:50")));
    Workspace gpu = running(1);
    keepAlive(gpu, "16:00");
    assertThat(CullSchedule.next(gpu, cls(), true).map(Cull::reason)).contains(Reason.GpuLease);
    assertThat(CullSchedule.keepAliveLimit(gpu, cls(), true)).contains(at("11:00"));
    // a keep-alive earlier than activity changes nothing, and an unparseable one is ignored
    keepAlive(ws, "06:00");
    assertThat(CullSchedule.next(ws, cls(), true).map(Cull::at)).contains(at("09:00"));
    ws.getMetadata().getAnnotations().put(Air9.ANNOTATION_KEEP_ALIVE_UNTIL, "tomorrow");
    assertThat(CullSchedule.next(ws, cls(), true).map(Cull::at)).contains(at("09:00"));
  }

  @Test
  void absurdDurationsStayValidTimes() {
    WorkspaceClassSpec cls = cls();
    cls.getCulling().setMaxRuntime("999999999999999h");
    Workspace ws = running(0);
    ws.getSpec().setIdleTimeout("999999999999999h");
    assertThat(CullSchedule.next(ws, cls, true).map(Cull::at)).contains(STARTED.plus(IdleTimer.LONGEST));
  }

  @Test
  void aClassWithoutMaxKeepAliveIgnoresKeepAlive() {
    WorkspaceClassSpec cls = cls();
    cls.getCulling().setMaxKeepAlive(null);
    Workspace ws = running(0);
    keepAlive(ws, "11:00");
    assertThat(CullSchedule.next(ws, cls, true).map(Cull::at)).contains(at("09:00"));
    assertThat(CullSchedule.keepAliveLimit(ws, cls, true)).isEmpty();
  }

  @Test
  void noScheduleUnlessRunningAndNoWarningWithWarnBeforeZero() {
    assertThat(CullSchedule.next(running(1), cls(), false)).isEmpty();
    Workspace stopping = running(1);
    stopping.getSpec().setState(DesiredState.Stopped);
    assertThat(CullSchedule.next(stopping, cls(), true)).isEmpty();
    WorkspaceClassSpec quiet = cls();
    quiet.getCulling().setWarnBefore("0s");
    Cull cull = CullSchedule.next(running(0), quiet, true).orElseThrow();
    assertThat(cull.warnAt()).isNull();
    assertThat(cull.warning(at("09:00"))).isFalse();
  }

  @Test
  void theSharedValidatorBoundsAKeepAliveByTheClassMaximum() {
    assertThat(WorkspaceValidator.validateKeepAlive("duration", "2h", cls())).isEmpty();
    assertThat(WorkspaceValidator.validateKeepAlive("duration", null, cls())).isEmpty();
    assertThat(WorkspaceValidator.validateKeepAlive("duration", "9h", cls()))
        .singleElement().satisfies(v -> assertThat(v.message()).contains("at most 8h"));
    assertThat(WorkspaceValidator.validateKeepAlive("duration", "soon", cls()))
        .singleElement().satisfies(v -> assertThat(v.field()).isEqualTo("duration"));
    assertThat(WorkspaceValidator.validateKeepAlive("duration", "0s", cls())).hasSize(1);
    WorkspaceClassSpec none = cls();
    none.getCulling().setMaxKeepAlive(null);
    assertThat(WorkspaceValidator.validateKeepAlive("duration", "1h", none))
        .singleElement().satisfies(v -> assertThat(v.message()).contains("offers no keep-alive"));
    assertThat(Duration.ofHours(8)).isEqualTo(CullSchedule.maxKeepAlive(cls()).orElseThrow());
  }
}
