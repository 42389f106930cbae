package io.air9.platform.operator.workspace;

import io.air9.platform.model.StartStep;
import io.air9.platform.model.StartStep.Name;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When any workspace's start last reached each step, as this operator recorded it: the cluster's progress that keeps
 * a start waiting its turn past its deadline from failing ({@link StartTimeline#failsAt}). It is fed by the status
 * recorder with each step a status adds, and read by the observer as an immutable {@link StartTimeline.Progress}.
 *
 * <p>It lives in memory only. A new operator (a restart, a new leader) has seen no step yet: it counts its first
 * reconcile as progress on every step, so a start past its deadline gets one progress window while the new operator
 * catches up on the cluster, instead of failing at its first look.
 */
final class StartProgress {

  private final Map<Name, Instant> lastReached = new ConcurrentHashMap<>();

  /** The steps a status just added (those not in the status before). */
  void reached(List<StartStep> before, List<StartStep> now) {
    for (StartStep step : now) {
      if (!before.contains(step) && step.getAt() != null) {
        Instant at = Instant.parse(step.getAt());
        lastReached.merge(step.getStep(), at, (a, b) -> a.isAfter(b) ? a : b);
      }
    }
  }

  /** The progress as of now; the first call (this operator's first reconcile) counts as progress on every step. */
  StartTimeline.Progress snapshot(Instant now) {
    if (lastReached.size() < Name.values().length) {
      for (Name step : Name.values()) {
        lastReached.putIfAbsent(step, now);
      }
    }
    return new StartTimeline.Progress(new EnumMap<>(lastReached));
  }
}
