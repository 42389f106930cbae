package io.air9.platform.operator;

import static io.air9.platform.operator.WorkspaceLifecycleIT.events;
import static org.assertj.core.api.Assertions.assertThat;

import io.air9.platform.model.Air9;
import io.air9.platform.model.Workspace;
import io.air9.platform.operator.workspace.IdleCulling;
import io.air9.platform.sim.junit.KubernetesClusterTest;
import io.air9.platform.sim.junit.Waits;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Negotiated culling on the simulated cluster, with classes of short durations: status.cullAt and cullReason, the
 * CullWarning Event and status.cullWarning, keep-alive moving cullAt (kubectl annotate, as the API does), the maximum
 * runtime stopping a workspace that is in use, and a GPU lease stopping a GPU workspace.
 */
@KubernetesClusterTest
class CullingIT extends OperatorIT {

  private static final String NS = "team-cull";
  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  @BeforeAll
  static void teamAndClasses() {
    team("cull", "{cpu: \"32\", memory: 128Gi, gpu: 2, storage: 100Gi, maxWorkspaces: 10}");
    String jupyter = SamplesIT.read("deploy/classes/jupyterlab.yaml");
    String culling = jupyter.substring(jupyter.indexOf("  culling: {"), jupyter.indexOf("  sparkEnabled:"));
    // idle after 20 s, warned 15 s ahead, keep-alive up to 60 s beyond the idle deadline
    assertOk(apply(jupyter.replace("name: jupyterlab", "name: cull-quick").replace(culling,
        "  culling: {enabled: true, idleTimeout: 20s, warnBefore: 15s, maxKeepAlive: 60s, maxRuntime: 10m}\n")));
    // never idle for 10 min, but at most 25 s of runtime, and a GPU lease of 12 s
    assertOk(apply(jupyter.replace("name: jupyterlab", "name: cull-hard").replace(culling,
        "  culling: {enabled: true, idleTimeout: 10m, warnBefore: 5s, maxRuntime: 25s, gpuLease: 12s}\n")));
  }

  private static Workspace get(String name) {
    return client.resources(Workspace.class).inNamespace(NS).withName(name).get();
  }

  /**
   * Applies a workspace and waits until it runs with a cull time; checks the reason and that cullAt is the start
   * plus {@code after}. Returns the start.
   */
  private static Instant runsUntil(String name, String cls, String extraSpec, String reason, Duration after) {
    assertOk(apply(workspace(NS, name, cls, extraSpec)));
    Workspace running = waitFor(NS, name, w -> w.getStatus() != null && w.getStatus().getCullAt() != null,
        TIMEOUT);
    Instant started = instant(running.getStatus().getStartedAt());
    assertThat(running.getStatus().getCullReason()).isEqualTo(reason);
    assertThat(instant(running.getStatus().getCullAt())).isEqualTo(started.plus(after));
    return started;
  }

  private static Instant instant(String rfc3339) {
    return Instant.parse(rfc3339);
  }

  @Test
  void cullAtIsSetTheWarningArrivesAndKeepAliveMovesIt() {
    runsUntil("idler", "cull-quick", "", "Idle", Duration.ofSeconds(20));

    // 15 s ahead of the deadline: the warning, in the status (which the API's stream carries) and as an Event
    Workspace warned = waitFor(NS, "idler", w -> Boolean.TRUE.equals(w.getStatus().getCullWarning()), TIMEOUT);
    String cullAt = warned.getStatus().getCullAt();
    assertThat(instant(cullAt)).isEqualTo(instant(warned.getStatus().getStartedAt()).plusSeconds(20));
    assertThat(kubectl("get", "ws", "idler", "-n", NS).orThrow().stdout()).contains("CULL-AT").contains(cullAt);
    Waits.await("the CullWarning event", TIMEOUT, () -> events(NS, "idler").contains("CullWarning"));
    assertThat(events(NS, "idler")).contains("will be stopped at " + cullAt)
        .contains("keep it alive");

    // keep-alive, as a kubectl user (or the API) writes it: cullAt moves there and the warning ends
    Instant until = Instant.now().plusSeconds(40).truncatedTo(ChronoUnit.SECONDS);
    assertOk(kubectl("annotate", "ws", "idler", "-n", NS, "--overwrite",
        Air9.ANNOTATION_KEEP_ALIVE_UNTIL + "=" + until));
    Workspace kept = waitFor(NS, "idler", w -> until.toString().equals(w.getStatus().getCullAt()), TIMEOUT);
    assertThat(kept.getStatus().getCullWarning()).isNull();
    assertThat(kept.getStatus().getCullReason()).isEqualTo("Idle");
    assertThat(kept.getSpec().isStopped()).as("not culled at the old deadline").isFalse();

    // culled at the kept-alive deadline, not before; a second warning came for the new deadline
    Workspace culled = waitForPhase(NS, "idler", "Stopped", TIMEOUT);
    assertThat(instant(culled.getMetadata().getAnnotations().get(IdleCulling.ANNOTATION_CULLED_AT)))
        .isAfterOrEqualTo(until);
    assertThat(culled.getStatus().getCullAt()).isNull();
    assertThat(events(NS, "idler").lines().filter(l -> l.startsWith("CullWarning")).count()).isEqualTo(2);
  }

  @Test
  void theMaximumRuntimeStopsAWorkspaceInUse() {
    Instant started = runsUntil("busy", "cull-hard", "", "MaxRuntime", Duration.ofSeconds(25));
    // the user keeps working (activity every 2 s) and asks for keep-alive: the maximum runtime stops it anyway
    assertOk(kubectl("annotate", "ws", "busy", "-n", NS, "--overwrite",
        Air9.ANNOTATION_KEEP_ALIVE_UNTIL + "=" + Instant.now().plusSeconds(600)));
    Instant[] marked = {Instant.EPOCH};
    Waits.await("busy stopped at its maximum runtime", TIMEOUT, () -> {
      Workspace ws = get("busy");
      if (ws.getSpec().isStopped()) {
        return true;
      }
      if (Instant.now().isAfter(marked[0].plusSeconds(2))) {
        marked[0] = Instant.now();
        assertOk(kubectl("annotate", "ws", "busy", "-n", NS, "--overwrite",
            Air9.ANNOTATION_LAST_ACTIVITY + "=" + marked[0]));
      }
      return false;
    });
    Workspace stopped = get("busy");
    assertThat(instant(stopped.getMetadata().getAnnotations().get(IdleCulling.ANNOTATION_CULLED_AT)))
        .isAfterOrEqualTo(started.plusSeconds(25));
    assertThat(events(NS, "busy")).contains("CullWarning").contains("keep-alive cannot extend this")
        .contains("at the class's maximum runtime of 25s");
  }

  @Test
  void aGpuLeaseStopsAGpuWorkspace() {
    runsUntil("trainer", "cull-hard", "resources: {cpu: \"1\", memory: 2Gi, gpu: 1}", "GpuLease",
        Duration.ofSeconds(12));
    Workspace stopped = waitForPhase(NS, "trainer", "Stopped", TIMEOUT);
    assertThat(stopped.getSpec().isStopped()).isTrue();
    assertThat(events(NS, "trainer")).contains("Culled").contains("at the end of its GPU lease of 12s");
  }
}
