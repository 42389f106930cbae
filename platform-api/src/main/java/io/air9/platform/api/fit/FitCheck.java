package io.air9.platform.api.fit;

import io.air9.platform.model.capacity.Admission;
import io.air9.platform.model.capacity.Amounts;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Whether a workspace fits (pure): the team's quota left in each dimension and the free room of each node (a pod
 * must fit on one node). When it does not fit it suggests the largest size that fits now, quantised (whole cores
 * from 1 CPU, else tenths; whole Gi from 1Gi, else 128Mi steps), and finds the first scheduled idle cull after
 * which the request fits as it is.
 */
final class FitCheck {

  static final BigDecimal GI = BigDecimal.valueOf(1L << 30);
  static final BigDecimal MI = BigDecimal.valueOf(1L << 20);
  private static final BigDecimal MI128 = MI.multiply(BigDecimal.valueOf(128));
  private static final BigDecimal TENTH = new BigDecimal("0.1");

  /** What the workspace needs: CPU, memory, GPUs; a new volume and a workspace slot only when it is created. */
  record Need(BigDecimal cpu, BigDecimal memory, int gpu, BigDecimal storage, int workspaces) {

    Amounts compute() {
      return new Amounts(cpu, memory, BigDecimal.valueOf(gpu));
    }
  }

  /** What the team's quota leaves; null in a dimension without a limit. */
  record QuotaRoom(BigDecimal cpu, BigDecimal memory, Integer gpu, BigDecimal storage, Integer workspaces) {

    static final QuotaRoom UNLIMITED = new QuotaRoom(null, null, null, null, null);

    QuotaRoom plus(Amounts freed) {
      return new QuotaRoom(cpu == null ? null : cpu.add(freed.cpu()),
          memory == null ? null : memory.add(freed.memory()),
          gpu == null ? null : gpu + freed.gpu().intValue(), storage, workspaces);
    }
  }

  /** A scheduled idle cull: when, whose, what it frees in the team's quota (zero for another team) and on its node. */
  record Release(Instant at, String who, Amounts quota, String node, Amounts onNode) {}

  private FitCheck() {}

  static Fit check(String team, Need need, QuotaRoom quota, Map<String, Amounts> nodes, List<Release> releases,
      Instant now) {
    List<Fit.Reason> reasons = reasons(team, need, quota, nodes);
    Fit.Resources requested = resources(need);
    if (reasons.isEmpty()) {
      return new Fit(true, "Fits now", requested, List.of(), null, null, null);
    }
    Fit.Suggestion suggestion = suggest(need, quota, nodes);
    Fit.When when = when(team, need, quota, nodes, releases, now);
    List<String> parts = new ArrayList<>();
    parts.add(reasons.get(0).message());
    if (suggestion != null) {
      parts.add(suggestion.message());
    }
    if (when != null) {
      parts.add(when.message());
    }
    return new Fit(false, "Does not fit: " + String.join("; ", parts), requested, reasons, suggestion, when,
        null);
  }

  /**
   * The answer once the admission queue is known ({@code place}: the operator's decision for it, from
   * {@code Admission.place}). Admitted at once: unchanged. Waiting although quota and nodes have room: it does not
   * fit now but would be queued, at its place ("Would be queued: 3rd in line for 1 GPU"). Waiting and not fitting
   * anyway: the same answer, saying where it would wait as asked.
   */
  static Fit withQueue(Fit fit, Admission.Decision place) {
    if (place == null || place.admitted()) {
      return fit;
    }
    int ahead = Math.max(0, place.position() - 1);
    Fit.Queue queue = new Fit.Queue(place.position(), ahead, place.waitingFor(),
        Admission.ordinal(place.position()) + " in line for " + place.waitingFor());
    if (fit.fits()) {
      String why = ahead == 0 ? "the room that looks free is held for workspaces already starting"
          : ahead + (ahead == 1 ? " workspace waits" : " workspaces wait") + " ahead in the queue and would take the "
              + "free room first";
      return new Fit(false, "Would be queued: " + queue.message(), fit.requested(),
          List.of(new Fit.Reason("queue", "queue", why)), null, null, queue);
    }
    return new Fit(false, fit.message() + "; as asked it would be queued " + queue.message(), fit.requested(),
        fit.reasons(), fit.suggestion(), fit.when(), queue);
  }

  private static List<Fit.Reason> reasons(String team, Need need, QuotaRoom quota, Map<String, Amounts> nodes) {
    List<Fit.Reason> reasons = new ArrayList<>();
    quotaReason(reasons, team, "cpu", "CPU", need.cpu(), quota.cpu(), FitCheck::cpu);
    quotaReason(reasons, team, "memory", "memory", need.memory(), quota.memory(), FitCheck::bytes);
    quotaReason(reasons, team, "gpu", "GPUs", BigDecimal.valueOf(need.gpu()),
        quota.gpu() == null ? null : BigDecimal.valueOf(quota.gpu()), FitCheck::count);
    if (need.storage() != null) {
      quotaReason(reasons, team, "storage", "storage", need.storage(), quota.storage(), FitCheck::bytes);
    }
    if (need.workspaces() > 0 && quota.workspaces() != null && quota.workspaces() < need.workspaces()) {
      reasons.add(new Fit.Reason("workspaces", "quota",
          "team '" + team + "' has reached its maximum number of workspaces"));
    }
    if (!fitsOnANode(need.compute(), nodes)) {
      reasons.addAll(nodeReasons(need.compute(), nodes));
    }
    return reasons;
  }

  private static void quotaReason(List<Fit.Reason> reasons, String team, String dimension, String label,
      BigDecimal needed, BigDecimal left, Function<BigDecimal, String> format) {
    if (left != null && needed.compareTo(left) > 0) {
      reasons.add(new Fit.Reason(dimension, "quota", "needs " + format.apply(needed) + " " + label + "; team '"
          + team + "' has " + format.apply(left.max(BigDecimal.ZERO)) + " of its " + label + " quota left"));
    }
  }

  private static List<Fit.Reason> nodeReasons(Amounts need, Map<String, Amounts> nodes) {
    List<Fit.Reason> reasons = new ArrayList<>();
    nodeReason(reasons, "cpu", "CPU", need.cpu(), nodes, Amounts::cpu, FitCheck::cpu);
    nodeReason(reasons, "memory", "memory", need.memory(), nodes, Amounts::memory, FitCheck::bytes);
    nodeReason(reasons, "gpu", "GPUs", need.gpu(), nodes, Amounts::gpu, FitCheck::count);
    if (reasons.isEmpty()) {
      reasons.add(new Fit.Reason("node", "nodes", "no single node has " + cpu(need.cpu()) + " CPU, "
          + bytes(need.memory()) + " memory and " + count(need.gpu()) + " GPUs free at once"));
    }
    return reasons;
  }

  private static void nodeReason(List<Fit.Reason> reasons, String dimension, String label, BigDecimal needed,
      Map<String, Amounts> nodes, Function<Amounts, BigDecimal> of, Function<BigDecimal, String> format) {
    BigDecimal most = nodes.values().stream().map(of).max(Comparator.naturalOrder()).orElse(BigDecimal.ZERO)
        .max(BigDecimal.ZERO);
    if (needed.compareTo(most) > 0) {
      reasons.add(new Fit.Reason(dimension, "nodes", "needs " + format.apply(needed) + " " + label
          + " on one node; the most any node has free is " + format.apply(most)));
    }
  }

  static boolean fitsOnANode(Amounts need, Map<String, Amounts> nodes) {
    return nodes.values().stream().anyMatch(need::fitsIn);
  }

  /** The largest size that fits now, or null when none (or only a useless one: no CPU, no memory, no slot). */
  private static Fit.Suggestion suggest(Need need, QuotaRoom quota, Map<String, Amounts> nodes) {
    if (need.workspaces() > 0 && quota.workspaces() != null && quota.workspaces() < need.workspaces()) {
      return null;
    }
    Amounts cap = new Amounts(atMost(need.cpu(), quota.cpu()), atMost(need.memory(), quota.memory()),
        atMost(BigDecimal.valueOf(need.gpu()), quota.gpu() == null ? null : BigDecimal.valueOf(quota.gpu())));
    BigDecimal storage = need.storage() == null ? null : atMost(need.storage(), quota.storage());
    if (!fitsOnANode(cap, nodes)) {
      Amounts best = null;
      double bestScore = -1;
      for (Amounts free : nodes.values()) {
        Amounts candidate = new Amounts(atMost(cap.cpu(), free.cpu()), atMost(cap.memory(), free.memory()),
            atMost(cap.gpu(), free.gpu()));
        double score = share(candidate.cpu(), cap.cpu()) + share(candidate.memory(), cap.memory())
            + share(candidate.gpu(), cap.gpu());
        if (score > bestScore) {
          best = candidate;
          bestScore = score;
        }
      }
      if (best == null) {
        return null;
      }
      cap = best;
    }
    BigDecimal cpu = cap.cpu().compareTo(need.cpu()) < 0 ? floorCpu(cap.cpu()) : need.cpu();
    BigDecimal memory = cap.memory().compareTo(need.memory()) < 0 ? floorBytes(cap.memory()) : need.memory();
    int gpu = cap.gpu().intValue();
    BigDecimal disk = storage == null || storage.compareTo(need.storage()) >= 0 ? need.storage()
        : storage.divide(GI, 0, RoundingMode.FLOOR).multiply(GI);
    if (cpu.signum() <= 0 || memory.signum() <= 0 || (disk != null && disk.signum() <= 0)) {
      return null;
    }
    List<String> changed = new ArrayList<>();
    if (cpu.compareTo(need.cpu()) != 0) {
      changed.add(cpu(cpu) + " CPU");
    }
    if (memory.compareTo(need.memory()) != 0) {
      changed.add(bytes(memory) + " memory");
    }
    if (gpu != need.gpu()) {
      changed.add(gpu + (gpu == 1 ? " GPU" : " GPUs"));
    }
    if (disk != null && disk.compareTo(need.storage()) != 0) {
      changed.add(bytes(disk) + " storage");
    }
    return new Fit.Suggestion(new Fit.Resources(cpu(cpu), bytes(memory), gpu, disk == null ? null : bytes(disk)),
        "fits at " + String.join(", ", changed));
  }

  private static BigDecimal atMost(BigDecimal value, BigDecimal limit) {
    return limit == null ? value : value.min(limit.max(BigDecimal.ZERO));
  }

  private static double share(BigDecimal part, BigDecimal whole) {
    return whole.signum() == 0 ? 1 : part.doubleValue() / whole.doubleValue();
  }

  static BigDecimal floorCpu(BigDecimal cores) {
    return cores.compareTo(BigDecimal.ONE) >= 0 ? cores.setScale(0, RoundingMode.FLOOR)
        : cores.divide(TENTH, 0, RoundingMode.FLOOR).multiply(TENTH);
  }

  static BigDecimal floorBytes(BigDecimal bytes) {
    BigDecimal step = bytes.compareTo(GI) >= 0 ? GI : MI128;
    return bytes.divide(step, 0, RoundingMode.FLOOR).multiply(step);
  }

  /** The first cull after which the request fits as it is, releases applied in the order of their deadlines. */
  private static Fit.When when(String team, Need need, QuotaRoom quota, Map<String, Amounts> nodes,
      List<Release> releases, Instant now) {
    QuotaRoom room = quota;
    Map<String, Amounts> free = new HashMap<>(nodes);
    for (Release r : releases.stream().sorted(Comparator.comparing(Release::at)).toList()) {
      room = room.plus(r.quota());
      if (r.node() != null && free.containsKey(r.node())) {
        free.put(r.node(), free.get(r.node()).plus(r.onNode()));
      }
      if (reasons(team, need, room, free).isEmpty()) {
        long minutes = Math.max(0, (Duration.between(now, r.at()).getSeconds() + 59) / 60);
        String in = minutes == 0 ? "any moment now" : "in " + minutes + " min";
        return new Fit.When(r.at().toString(), minutes, "fits when " + r.who() + " is culled " + in);
      }
    }
    return null;
  }

  private static Fit.Resources resources(Need need) {
    return new Fit.Resources(cpu(need.cpu()), bytes(need.memory()), need.gpu(),
        need.storage() == null ? null : bytes(need.storage()));
  }

  static String cpu(BigDecimal cores) {
    return Amounts.cpu(cores);
  }

  static String bytes(BigDecimal bytes) {
    return Amounts.bytes(bytes);
  }

  private static String count(BigDecimal n) {
    return Amounts.count(n);
  }
}
