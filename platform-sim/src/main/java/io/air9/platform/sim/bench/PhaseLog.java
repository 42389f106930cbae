package io.air9.platform.sim.bench;

import io.air9.platform.model.StartStep;
import io.air9.platform.model.Workspace;
import io.air9.platform.model.WorkspacePhase;
import io.air9.platform.model.WorkspaceStatus;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The phases each workspace's status passed through during one operator-side phase of the benchmark, fed with every
 * Workspace its informer delivers (the list's adds and each watch event's update: one event per resourceVersion, so
 * a status the operator wrote is seen even when the next write replaces it a moment later). A workspace that passed
 * through {@code Failed} keeps its Ready condition's reason and message of that moment (the first time), a few of
 * them as examples: issue 7's "no false failures" asks that none of a burst's workspaces pass through Failed.
 * Workspaces outside the phase's namespaces (the template's, the baseline's leftovers) are not counted.
 *
 * <p>Each status change is also told by what it changed ({@link #kind}: the phase, or else the conditions whose
 * status or reason moved and the start steps added), with how soon the same workspace's next change followed it: a
 * change soon followed by the next is a write that holding it a little longer would have merged with the next.
 *
 * <p>When a workspace is first seen Running, the time since its Ready condition turned True (the operator's own
 * time of that status, {@code lastTransitionTime}, with its fraction of a second) is how late the watch delivered
 * the write: the write's own latency plus the watch's ({@link #runningSeenLag}). A burst's times are those seen by the watch, so a
 * watch that falls behind (a saturated API server, a watch closed as too slow and re-listed) shows here, apart from
 * the operator's recording.
 */
final class PhaseLog {

  static final int EXAMPLES = 5;

  /** A workspace that passed through Failed: its key (namespace/name) and its Ready condition at that moment. */
  record Failure(String key, String reason, String message) {}

  private final Set<String> namespaces;
  private final Map<String, Set<WorkspacePhase>> passed = new ConcurrentHashMap<>();
  private final Map<String, Failure> failures = new ConcurrentHashMap<>();
  private final List<Failure> examples = new ArrayList<>();
  /** The status last seen per workspace ({@link #NO_STATUS} before its first). */
  private final Map<String, WorkspaceStatus> lastStatus = new ConcurrentHashMap<>();
  private static final WorkspaceStatus NO_STATUS = new WorkspaceStatus();
  private final AtomicInteger statusChanges = new AtomicInteger();
  /** Bounds, in seconds, of "the next change followed within". */
  static final double[] WITHIN = {1.5, 3, 5, 10};
  /** Per kind of change: how many, and how many were followed by the workspace's next change within each bound. */
  private final Map<String, int[]> kinds = new ConcurrentHashMap<>();
  /** The last change per workspace: its kind and when it was seen. */
  private final Map<String, Seen> lastChange = new ConcurrentHashMap<>();

  private record Seen(String kind, long nanos) {}

  /** Per workspace first seen Running: seconds from its Ready condition's transition to that sighting. */
  private final List<Double> runningLags = new ArrayList<>();

  /** Follows the workspaces of these namespaces. */
  PhaseLog(Set<String> namespaces) {
    this.namespaces = Set.copyOf(namespaces);
  }

  /** One state of a workspace as a watch delivered it. */
  void record(Workspace w) {
    record(w, System.nanoTime(), Instant.now());
  }

  /** One state of a workspace as a watch delivered it, at {@code nanos} ({@link System#nanoTime()}). */
  void record(Workspace w, long nanos) {
    record(w, nanos, Instant.now());
  }

  /**
   * One state of a workspace as a watch delivered it, at {@code nanos} ({@link System#nanoTime()}) and {@code seenAt}
   * (the wall clock, which the operator's condition times are in).
   */
  void record(Workspace w, long nanos, Instant seenAt) {
    if (w == null || w.getMetadata() == null || !namespaces.contains(w.getMetadata().getNamespace())) {
      return;
    }
    String key = w.getMetadata().getNamespace() + "/" + w.getMetadata().getName();
    WorkspaceStatus before = lastStatus.put(key, w.getStatus() == null ? NO_STATUS : w.getStatus());
    if (before != null && w.getStatus() != null && !w.getStatus().equals(before)) {
      statusChanges.incrementAndGet(); // the first sighting (the list's state at the start) is no change
      String kind = kind(before == NO_STATUS ? null : before, w.getStatus());
      Seen previous = lastChange.put(key, new Seen(kind, nanos));
      int[] counts = kinds.computeIfAbsent(kind, k -> new int[1 + WITHIN.length]);
      synchronized (counts) {
        counts[0]++;
      }
      if (previous != null) {
        int[] prev = kinds.get(previous.kind());
        double seconds = (nanos - previous.nanos()) / 1e9;
        synchronized (prev) {
          for (int i = 0; i < WITHIN.length; i++) {
            if (seconds <= WITHIN[i]) {
              prev[1 + i]++;
            }
          }
        }
      }
    }
    WorkspacePhase phase = w.getStatus() == null ? null : w.getStatus().getPhase();
    if (phase == null) {
      return; // not seen by the operator yet
    }
    boolean firstRunning = passed.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(phase)
        && phase == WorkspacePhase.Running;
    if (firstRunning) {
      readySince(w.getStatus()).ifPresent(since -> {
        synchronized (runningLags) {
          runningLags.add(Math.max(0, Duration.between(since, seenAt).toMillis() / 1000.0));
        }
      });
    }
    if (phase == WorkspacePhase.Failed && !failures.containsKey(key)) {
      Condition ready = w.getStatus().getConditions() == null ? null : w.getStatus().getConditions().stream()
          .filter(c -> "Ready".equals(c.getType())).findFirst().orElse(null);
      Failure f = new Failure(key, ready == null ? null : ready.getReason(), ready == null ? null : ready.getMessage());
      if (failures.putIfAbsent(key, f) == null) {
        synchronized (examples) {
          if (examples.size() < EXAMPLES) {
            examples.add(f);
          }
        }
      }
    }
  }

  /** When the Ready condition of {@code status} turned True, if it is True and has a time (pure). */
  static Optional<Instant> readySince(WorkspaceStatus status) {
    return status.getConditions() == null ? Optional.empty() : status.getConditions().stream()
        .filter(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()) && c.getLastTransitionTime() != null)
        .findFirst().flatMap(c -> {
          try {
            return Optional.of(Instant.parse(c.getLastTransitionTime()));
          } catch (java.time.format.DateTimeParseException e) {
            return Optional.empty();
          }
        });
  }

  /**
   * How late the watch showed each workspace Running, from its Ready condition's transition: how many, p50, p90,
   * p99 and max in seconds; empty when none was seen Running with a time.
   */
  Map<String, Object> runningSeenLag() {
    List<Double> lags;
    synchronized (runningLags) {
      lags = new ArrayList<>(runningLags);
    }
    if (lags.isEmpty()) {
      return Map.of();
    }
    java.util.Collections.sort(lags);
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("workspaces", lags.size());
    for (int p : new int[] {50, 90, 99}) {
      d.put("p" + p + "Seconds", lags.get(Math.min(lags.size() - 1, (int) Math.ceil(p / 100.0 * lags.size()) - 1)));
    }
    d.put("maxSeconds", lags.get(lags.size() - 1));
    return d;
  }

  /**
   * What a status change changed, in words (pure): "Pending -> Provisioning" when the phase moved; else the phase
   * and the conditions whose status or reason moved, then the start steps added, e.g. "Provisioning: Scheduled,
   * +Scheduled +ImagePulled"; "Running: messages or times only" when neither moved.
   */
  static String kind(WorkspaceStatus before, WorkspaceStatus after) {
    WorkspacePhase from = before == null ? null : before.getPhase();
    if (before == null || from != after.getPhase()) {
      return (from == null ? "none" : from.name()) + " -> " + after.getPhase();
    }
    Map<String, Condition> old = before.getConditions() == null ? Map.of() : before.getConditions().stream()
        .collect(Collectors.toMap(Condition::getType, c -> c, (a, b) -> a));
    String conditions = after.getConditions() == null ? "" : after.getConditions().stream()
        .filter(c -> old.get(c.getType()) == null || !Objects.equals(old.get(c.getType()).getStatus(), c.getStatus())
            || !Objects.equals(old.get(c.getType()).getReason(), c.getReason()))
        .map(Condition::getType).collect(Collectors.joining(" "));
    List<StartStep> had = before.getStartTimeline() == null ? List.of() : before.getStartTimeline();
    String steps = after.getStartTimeline() == null ? "" : after.getStartTimeline().stream()
        .filter(step -> had.stream().noneMatch(h -> h.getStep() == step.getStep()))
        .map(step -> "+" + step.getStep()).collect(Collectors.joining(" "));
    String what = conditions.isEmpty() && steps.isEmpty() ? "messages or times only"
        : conditions.isEmpty() ? steps : steps.isEmpty() ? conditions : conditions + ", " + steps;
    return after.getPhase() + ": " + what;
  }

  /**
   * Per kind of change: how many were seen, and how many were followed by the same workspace's next change within
   * each of {@link #WITHIN} seconds, e.g. {@code {"count": 780, "nextWithin1.5s": 120, ...}}.
   */
  Map<String, Map<String, Integer>> changesByKind() {
    Map<String, Map<String, Integer>> byKind = new TreeMap<>();
    kinds.forEach((kind, counts) -> {
      Map<String, Integer> d = new LinkedHashMap<>();
      synchronized (counts) {
        d.put("count", counts[0]);
        for (int i = 0; i < WITHIN.length; i++) {
          d.put("nextWithin" + (WITHIN[i] == Math.rint(WITHIN[i]) ? String.valueOf((int) WITHIN[i])
              : String.valueOf(WITHIN[i])) + "s", counts[1 + i]);
        }
      }
      byKind.put(kind, d);
    });
    return byKind;
  }

  /** Workspaces that had a phase at least once. */
  int workspaces() {
    return passed.size();
  }

  /** How many workspaces passed through each phase (phases none passed through are left out), in the enum's order. */
  Map<String, Integer> passedThrough() {
    Map<WorkspacePhase, Integer> counts = new EnumMap<>(WorkspacePhase.class);
    passed.values().forEach(phases -> phases.forEach(p -> counts.merge(p, 1, Integer::sum)));
    Map<String, Integer> named = new LinkedHashMap<>();
    counts.forEach((p, n) -> named.put(p.name(), n));
    return named;
  }

  /**
   * Updates whose status differed from the one seen before for the same workspace (the first sighting, the list's
   * state when the phase began, is none): with the informer started before the phase's writes, each status write of
   * the operator that changed something. The API server's count of accepted {@code workspaces/status} writes in the
   * same window is at least this; the difference bounds the writes not seen (no-op writes, which change nothing,
   * count there too).
   */
  int statusChanges() {
    return statusChanges.get();
  }

  int passedThroughFailed() {
    return failures.size();
  }

  /** The Ready condition's reason of each failure (the first one per workspace), counted. */
  Map<String, Integer> failedReasons() {
    Map<String, Integer> reasons = new TreeMap<>();
    failures.values().forEach(f -> reasons.merge(String.valueOf(f.reason()), 1, Integer::sum));
    return reasons;
  }

  /** The first {@link #EXAMPLES} workspaces seen passing through Failed. */
  List<Failure> examples() {
    synchronized (examples) {
      return List.copyOf(examples);
    }
  }

  /** Issue 7's check in plain words, e.g. "none of 1000 workspaces passed through Failed". */
  String verdict() {
    int failed = passedThroughFailed();
    return failed == 0 ? "none of " + workspaces() + " workspaces passed through Failed"
        : "violated, " + failed + " of " + workspaces() + " workspaces passed through Failed";
  }

  /** The figures for result.json. */
  Map<String, Object> describe() {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("phasesPassedThrough", passedThrough());
    d.put("passedThroughFailed", passedThroughFailed());
    d.put("statusChangesSeen", statusChanges());
    d.put("statusChangesByKind", changesByKind());
    d.put("runningSeenLag", runningSeenLag());
    if (passedThroughFailed() > 0) {
      d.put("failedReasons", failedReasons());
      d.put("failedExamples", examples().stream().map(f -> {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("key", f.key());
        e.put("reason", f.reason());
        e.put("message", f.message());
        return e;
      }).toList());
    }
    d.put("noFalseFailures", verdict());
    return d;
  }
}
