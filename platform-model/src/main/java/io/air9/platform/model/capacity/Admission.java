package io.air9.platform.model.capacity;

import io.air9.platform.model.TeamQuota;
import io.air9.platform.model.WorkspacePhase;
import io.air9.platform.model.WorkspaceStatus;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Which workspaces that should run may create their pods now, and in what order the others wait (pure). Inputs: the
 * nodes (allocatable, taints, labels, what bound pods request), what each team's pods request (as its ResourceQuota
 * counts them), the teams' quotas and the workspaces that should run.
 *
 * <ul>
 *   <li>An admitted workspace stays admitted until it stops (no preemption). One admitted but without a bound pod
 *       yet keeps its room reserved: on a node where it fits and, without a pod, in its team's quota.
 *   <li>A workspace that could never fit (larger than every node it may use, or than its team's whole quota) is
 *       admitted at once: Kubernetes then says why it cannot run (Unschedulable, exceeded quota) and it does not
 *       hold up others.
 *   <li>Fair order across teams: the team with the smallest dominant share (the largest of its CPU, memory and GPU
 *       requests as a share of the open nodes' allocatable) goes next; inside a team, first come first served
 *       ({@code since}, then name). A workspace that does not fit now waits and does not block smaller ones behind
 *       it (Kueue's BestEffortFIFO): each waiting workspace is tried once per evaluation.
 *   <li>Positions: the waiting workspaces in the order the same fair rule would admit them if room came for all,
 *       1-based.
 * </ul>
 *
 * <p>Cost: O(W log W + W·N) for W workspaces that should run and N nodes, with a constant-time early refusal when a
 * request exceeds the largest free room of any node (a full cluster costs O(W log W)).
 */
public final class Admission {

  /**
   * A workspace that should run.
   *
   * @param key namespace/name
   * @param since when it began to wait (first come first served inside its team)
   * @param admitted admitted before (its pod may be created)
   * @param podExists its pod exists (its request is then in its team's pods)
   * @param podBound its pod is bound to a node (its request is then in the node's)
   */
  public record Demand(String key, String team, Amounts request, Placement placement, Instant since,
      boolean admitted, boolean podExists, boolean podBound) {

    public Demand {
      since = since == null ? Instant.EPOCH : since;
      placement = placement == null ? Placement.ANY : placement;
    }
  }

  /** A team's quota; null in a dimension without a limit. */
  public record Quota(BigDecimal cpu, BigDecimal memory, BigDecimal gpu) {

    public static final Quota UNLIMITED = new Quota(null, null, null);

    public static Quota of(TeamQuota q) {
      return q == null ? UNLIMITED : new Quota(q.getCpu() == null ? null : Amounts.amount(q.getCpu()),
          q.getMemory() == null ? null : Amounts.amount(q.getMemory()),
          q.getGpu() == null ? null : BigDecimal.valueOf(q.getGpu()));
    }
  }

  /**
   * The decision for one workspace: admitted, or waiting at a 1-based position for what {@code waitingFor} says
   * ("2 GPUs").
   */
  public record Decision(boolean admitted, int position, String waitingFor) {

    public static final Decision ADMITTED = new Decision(true, 0, null);
  }

  /** Every decision by key, the queue in admission order, and the room left (for admitting more at once). */
  public record Result(Map<String, Decision> decisions, List<Demand> queue, Room room) {}

  private Admission() {}

  /** The decisions for these workspaces on this cluster. */
  public static Result evaluate(List<NodeRoom> nodes, Map<String, Amounts> teamPods, Map<String, Quota> quotas,
      List<Demand> demands) {
    Room room = new Room(nodes, teamPods, quotas);
    Map<String, Decision> decisions = new LinkedHashMap<>();
    Map<String, List<Demand>> waiting = new HashMap<>();
    for (Demand d : demands) {
      if (d.admitted()) {
        room.reserve(d);
        decisions.put(d.key(), Decision.ADMITTED);
      } else if (!room.couldEverFit(d)) {
        decisions.put(d.key(), Decision.ADMITTED);
      } else {
        waiting.computeIfAbsent(d.team(), t -> new ArrayList<>()).add(d);
      }
    }
    Comparator<Demand> fifo = Comparator.comparing(Demand::since).thenComparing(Demand::key);
    Map<String, Deque<Demand>> byTeam = new HashMap<>();
    waiting.forEach((team, list) -> {
      list.sort(fifo);
      byTeam.put(team, new ArrayDeque<>(list));
    });
    // Admission pass: teams by dominant share, each waiting workspace tried once.
    Map<String, Deque<Demand>> stillWaiting = new HashMap<>();
    fairOrder(byTeam, room::share, (team, d) -> {
      if (room.take(d)) {
        decisions.put(d.key(), Decision.ADMITTED);
      } else {
        stillWaiting.computeIfAbsent(team, t -> new ArrayDeque<>()).add(d);
      }
    });
    // Positions: the order the same rule would admit the rest if room came for all.
    Map<String, Amounts> virtual = new HashMap<>(room.teamUsed);
    List<Demand> queue = new ArrayList<>();
    fairOrder(stillWaiting, team -> room.share(virtual.getOrDefault(team, Amounts.ZERO)), (team, d) -> {
      queue.add(d);
      virtual.merge(team, d.request(), Amounts::plus);
    });
    Map<Placement, Amounts> mostFree = new HashMap<>();
    for (int i = 0; i < queue.size(); i++) {
      Demand d = queue.get(i);
      decisions.put(d.key(), new Decision(false, i + 1,
          room.waitingFor(d, mostFree.computeIfAbsent(d.placement(), room::mostFree))));
    }
    return new Result(decisions, List.copyOf(queue), room);
  }

  /**
   * Where a workspace not asked for yet would go (a create or a start being checked): the same evaluation with it
   * added as the newest of its team ({@code candidate.since} should be now). Admitted, or waiting at its place in
   * the whole queue behind the workspaces that would go first by the same fair rule.
   */
  public static Decision place(List<NodeRoom> nodes, Map<String, Amounts> teamPods, Map<String, Quota> quotas,
      List<Demand> demands, Demand candidate) {
    List<Demand> all = new ArrayList<>(demands.size() + 1);
    demands.stream().filter(d -> !d.key().equals(candidate.key())).forEach(all::add);
    all.add(candidate);
    return evaluate(nodes, teamPods, quotas, all).decisions().get(candidate.key());
  }

  /**
   * Whether the world shows a workspace was admitted before (after an operator restart, or to a reader such as the
   * API): its pod holds resources, or its phase is one only an admitted workspace reaches (Pending, Provisioning,
   * Running; never written for a queued workspace).
   */
  public static boolean shownAdmitted(WorkspacePhase phase, boolean podHoldsResources) {
    return podHoldsResources || phase == WorkspacePhase.Pending || phase == WorkspacePhase.Provisioning
        || phase == WorkspacePhase.Running;
  }

  /** When a workspace began to wait, from its status ({@code queuedAt}); {@code fallback} when it does not say. */
  public static Instant queuedAt(WorkspaceStatus status, Instant fallback) {
    String at = status == null ? null : status.getQueuedAt();
    if (at != null) {
      try {
        return Instant.parse(at);
      } catch (DateTimeParseException e) {
        // written by the operator; fall through
      }
    }
    return fallback;
  }

  /** Hands each team's workspaces out, head first, always to the team with the smallest share (then oldest head). */
  private static void fairOrder(Map<String, Deque<Demand>> byTeam, java.util.function.Function<String, Double> share,
      java.util.function.BiConsumer<String, Demand> visit) {
    Map<String, Double> shares = new HashMap<>();
    byTeam.keySet().forEach(t -> shares.put(t, share.apply(t)));
    PriorityQueue<String> teams = new PriorityQueue<>(Comparator.<String>comparingDouble(shares::get)
        .thenComparing(t -> byTeam.get(t).peekFirst().since()).thenComparing(t -> t));
    byTeam.forEach((t, q) -> {
      if (!q.isEmpty()) {
        teams.add(t);
      }
    });
    while (!teams.isEmpty()) {
      String team = teams.poll();
      Deque<Demand> q = byTeam.get(team);
      visit.accept(team, q.pollFirst());
      if (!q.isEmpty()) {
        shares.put(team, share.apply(team));
        teams.add(team);
      }
    }
  }

  /** "1st", "2nd", "3rd", "11th". */
  public static String ordinal(int n) {
    int mod100 = n % 100;
    String suffix = mod100 >= 11 && mod100 <= 13 ? "th" : switch (n % 10) {
      case 1 -> "st";
      case 2 -> "nd";
      case 3 -> "rd";
      default -> "th";
    };
    return n + suffix;
  }

  /**
   * The room of the cluster and the teams' quotas, changed as workspaces are admitted. Not thread-safe: its user
   * serialises access.
   */
  public static final class Room {

    private final NodeRoom[] nodes;
    private final Amounts[] free;
    private final Amounts total;
    private final Map<String, Amounts> teamUsed;
    private final Map<String, Quota> quotas;
    private final Map<Placement, int[]> eligible = new HashMap<>();
    /** Where the last reservation of each placement went: the next one starts looking there (next fit). */
    private final Map<Placement, Integer> nextFit = new HashMap<>();
    /**
     * At least the largest free room of any node in each dimension (an upper bound, not kept exact: room is only
     * taken during an evaluation, so the bound stays true, and it is made exact again when a scan finds no node).
     */
    private Amounts largestFree;

    Room(List<NodeRoom> all, Map<String, Amounts> teamPods, Map<String, Quota> quotas) {
      this.nodes = all.stream().filter(NodeRoom::open).toArray(NodeRoom[]::new);
      this.free = new Amounts[nodes.length];
      Amounts sum = Amounts.ZERO;
      for (int i = 0; i < nodes.length; i++) {
        free[i] = nodes[i].free();
        sum = sum.plus(nodes[i].allocatable());
      }
      this.total = sum;
      this.teamUsed = new HashMap<>(teamPods);
      this.quotas = quotas;
      this.largestFree = largest();
    }

    /** Admits the workspace when its team's quota and one node it may use have room for it now. */
    public boolean take(Demand d) {
      if (!quotaRoomFor(d) || !d.request().fitsIn(largestFree)) {
        return false;
      }
      if (!holdOnANode(d)) {
        largestFree = largest();
        return false;
      }
      teamUsed.merge(d.team(), d.request(), Amounts::plus);
      return true;
    }

    /** An admitted workspace: its room is held where no pod holds it yet. */
    void reserve(Demand d) {
      if (!d.podExists()) {
        teamUsed.merge(d.team(), d.request(), Amounts::plus);
      }
      if (!d.podBound()) {
        holdOnANode(d);
      }
    }

    /**
     * Takes the request from the first node of its placement, from where the last one went on, with room for it
     * (next fit: nodes fill in turn, so a burst of reservations costs about one look each, not a scan of the nodes
     * filled before). False when no node has room.
     */
    private boolean holdOnANode(Demand d) {
      int[] ok = eligible(d.placement());
      int start = nextFit.getOrDefault(d.placement(), 0);
      for (int k = 0; k < ok.length; k++) {
        int at = (start + k) % ok.length;
        int i = ok[at];
        if (d.request().fitsIn(free[i])) {
          free[i] = free[i].minus(d.request());
          nextFit.put(d.placement(), at);
          return true;
        }
      }
      return false;
    }

    boolean couldEverFit(Demand d) {
      Quota q = quotas.getOrDefault(d.team(), Quota.UNLIMITED);
      if (exceeds(d.request().cpu(), q.cpu()) || exceeds(d.request().memory(), q.memory())
          || exceeds(d.request().gpu(), q.gpu())) {
        return false;
      }
      for (int i : eligible(d.placement())) {
        if (d.request().fitsIn(nodes[i].allocatable())) {
          return true;
        }
      }
      return false;
    }

    private boolean quotaRoomFor(Demand d) {
      Quota q = quotas.getOrDefault(d.team(), Quota.UNLIMITED);
      Amounts after = teamUsed.getOrDefault(d.team(), Amounts.ZERO).plus(d.request());
      return !exceeds(after.cpu(), q.cpu()) && !exceeds(after.memory(), q.memory()) && !exceeds(after.gpu(), q.gpu());
    }

    private static boolean exceeds(BigDecimal value, BigDecimal limit) {
      return limit != null && value.compareTo(limit) > 0;
    }

    double share(String team) {
      return share(teamUsed.getOrDefault(team, Amounts.ZERO));
    }

    /** The dominant share: the largest of CPU, memory and GPUs as a share of the open nodes' allocatable. */
    double share(Amounts used) {
      return Math.max(ratio(used.cpu(), total.cpu()), Math.max(ratio(used.memory(), total.memory()),
          ratio(used.gpu(), total.gpu())));
    }

    private static double ratio(BigDecimal part, BigDecimal whole) {
      return whole.signum() <= 0 ? 0 : part.divide(whole, MathContext.DECIMAL64).doubleValue();
    }

    private int[] eligible(Placement p) {
      return eligible.computeIfAbsent(p, placement -> {
        List<Integer> ok = new ArrayList<>();
        for (int i = 0; i < nodes.length; i++) {
          if (placement.allows(nodes[i])) {
            ok.add(i);
          }
        }
        return ok.stream().mapToInt(Integer::intValue).toArray();
      });
    }

    private Amounts largest() {
      Amounts most = Amounts.ZERO;
      for (Amounts f : free) {
        most = most.max(f);
      }
      return most;
    }

    /** The most free room in each dimension on the nodes this placement may use. */
    Amounts mostFree(Placement p) {
      Amounts most = Amounts.ZERO;
      for (int i : eligible(p)) {
        most = most.max(free[i]);
      }
      return most;
    }

    /** What a waiting workspace waits for: "2 GPUs", "room in team a's quota (...)", "a node with ... at once". */
    String waitingFor(Demand d, Amounts mostFree) {
      Quota q = quotas.getOrDefault(d.team(), Quota.UNLIMITED);
      Amounts used = teamUsed.getOrDefault(d.team(), Amounts.ZERO);
      Amounts r = d.request();
      List<String> quota = new ArrayList<>();
      if (exceeds(used.cpu().add(r.cpu()), q.cpu())) {
        quota.add(Amounts.cpu(r.cpu()) + " CPU (" + Amounts.cpu(q.cpu().subtract(used.cpu()).max(BigDecimal.ZERO))
            + " left)");
      }
      if (exceeds(used.memory().add(r.memory()), q.memory())) {
        quota.add(Amounts.bytes(r.memory()) + " memory (" + Amounts.bytes(q.memory().subtract(used.memory())
            .max(BigDecimal.ZERO)) + " left)");
      }
      if (exceeds(used.gpu().add(r.gpu()), q.gpu())) {
        quota.add(Amounts.gpus(r.gpu()) + " (" + Amounts.count(q.gpu().subtract(used.gpu()).max(BigDecimal.ZERO))
            + " left)");
      }
      if (!quota.isEmpty()) {
        return "room in team " + d.team() + "'s quota: " + String.join(", ", quota);
      }
      List<String> short_ = new ArrayList<>();
      if (r.gpu().compareTo(mostFree.gpu()) > 0) {
        short_.add(Amounts.gpus(r.gpu()));
      }
      if (r.cpu().compareTo(mostFree.cpu()) > 0) {
        short_.add(Amounts.cpu(r.cpu()) + " CPU");
      }
      if (r.memory().compareTo(mostFree.memory()) > 0) {
        short_.add(Amounts.bytes(r.memory()) + " memory");
      }
      if (!short_.isEmpty()) {
        return String.join(" and ", short_);
      }
      return "a node with " + Amounts.cpu(r.cpu()) + " CPU, " + Amounts.bytes(r.memory()) + " memory"
          + (r.gpu().signum() > 0 ? " and " + Amounts.gpus(r.gpu()) : "") + " free at once";
    }
  }
}
