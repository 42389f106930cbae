package io.air9.platform.api.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

import io.air9.platform.api.kube.Caches;
import io.air9.platform.model.Workspace;
import io.air9.platform.model.WorkspacePhase;
import io.air9.platform.model.WorkspaceStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PhaseHistoryTest {

  static Workspace ws(String name, WorkspacePhase phase, boolean deleting) {
    Workspace w = new Workspace();
    w.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("team-a")
        .withDeletionTimestamp(deleting ? "2026-12-01T08:00:00Z" : null).build());
    if (phase != null) {
      WorkspaceStatus status = new WorkspaceStatus();
      status.setPhase(phase);
      w.setStatus(status);
    }
    return w;
  }

  @Test
  void countsByPhaseInLifecycleOrderWithNewAndDeleting() {
    Map<String, Integer> counts = PhaseHistory.count(List.of(ws("a", WorkspacePhase.Running, false),
        ws("b", WorkspacePhase.Stopped, false), ws("c", WorkspacePhase.Running, false), ws("d", null, false),
        ws("e", WorkspacePhase.Running, true), ws("f", WorkspacePhase.Pending, false)));
    assertThat(counts).containsExactly(Map.entry("New", 1), Map.entry("Pending", 1), Map.entry("Running", 2),
        Map.entry("Stopped", 1), Map.entry("Deleting", 1));
  }

  @Test
  void keepsTheLastSamplesAndAddsTheCacheNow() {
    Caches caches = mock(Caches.class);
    List<Workspace> cache = new ArrayList<>();
    given(caches.synced()).willReturn(true);
    given(caches.allWorkspaces()).willAnswer(i -> List.copyOf(cache));
    MutableClock clock = new MutableClock(Instant.parse("2026-12-01T08:00:00Z"));
    PhaseHistory history = new PhaseHistory(caches, clock, Duration.ofSeconds(30), 3, false);
    for (int i = 0; i < 5; i++) {
      cache.add(ws("w" + i, i % 2 == 0 ? WorkspacePhase.Running : WorkspacePhase.Stopped, false));
      history.sample();
      clock.now = clock.now.plusSeconds(30);
    }
    PhaseHistory.History h = history.history();
    assertThat(h.since()).isEqualTo(Instant.parse("2026-12-01T08:00:00Z"));
    assertThat(h.intervalSeconds()).isEqualTo(30);
    assertThat(h.capacity()).isEqualTo(3);
    // The oldest two of five samples were dropped; the last entry is the cache at the time of the request.
    assertThat(h.samples()).extracting(PhaseHistory.Sample::time).containsExactly(
        Instant.parse("2026-12-01T08:01:00Z"), Instant.parse("2026-12-01T08:01:30Z"),
        Instant.parse("2026-12-01T08:02:00Z"), Instant.parse("2026-12-01T08:02:30Z"));
    assertThat(h.samples().get(0).phases()).isEqualTo(Map.of("Running", 2, "Stopped", 1));
    assertThat(h.samples().get(3).phases()).isEqualTo(Map.of("Running", 3, "Stopped", 2));
    assertThat(h.phases()).containsExactly("Running", "Stopped");
  }

  @Test
  void samplesNothingBeforeTheCachesHaveSynced() {
    Caches caches = mock(Caches.class);
    given(caches.synced()).willReturn(false);
    PhaseHistory history = new PhaseHistory(caches, Clock.systemUTC(), Duration.ofSeconds(30), 10, false);
    history.sample();
    assertThat(history.history().samples()).isEmpty();
  }

  static final class MutableClock extends Clock {
    Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
