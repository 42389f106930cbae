package io.air9.platform.sim.bench;

import io.air9.platform.model.Workspace;
import io.air9.platform.model.WorkspacePhase;
import io.air9.platform.model.WorkspaceStatus;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The phases each workspace's status passed through during one operator-side phase of the benchmark, fed with every
 * Workspace its informer delivers (the list's adds and each watch event's update: one event per resourceVersion, so
 * a status the operator wrote is seen even when the next write replaces it a moment later). A workspace that passed
 * through {@code Failed} keeps its Ready condition's reason and message of that moment (the first time), a few of
 * them as examples: issue 7's "no false failures" asks that none of a burst's workspaces pass through Failed.
 * Workspaces outside the phase's namespaces (the template's, the baseline's leftovers) are not counted.
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

  /** Follows the workspaces of these namespaces. */
  PhaseLog(Set<String> namespaces) {
    this.namespaces = Set.copyOf(namespaces);
  }

  /** One state of a workspace as a watch delivered it. */
  void record(Workspace w) {
    if (w == null || w.getMetadata() == null || !namespaces.contains(w.getMetadata().getNamespace())) {
      return;
    }
    String key = w.getMetadata().getNamespace() + "/" + w.getMetadata().getName();
    WorkspaceStatus before = lastStatus.put(key, w.getStatus() == null ? NO_STATUS : w.getStatus());
    if (before != null && w.getStatus() != null && !w.getStatus().equals(before)) {
      statusChanges.incrementAndGet(); // the first sighting (the list's state at the start) is no change
    }
    WorkspacePhase phase = w.getStatus() == null ? null : w.getStatus().getPhase();
    if (phase == null) {
      return; // not seen by the operator yet
    }
    passed.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(phase);
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
