package io.air9.platform.model.capacity;

import io.air9.platform.model.capacity.Admission.Demand;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Figures, not a test: how long one admission evaluation takes for W workspaces on N nodes, printed. Run with
 * {@code java -cp ... io.air9.platform.model.capacity.AdmissionBenchmark} (see platform-operator/README.md).
 */
public final class AdmissionBenchmark {

  private AdmissionBenchmark() {}

  public static void main(String[] args) {
    int[][] shapes = {{1000, 20}, {5000, 100}, {5000, 20}};
    for (int round = 0; round < 3; round++) {
      for (int[] shape : shapes) {
        run(shape[0], shape[1], round == 2);
      }
      burst(1000, 40, round == 2);
      burst(5000, 200, round == 2);
    }
  }

  /**
   * The benchmark's burst (deploy/sim/bench): every workspace admitted at once (500m CPU, 1Gi: 25 a node on 16-CPU
   * nodes), none with a bound pod yet while the cluster's scheduler catches up.
   */
  private static void burst(int workspaces, int nodeCount, boolean print) {
    List<NodeRoom> nodes = new ArrayList<>();
    for (int i = 0; i < nodeCount; i++) {
      nodes.add(AdmissionTest.node(String.format("n%03d", i), "16", "64Gi", 0));
    }
    List<Demand> demands = new ArrayList<>();
    Instant t0 = Instant.parse("2026-12-01T09:00:00Z");
    Amounts request = AdmissionTest.amounts("500m", "1Gi", 0);
    for (int i = 0; i < workspaces; i++) {
      demands.add(new Demand("team-" + (i % 50) + "/ws-" + i, "t" + (i % 50), request, Placement.ANY,
          t0.plusSeconds(i), true, true, false));
    }
    measure("all admitted, no pod bound", workspaces, nodes, demands, print);
  }

  private static void run(int workspaces, int nodeCount, boolean print) {
    Random random = new Random(42);
    List<NodeRoom> nodes = new ArrayList<>();
    for (int i = 0; i < nodeCount; i++) {
      nodes.add(AdmissionTest.node(String.format("n%03d", i), "16", "64Gi", i % 10 == 0 ? 4 : 0));
    }
    List<Demand> demands = new ArrayList<>();
    Instant t0 = Instant.parse("2026-12-01T09:00:00Z");
    for (int i = 0; i < workspaces; i++) {
      int gpu = random.nextInt(10) == 0 ? 1 : 0;
      demands.add(new Demand("team-" + (i % 30) + "/ws-" + i, "t" + (i % 30),
          AdmissionTest.amounts(Integer.toString(1 + random.nextInt(2)), (2 + random.nextInt(6)) + "Gi", gpu),
          Placement.ANY, t0.plusSeconds(i), false, false, false));
    }
    // half admitted already (running), half waiting: the busy case
    List<Demand> mixed = new ArrayList<>();
    for (int i = 0; i < demands.size(); i++) {
      Demand d = demands.get(i);
      mixed.add(i % 2 == 0 ? new Demand(d.key(), d.team(), d.request(), d.placement(), d.since(), true, false, false)
          : d);
    }
    measure("half admitted, half waiting", workspaces, nodes, mixed, print);
  }

  private static void measure(String what, int workspaces, List<NodeRoom> nodes, List<Demand> demands,
      boolean print) {
    int repeats = 20;
    long best = Long.MAX_VALUE;
    int queued = 0;
    for (int r = 0; r < repeats; r++) {
      long start = System.nanoTime();
      var result = Admission.evaluate(nodes, Map.of(), Map.of(), demands);
      best = Math.min(best, System.nanoTime() - start);
      queued = result.queue().size();
    }
    if (print) {
      System.out.printf("[measure] admission of %d workspaces (%s) on %d nodes: %d queued, best of %d %.1f ms%n",
          workspaces, what, nodes.size(), queued, repeats, best / 1e6);
    }
  }
}
