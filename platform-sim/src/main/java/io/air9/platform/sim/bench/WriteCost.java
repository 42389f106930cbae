package io.air9.platform.sim.bench;

import io.air9.platform.model.Workspace;
import io.air9.platform.model.WorkspacePhase;
import io.air9.platform.model.WorkspaceSpec;
import io.air9.platform.model.WorkspaceStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Path;
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
import java.util.stream.Collectors;

/**
 * The {@code writes} scenario: what one status write of a Workspace costs the machine (the API server, etcd, the
 * benchmark's client), by how it is written. The operator writes each status change as JOSDK does by default: a
 * server-side apply of the status subresource. The alternatives are JOSDK's other path (a JSON patch computed from
 * the cached object, {@code useSSAToPatchPrimaryResource(false)}) and a JSON merge patch of the whole status. With
 * the operator's workspaces started and the operator stopped (so that nothing else writes them), each round writes
 * {@code writes} status changes round robin over the workspaces: each toggles a workspace between its own status
 * (Running, as the operator wrote it) and the same status as it was while the pod started (phase Provisioning, Ready
 * False), so every write changes the phase and a condition, as the operator's do. One informer of the Workspaces
 * stays open, as the operator's would. The machine's CPU by process over the writes and until the API server is idle
 * again, less the idle rate over the same time, divided by the writes, is the cost of one write.
 */
final class WriteCost {

  /** How a status is written. */
  enum Mode {
    /** JOSDK's default: server-side apply of a fresh object holding the status, force, one field manager. */
    SSA,
    /** JOSDK without SSA: Fabric8's editStatus, a JSON patch (RFC 6902) diff against the object last seen. */
    JSON_PATCH,
    /** A JSON merge patch (RFC 7386) of the whole status. */
    MERGE;

    String cliName() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  static final String FIELD_MANAGER = "air9-bench-status";
  private static final int WRITERS = 4;
  private static final Path PROC = ThreadCpu.PROC;
  /** A one-second step of the API server at most this much above its idle rate: it is idle again. */
  static final double SETTLED_ABOVE_IDLE = 0.03;

  private final KubernetesClient client;
  private final Progress progress;

  WriteCost(KubernetesClient client, Progress progress) {
    this.client = client;
    this.progress = progress;
  }

  /** The modes named on the command line ("ssa,json-patch,merge"). */
  static List<Mode> modes(String names) {
    List<Mode> modes = new ArrayList<>();
    for (String name : names.split(",")) {
      modes.add(Arrays.stream(Mode.values()).filter(m -> m.cliName().equals(name.trim())).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("--write-mode is "
              + Arrays.stream(Mode.values()).map(Mode::cliName).collect(Collectors.joining(" or ")) + ", not "
              + name.trim())));
    }
    return modes;
  }

  /**
   * The same status as it was while the pod started: phase Provisioning, the Ready condition False with the reason
   * and message of a start under way (pure; the given status is not changed).
   */
  static WorkspaceStatus starting(WorkspaceStatus running) {
    WorkspaceStatus s = Serialization.clone(running);
    s.setPhase(WorkspacePhase.Provisioning);
    for (Condition c : s.getConditions()) {
      if ("Ready".equals(c.getType())) {
        c.setStatus("False");
        c.setReason("ContainerCreating");
        c.setMessage("the workspace's container is being created");
      }
    }
    return s;
  }

  /** One round per mode, in order, {@code rounds} times over (ABAB...), against one idle rate taken before them. */
  Map<String, Object> run(List<String> namespaces, List<Mode> modes, int writes, int rounds) throws Exception {
    List<Workspace> targets = new ArrayList<>();
    for (String ns : namespaces) {
      targets.addAll(client.resources(Workspace.class).inNamespace(ns).list().getItems());
    }
    targets.removeIf(w -> w.getStatus() == null || w.getStatus().getPhase() != WorkspacePhase.Running);
    if (targets.isEmpty()) {
      throw new IllegalStateException("no Running workspace in " + namespaces);
    }
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("workspaces", targets.size());
    d.put("writes", writes);
    d.put("objectBytes", Serialization.asJson(targets.get(0)).length());
    // each workspace's own Running status, which the writes toggle from and back to
    List<WorkspaceStatus> running = targets.stream().map(Workspace::getStatus).toList();
    SharedIndexInformer<Workspace> watcher = client.resources(Workspace.class).inAnyNamespace().inform();
    try {
      awaitIdle(Duration.ofMinutes(3), 0.05);
      progress.say("writes: the machine's idle CPU over 20 s");
      Map<String, Double> idle = perSecond(measure(() -> Thread.sleep(20_000)));
      d.put("idleCpuPerSecondByProcess", rounded(idle, 4));
      double apiIdle = idle.getOrDefault("kube-apiserver", 0.0);
      List<Map<String, Object>> runs = new ArrayList<>();
      for (int round = 0; round < rounds; round++) {
        for (Mode mode : modes) {
          awaitIdle(Duration.ofMinutes(3), apiIdle + SETTLED_ABOVE_IDLE);
          Instant begin = Instant.now();
          Window w = measure(() -> {
            write(mode, targets, running, writes);
            progress.say("writes: %d status writes (%s) in %.1f s, waiting for the API server to be idle", writes,
                mode.cliName(), Duration.between(begin, Instant.now()).toMillis() / 1000.0);
            awaitIdle(Duration.ofMinutes(3), apiIdle + SETTLED_ABOVE_IDLE);
          });
          Map<String, Double> perWrite = perWrite(w.cpu(), idle, w.seconds(), writes);
          Map<String, Object> r = new LinkedHashMap<>();
          r.put("mode", mode.cliName());
          r.put("seconds", round(w.seconds(), 2));
          r.put("writesPerSecond", round(writes / w.seconds(), 1));
          r.put("cpuMsPerWrite", round(perWrite.values().stream().mapToDouble(Double::doubleValue).sum() * 1000, 3));
          Map<String, Double> ms = new TreeMap<>();
          perWrite.forEach((p, s) -> ms.put(p, s * 1000));
          r.put("cpuMsPerWriteByProcess", rounded(ms, 3));
          runs.add(r);
          progress.say("writes: %s: %.3f ms of the machine's CPU per write: %s", mode.cliName(),
              (Double) r.get("cpuMsPerWrite"), r.get("cpuMsPerWriteByProcess"));
        }
      }
      d.put("runs", runs);
      d.put("objectBytesAfter", Serialization.asJson(client.resources(Workspace.class)
          .inNamespace(targets.get(0).getMetadata().getNamespace()).withName(targets.get(0).getMetadata().getName())
          .get()).length());
    } finally {
      watcher.close();
    }
    return d;
  }

  /**
   * {@code writes} status writes round robin over the workspaces ({@code current}: each as last written), by a few
   * writers at once. Each workspace belongs to one writer (its index modulo the writers), which writes it in order,
   * each write from the answer of the one before, as the operator's reconciles of one workspace are serial.
   */
  private void write(Mode mode, List<Workspace> current, List<WorkspaceStatus> running, int writes)
      throws Exception {
    ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        int writer = w;
        done.add(writers.submit(() -> {
          for (int i = 0; i < writes; i++) {
            int t = i % current.size();
            if (t % WRITERS == writer) { // its own workspaces only: one writer sets each element of the list
              Workspace before = current.get(t);
              current.set(t, writeOne(mode, before, toggled(before.getStatus(), running.get(t))));
            }
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

  /** The other of a workspace's two statuses: its starting one while it shows Running, else Running. */
  private static WorkspaceStatus toggled(WorkspaceStatus now, WorkspaceStatus running) {
    return now.getPhase() == WorkspacePhase.Running ? starting(running) : running;
  }

  private Workspace writeOne(Mode mode, Workspace current, WorkspaceStatus status) {
    String ns = current.getMetadata().getNamespace();
    String name = current.getMetadata().getName();
    var resource = client.resources(Workspace.class).inNamespace(ns).withName(name);
    return switch (mode) {
      case SSA -> {
        // as the operator's status recorder and JOSDK do: a fresh object of the status alone, applied with force
        Workspace fresh = new Workspace();
        fresh.setSpec(new WorkspaceSpec());
        fresh.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns).build());
        fresh.setStatus(status);
        yield client.resources(Workspace.class).inNamespace(ns).resource(fresh).subresource("status")
            .patch(new PatchContext.Builder().withFieldManager(FIELD_MANAGER).withForce(true)
                .withPatchType(PatchType.SERVER_SIDE_APPLY).build());
      }
      case JSON_PATCH -> {
        // as JOSDK's editStatus: a JSON patch from the object last seen, without its resourceVersion
        Workspace original = Serialization.clone(current);
        original.getMetadata().setResourceVersion(null);
        yield client.resources(Workspace.class).inNamespace(ns).resource(original).editStatus(w -> {
          w.setStatus(status);
          return w;
        });
      }
      case MERGE -> resource.subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE),
          Serialization.asJson(Map.of("status", status)));
    };
  }

  /** Waits until three one-second steps in a row of the API server each used at most {@code step} CPU seconds. */
  private void awaitIdle(Duration bound, double step) throws InterruptedException {
    Instant deadline = Instant.now().plus(bound);
    double last = apiServerCpu();
    int quiet = 0;
    while (quiet < 3) {
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("the API server did not get idle within " + bound);
      }
      Thread.sleep(1000);
      double now = apiServerCpu();
      quiet = now - last <= step ? quiet + 1 : 0;
      last = now;
    }
  }

  private double apiServerCpu() {
    return MachineCpu.snapshot(PROC, MachineCpu.BENCHMARK_PID, -1).values().stream()
        .filter(p -> "kube-apiserver".equals(p.name())).mapToDouble(MachineCpu.ProcessTime::cpuSeconds).sum();
  }

  interface Step {
    void run() throws Exception;
  }

  /** A stretch of time: its seconds and the machine's CPU seconds in it by process. */
  record Window(double seconds, Map<String, Double> cpu) {}

  private Window measure(Step step) throws Exception {
    var before = MachineCpu.snapshot(PROC, MachineCpu.BENCHMARK_PID, -1);
    Instant begin = Instant.now();
    step.run();
    var used = MachineCpu.between(before, MachineCpu.snapshot(PROC, MachineCpu.BENCHMARK_PID, -1));
    return new Window(Duration.between(begin, Instant.now()).toNanos() / 1e9, used);
  }

  static Map<String, Double> perSecond(Window w) {
    Map<String, Double> r = new TreeMap<>();
    w.cpu().forEach((p, s) -> r.put(p, s / w.seconds()));
    return r;
  }

  /**
   * CPU seconds per write by process: what the window used beyond the idle rate over its length, divided by the
   * writes; a process the idle rate would take below zero counts as 0, and one below a tenth of a millisecond per
   * write is left out (the machine's own housekeeping).
   */
  static Map<String, Double> perWrite(Map<String, Double> used, Map<String, Double> idlePerSecond, double seconds,
      int writes) {
    Map<String, Double> r = new TreeMap<>();
    used.forEach((p, s) -> {
      double each = Math.max(0, s - idlePerSecond.getOrDefault(p, 0.0) * seconds) / writes;
      if (each >= 1e-4) {
        r.put(p, each);
      }
    });
    return r;
  }

  private static Map<String, Double> rounded(Map<String, Double> m, int decimals) {
    Map<String, Double> r = new TreeMap<>();
    m.forEach((k, v) -> r.put(k, round(v, decimals)));
    return r;
  }

  private static double round(double d, int decimals) {
    double f = Math.pow(10, decimals);
    return Math.round(d * f) / f;
  }
}
