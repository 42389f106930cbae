package io.air9.platform.sim.bench;

import io.air9.platform.model.Air9;
import io.air9.platform.model.Workspace;
import io.air9.platform.model.WorkspaceNames;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * The {@code events} scenario: what one watch event costs the operator, end to end (TLS, the WebSocket, JSON,
 * the informer's store, JOSDK's event source and filters), apart from any reconcile. With the operator's
 * workspaces Running, it annotates one kind of their children {@code events} times (StatefulSets, 9 KB as the
 * operator reads them, or ServiceAccounts, 1.5 KB): each annotation is one update event that every informer of
 * the kind reads, and that the operator's filter drops (an annotation is nothing the operator owns or reads), so it
 * starts no reconcile. The operator's CPU over the writes and until it is idle again, less
 * what it uses when idle over the same time, divided by the events, is the cost of one event, by thread group.
 * Twice or more: with the annotation's filler at each of {@code fillerBytes}, so that the cost per event splits into
 * a fixed part and a part per kilobyte.
 */
final class EventCost {

  static final String ANNOTATION = "bench.air9.io/touch";
  private static final int WRITERS = 4;
  /**
   * Three one-second steps in a row that each used at most this much CPU, or a little more than the idle rate once it
   * is known ({@link #settledStep}): the operator is idle again.
   */
  static final double SETTLED_CPU_PER_SECOND = 0.03;

  private final KubernetesClient client;
  private final Progress progress;
  private final AppProcess operator;

  EventCost(KubernetesClient client, Progress progress, AppProcess operator) {
    this.client = client;
    this.progress = progress;
    this.operator = operator;
  }

  /**
   * A kind whose events can be measured: what the operator caches and drops annotation changes of, as kubectl names
   * it, and the name of the workspace's child of that kind (platform-model's {@link WorkspaceNames}).
   */
  enum Kind {
    STATEFULSETS(StatefulSet.class, WorkspaceNames::statefulSet),
    SERVICEACCOUNTS(ServiceAccount.class, WorkspaceNames::serviceAccount);

    final Class<? extends HasMetadata> type;
    final UnaryOperator<String> childOf;

    Kind(Class<? extends HasMetadata> type, UnaryOperator<String> childOf) {
      this.type = type;
      this.childOf = childOf;
    }

    String cliName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The kinds named on the command line ("statefulsets,serviceaccounts"). */
  static List<Kind> kinds(String names) {
    List<Kind> kinds = new ArrayList<>();
    for (String name : names.split(",")) {
      kinds.add(Arrays.stream(Kind.values()).filter(k -> k.cliName().equals(name.trim())).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("--event-kind is "
              + Arrays.stream(Kind.values()).map(Kind::cliName).collect(Collectors.joining(" or ")) + ", not "
              + name.trim())));
    }
    return kinds;
  }

  /**
   * One round per kind and filler size, in that order, each measured the same way against the idle rate taken once
   * before them: rounds next to each other in time compare better than separate runs on a shared machine.
   */
  Map<String, Object> run(List<String> namespaces, List<Kind> kinds, int events, List<Integer> fillerBytes)
      throws Exception {
    Map<Kind, List<HasMetadata>> targets = new LinkedHashMap<>();
    for (Kind kind : kinds) {
      targets.put(kind, children(namespaces, kind));
    }
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("kinds", kinds.stream().map(k -> k.type.getSimpleName()).toList());
    d.put("events", events);
    awaitIdle(Duration.ofMinutes(3), SETTLED_CPU_PER_SECOND + 0.02); // JFR alone takes about 0.035 a second
    progress.say("events: the operator's idle CPU over 20 s");
    Window idle = measure(() -> Thread.sleep(20_000));
    Map<String, Double> idleRate = perSecond(idle);
    d.put("idleCpuPerSecondByGroup", rounded(idleRate));
    double idlePerSecond = idleRate.values().stream().mapToDouble(Double::doubleValue).sum();
    progress.say("events: idle %.3f CPU s per s", idlePerSecond);
    double settled = settledStep(idlePerSecond);
    List<Map<String, Object>> runs = new ArrayList<>();
    for (Map.Entry<Kind, List<HasMetadata>> kind : targets.entrySet()) {
      for (int filler : fillerBytes) {
        runs.add(oneRound(kind.getKey().type, kind.getValue(), events, filler, idleRate, settled));
      }
    }
    d.put("runs", runs);
    return d;
  }

  /** The operator's children of a kind, by their names from the workspaces. */
  private List<HasMetadata> children(List<String> namespaces, Kind kind) {
    List<HasMetadata> targets = new ArrayList<>();
    for (String ns : namespaces) {
      for (Workspace ws : client.resources(Workspace.class).inNamespace(ns).list().getItems()) {
        HasMetadata child = client.resources(kind.type).inNamespace(ns)
            .withName(kind.childOf.apply(ws.getMetadata().getName())).get();
        if (child != null) {
          targets.add(child);
        }
      }
    }
    if (targets.isEmpty()) {
      throw new IllegalStateException("no " + kind.type.getSimpleName() + " of the operator in " + namespaces);
    }
    return targets;
  }

  private Map<String, Object> oneRound(Class<? extends HasMetadata> kind, List<HasMetadata> targets, int events,
      int filler, Map<String, Double> idleRate, double settled) throws Exception {
    awaitIdle(Duration.ofMinutes(3), settled);
    Map<String, Double> reconcilesBefore = operator.reconcilesStarted();
    String pad = "x".repeat(filler);
    Instant begin = Instant.now();
    Window w = measure(() -> {
      touch(kind, targets, events, pad);
      progress.say("events: %d annotations of %s written in %.1f s, waiting for the operator to be idle", events,
          kind.getSimpleName(), Duration.between(begin, Instant.now()).toMillis() / 1000.0);
      awaitIdle(Duration.ofMinutes(5), settled);
    });
    HasMetadata sample = client.resources(kind).inNamespace(targets.get(0).getMetadata().getNamespace())
        .withName(targets.get(0).getMetadata().getName()).get();
    Map<String, Double> perEvent = perEvent(w.cpuByGroup(), idleRate, w.seconds(), events);
    double total = perEvent.values().stream().mapToDouble(Double::doubleValue).sum();
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("kind", kind.getSimpleName());
    r.put("objects", targets.size());
    r.put("fillerBytes", filler);
    r.put("objectBytes", Serialization.asJson(sample).length());
    r.put("seconds", round(w.seconds()));
    r.put("cpuMsPerEvent", round(total * 1000));
    Map<String, Double> ms = new TreeMap<>();
    perEvent.forEach((g, s) -> ms.put(g, s * 1000));
    r.put("cpuMsPerEventByGroup", rounded(ms));
    r.put("reconcilesStarted", rounded(ApiWrites.perWorkspace(reconcilesBefore, operator.reconcilesStarted(), 1)));
    progress.say("events: %s, filler %d B, object %s B: %.3f ms of operator CPU per event (%s); reconciles started: %s",
        kind.getSimpleName(), filler, r.get("objectBytes"), total * 1000, ms, r.get("reconcilesStarted"));
    return r;
  }

  /** {@code events} annotations over the targets, round robin, by a few writers at once. */
  private void touch(Class<? extends HasMetadata> kind, List<HasMetadata> targets, int events, String pad)
      throws Exception {
    AtomicInteger next = new AtomicInteger();
    ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        done.add(writers.submit(() -> {
          for (int i = next.getAndIncrement(); i < events; i = next.getAndIncrement()) {
            HasMetadata s = targets.get(i % targets.size());
            client.resources(kind).inNamespace(s.getMetadata().getNamespace())
                .withName(s.getMetadata().getName()).patch(PatchContext.of(PatchType.JSON_MERGE),
                    "{\"metadata\":{\"annotations\":{\"" + ANNOTATION + "\":\"" + i + pad + "\"}}}");
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      writers.shutdownNow();
    }
  }

  /**
   * The most CPU a one-second step of an idle operator uses: {@link #SETTLED_CPU_PER_SECOND}, or half as much again
   * as its measured idle rate where that is higher (JFR, when recording, takes about 0.035 CPU seconds a second).
   */
  static double settledStep(double idlePerSecond) {
    return Math.max(SETTLED_CPU_PER_SECOND, 1.5 * idlePerSecond);
  }

  /** Waits until three one-second steps in a row each used at most {@code step} CPU seconds. */
  private void awaitIdle(Duration bound, double step) throws InterruptedException {
    Instant deadline = Instant.now().plus(bound);
    double last = operator.cpuSeconds();
    int quiet = 0;
    while (quiet < 3) {
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("the operator did not get idle within " + bound);
      }
      Thread.sleep(1000);
      double now = operator.cpuSeconds();
      quiet = now - last <= step ? quiet + 1 : 0;
      last = now;
    }
  }

  interface Step {
    void run() throws Exception;
  }

  /** A stretch of time: its seconds and the operator's CPU seconds in it by thread group. */
  record Window(double seconds, Map<String, Double> cpuByGroup) {}

  private Window measure(Step step) throws Exception {
    Map<String, Double> before = operator.cpuByThread();
    Instant begin = Instant.now();
    step.run();
    Map<String, Double> byThread = ThreadCpu.between(before, operator.cpuByThread());
    return new Window(Duration.between(begin, Instant.now()).toNanos() / 1e9, ThreadCpu.byGroup(byThread));
  }

  static Map<String, Double> perSecond(Window w) {
    Map<String, Double> r = new TreeMap<>();
    w.cpuByGroup().forEach((g, s) -> r.put(g, s / w.seconds()));
    return r;
  }

  /**
   * CPU seconds per event by group: what the window used beyond the idle rate over its length, divided by the
   * events. A group the idle rate would take below zero counts as 0 (its use in the window was within idle noise).
   */
  static Map<String, Double> perEvent(Map<String, Double> used, Map<String, Double> idlePerSecond, double seconds,
      int events) {
    Map<String, Double> r = new TreeMap<>();
    used.forEach((g, s) -> r.put(g, Math.max(0, s - idlePerSecond.getOrDefault(g, 0.0) * seconds) / events));
    return r;
  }

  private static Map<String, Double> rounded(Map<String, Double> m) {
    Map<String, Double> r = new TreeMap<>();
    m.forEach((k, v) -> r.put(k, round(v)));
    return r;
  }

  private static double round(double d) {
    return Math.round(d * 1000) / 1000.0;
  }

  static List<String> namespaces(List<String> teams) {
    return teams.stream().map(Air9::teamNamespace).toList();
  }
}
