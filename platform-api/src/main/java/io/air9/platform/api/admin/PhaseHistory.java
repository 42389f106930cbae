package io.air9.platform.api.admin;

import io.air9.platform.api.kube.Caches;
import io.air9.platform.model.Workspace;
import io.air9.platform.model.WorkspacePhase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Workspaces by phase over time, for the admin console's chart: every interval the counts of all workspaces by
 * phase are read from the workspace informer's cache (no call to the API server) into a ring buffer of the last
 * {@code capacity} samples. Memory only: the history starts when this API instance started, and each instance
 * has its own. Nothing is sampled while the caches have not synced (the counts would be partial).
 */
@Component
public class PhaseHistory implements DisposableBean {

  /** Phase of a workspace that has no status yet (the operator has not seen it). */
  static final String NEW = "New";
  /** Phase of a workspace being deleted, whatever its status says. */
  static final String DELETING = "Deleting";

  /** The counts at one moment. */
  public record Sample(Instant time, Map<String, Integer> phases) {}

  /**
   * The samples, oldest first; the last one is the cache now. {@code phases} lists every phase that occurs, in the
   * lifecycle's order.
   */
  public record History(Instant since, long intervalSeconds, int capacity, List<String> phases,
      List<Sample> samples) {}

  private final Caches caches;
  private final Clock clock;
  private final Duration interval;
  private final int capacity;
  private final Instant since;
  private final ArrayDeque<Sample> ring;
  private final ScheduledExecutorService timer;

  @Autowired
  public PhaseHistory(Caches caches,
      @Value("${air9.admin.phase-history.interval:30s}") Duration interval,
      @Value("${air9.admin.phase-history.samples:720}") int capacity) {
    this(caches, Clock.systemUTC(), interval, capacity, true);
  }

  PhaseHistory(Caches caches, Clock clock, Duration interval, int capacity, boolean schedule) {
    if (interval.isNegative() || interval.isZero() || capacity < 1) {
      throw new IllegalArgumentException("air9.admin.phase-history: interval and samples must be positive");
    }
    this.caches = caches;
    this.clock = clock;
    this.interval = interval;
    this.capacity = capacity;
    this.since = clock.instant();
    this.ring = new ArrayDeque<>(capacity);
    this.timer = schedule ? Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "phase-history");
      t.setDaemon(true);
      return t;
    }) : null;
    if (timer != null) {
      timer.scheduleAtFixedRate(this::sample, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** Takes one sample from the cache, dropping the oldest when the ring is full. */
  void sample() {
    if (!caches.synced()) {
      return;
    }
    Sample s = new Sample(clock.instant(), count(caches.allWorkspaces()));
    synchronized (ring) {
      if (ring.size() == capacity) {
        ring.removeFirst();
      }
      ring.addLast(s);
    }
  }

  /** The samples kept, then the counts now (when the caches have synced). */
  public History history() {
    List<Sample> samples;
    synchronized (ring) {
      samples = new ArrayList<>(ring);
    }
    if (caches.synced()) {
      samples.add(new Sample(clock.instant(), count(caches.allWorkspaces())));
    }
    Set<String> phases = new LinkedHashSet<>();
    order().forEach(p -> {
      if (samples.stream().anyMatch(s -> s.phases().containsKey(p))) {
        phases.add(p);
      }
    });
    samples.forEach(s -> phases.addAll(s.phases().keySet()));
    return new History(since, interval.toSeconds(), capacity, List.copyOf(phases), samples);
  }

  /** Workspaces by phase ({@value #NEW} without a status, {@value #DELETING} when being deleted), in lifecycle order. */
  static Map<String, Integer> count(Collection<Workspace> workspaces) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (Workspace w : workspaces) {
      counts.merge(phase(w), 1, Integer::sum);
    }
    Map<String, Integer> ordered = new LinkedHashMap<>();
    order().forEach(p -> {
      if (counts.containsKey(p)) {
        ordered.put(p, counts.remove(p));
      }
    });
    ordered.putAll(counts);
    return ordered;
  }

  private static String phase(Workspace w) {
    if (w.getMetadata().getDeletionTimestamp() != null) {
      return DELETING;
    }
    WorkspacePhase phase = w.getStatus() == null ? null : w.getStatus().getPhase();
    return phase == null ? NEW : phase.name();
  }

  private static List<String> order() {
    List<String> order = new ArrayList<>();
    order.add(NEW);
    for (WorkspacePhase p : WorkspacePhase.values()) {
      order.add(p.name());
    }
    order.add(DELETING);
    return order;
  }

  @Override
  public void destroy() {
    if (timer != null) {
      timer.shutdownNow();
    }
  }
}
