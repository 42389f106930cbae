package io.air9.platform.sim.bench;

import io.air9.platform.model.Air9;
import io.air9.platform.model.ComputeResources;
import io.air9.platform.model.CullingPolicy;
import io.air9.platform.model.DesiredState;
import io.air9.platform.model.Workspace;
import io.air9.platform.model.WorkspaceClass;
import io.air9.platform.model.WorkspacePhase;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A working day replayed faster than real time ({@code --day-minutes} of wall time for 24 simulated hours), the same
 * day through the operator and through the bare client. Each user has one workspace: arrives between 8 and 10 a.m.
 * and starts it, works (activity), goes to lunch (idle), most come back (a workspace culled meanwhile is started
 * again: a return) and work until they leave between 4:30 and 6:30 p.m., when half of them stop their workspace and
 * the others leave it to the idle culler. A share of the users asks for a GPU, more than the few GPU nodes hold, so
 * they queue. Nothing happens before 7:00: the replay runs from 7:00 to 24:00.
 *
 * <p>Operator side: Workspaces of the class {@value #CLASS}, a copy of the scenario's class whose culling durations are
 * the defaults compressed by the same factor (idle timeout 1 h, GPU lease 4 h, maximum runtime 24 h, no warning);
 * activity is the {@code air9.io/last-activity} annotation, as the activity simulator writes it; culls are the
 * operator's ({@code air9.io/culled-at}); queueing is the operator's (phase Queued). Baseline side: the operator's own
 * children applied directly (the GPU users' pod asks for {@code nvidia.com/gpu}), a stop or a cull is a scale to 0,
 * a start a scale to 1, and the bare client culls by itself at the same idle deadlines and GPU leases; it has no
 * queue, so its GPU pods wait unschedulable in the scheduler's.
 */
final class WorkingDay {

  static final String CLASS = "bench-day";
  static final double FIRST_HOUR = 7;
  static final double LAST_HOUR = 24;
  static final double IDLE_HOURS = 1;
  static final double GPU_LEASE_HOURS = 4;

  /** One user's day, in simulated hours; {@code back} is NaN for a user who does not come back after lunch. */
  record User(String team, String name, boolean gpu, double arrive, double lunch, double back, double leave,
      boolean stopsAtLeave) {
    String key() {
      return Air9.teamNamespace(team) + "/" + name;
    }

    boolean returns() {
      return !Double.isNaN(back);
    }

    boolean workingAt(double h) {
      return (h >= arrive && h < lunch) || (returns() && h >= back && h < leave);
    }
  }

  /** The users of the day, the same for a given seed: round-robin over the teams, every k-th asks for a GPU. */
  static List<User> users(List<String> teams, int perTeam, double gpuShare, long seed) {
    Random r = new Random(seed);
    List<User> users = new ArrayList<>();
    int every = gpuShare <= 0 ? 0 : Math.max(1, (int) Math.round(1 / gpuShare));
    int i = 0;
    for (int w = 1; w <= perTeam; w++) {
      for (String team : teams) {
        double arrive = 8 + 2 * r.nextDouble();
        double lunch = Math.min(13.5, arrive + 2.5 + 1.5 * r.nextDouble());
        boolean back = r.nextDouble() < 0.75;
        double leave = 16.5 + 2 * r.nextDouble();
        users.add(new User(team, Workloads.workspaceName(w), every > 0 && i++ % every == 0, arrive, lunch,
            back ? lunch + 0.5 + 1.5 * r.nextDouble() : Double.NaN, leave, r.nextBoolean()));
      }
    }
    return users;
  }

  /** What the day does to one side: the operator's custom resources or the bare client's children. */
  private interface Side {
    void start(User u, boolean first);

    void stop(User u);

    boolean stopped(User u);

    void activity(User u);

    /** The user stopped working now: the bare client arms its own culler. */
    default void idleFrom(User u) {}

    int running();

    int queued();

    void close();
  }

  private final KubernetesClient client;
  private final Progress progress;
  private final Path dir;
  private final double secondsPerHour;
  private final List<String> nodes;
  private final double cpuAllocatable;
  private final double gpuAllocatable;

  WorkingDay(KubernetesClient client, Progress progress, Path dir, double dayMinutes) {
    this.client = client;
    this.progress = progress;
    this.dir = dir;
    this.secondsPerHour = dayMinutes * 60 / 24;
    List<Node> all = client.nodes().list().getItems();
    this.nodes = all.stream().map(n -> n.getMetadata().getName()).toList();
    this.cpuAllocatable = all.stream().mapToDouble(n -> quantity(n.getStatus().getAllocatable(), "cpu")).sum();
    this.gpuAllocatable = all.stream().mapToDouble(n -> quantity(n.getStatus().getAllocatable(), "nvidia.com/gpu"))
        .sum();
  }

  /** A duration of the simulated day as real time, in whole seconds (at least 2 s), in the CRD's format. */
  String compressed(double hours) {
    return Math.max(2, Math.round(hours * secondsPerHour)) + "s";
  }

  /** The day's class: a copy of {@code base} with its culling durations compressed. */
  void createClass(String base) {
    WorkspaceClass c = client.resources(WorkspaceClass.class).withName(base).require();
    WorkspaceClass day = new WorkspaceClass();
    day.getMetadata().setName(CLASS);
    day.setSpec(c.getSpec());
    CullingPolicy culling = new CullingPolicy(true, compressed(IDLE_HOURS), null);
    culling.setGpuLease(compressed(GPU_LEASE_HOURS));
    culling.setMaxRuntime(compressed(24));
    culling.setWarnBefore("0s");
    day.getSpec().setCulling(culling);
    client.resource(day).fieldManager(Workloads.FIELD_MANAGER).forceConflicts().serverSideApply();
    progress.say("day: class %s (idle timeout %s, GPU lease %s; 1 simulated hour = %.1f s)", CLASS,
        culling.getIdleTimeout(), culling.getGpuLease(), secondsPerHour);
  }

  /**
   * The day through the operator: Workspaces of the day's class, timed to phase Running; {@code phases} records every
   * phase each one passed through.
   */
  Map<String, Object> operator(List<User> users, PhaseLog phases) throws InterruptedException, IOException {
    return run("operator", users, new OperatorSide(phases));
  }

  /** The day through the bare client: the template's children, timed to the pod being Ready. */
  Map<String, Object> baseline(List<User> users, ChildTemplate template) throws InterruptedException, IOException {
    return run("baseline", users, new BaselineSide(template));
  }

  private final Starts book = new Starts();
  private final List<Double> cullTimes = new CopyOnWriteArrayList<>();
  private volatile Instant begin;
  /** The namespaces of the side that runs now: pods and workspaces elsewhere (the template's, leftovers) are not counted. */
  private volatile Set<String> namespaces = Set.of();

  private boolean ours(HasMetadata o) {
    return namespaces.contains(o.getMetadata().getNamespace());
  }

  private double now() {
    return Duration.between(begin, Instant.now()).toNanos() / 1e9;
  }

  private double hour() {
    return FIRST_HOUR + now() / secondsPerHour;
  }

  /**
   * The starts of a day: who asked when, and when it ran. A request still unmet (a GPU user queued since the morning)
   * keeps its first time. One the user withdraws by stopping the workspace while it waits (leaving in the evening
   * without ever having had it) never ran: it is kept as such ({@code #gave-up}), as is one still waiting at the end
   * of the day ({@code #pending}).
   */
  static final class Starts {
    /** Each start that ran: key#n, gpu, asked and running seconds. */
    private final List<String[]> ran = new CopyOnWriteArrayList<>();
    private final Map<String, Double> pending = new ConcurrentHashMap<>();
    private final Map<String, Integer> count = new ConcurrentHashMap<>();
    private final Map<String, Double> gaveUp = new ConcurrentHashMap<>();

    void clear() {
      ran.clear();
      pending.clear();
      count.clear();
      gaveUp.clear();
    }

    void requested(String key, double at) {
      pending.putIfAbsent(key, at);
    }

    boolean waiting(String key) {
      return pending.containsKey(key);
    }

    void ran(String key, boolean gpu, double at) {
      Double asked = pending.remove(key);
      if (asked != null) {
        int k = count.merge(key, 1, Integer::sum);
        ran.add(new String[] {key + "#" + k, Boolean.toString(gpu), fmt(asked), fmt(at)});
      }
    }

    /** The user stops the workspace: a start still waiting is given up, never Running. */
    void stopped(String key) {
      Double asked = pending.remove(key);
      if (asked != null) {
        gaveUp.put(key, asked);
      }
    }

    List<String[]> ran() {
      return ran;
    }

    int started() {
      return ran.size();
    }

    int gaveUp() {
      return gaveUp.size();
    }

    /** The starts that never ran, as key#pending or key#gave-up and the time each was asked for. */
    Map<String, Double> neverRan() {
      Map<String, Double> never = new java.util.TreeMap<>();
      pending.forEach((key, asked) -> never.put(key + "#pending", asked));
      gaveUp.forEach((key, asked) -> never.put(key + "#gave-up", asked));
      return never;
    }
  }

  /** A start asked for (see {@link Starts}). */
  private void requested(User u) {
    book.requested(u.key(), now());
  }

  private void ran(String key, boolean gpu) {
    book.ran(key, gpu, now());
  }

  private Map<String, Object> run(String label, List<User> users, Side side)
      throws InterruptedException, IOException {
    book.clear();
    cullTimes.clear();
    Map<String, User> byKey = new ConcurrentHashMap<>();
    users.forEach(u -> byKey.put(u.key(), u));
    namespaces = users.stream().map(u -> Air9.teamNamespace(u.team())).collect(java.util.stream.Collectors.toSet());
    AtomicInteger returns = new AtomicInteger();
    AtomicInteger userStops = new AtomicInteger();
    ScheduledExecutorService exec = Executors.newScheduledThreadPool(8);
    List<String> timeline = new ArrayList<>();
    timeline.add("t_s,hour,running,queued,culls,cpu_alloc_cores,gpu_alloc");
    begin = Instant.now();
    progress.say("%s day: %d users (%d with a GPU), %.0f CPU and %.0f GPUs allocatable on %d nodes, %.1f s per "
            + "simulated hour, 07:00-24:00", label, users.size(), users.stream().filter(User::gpu).count(),
        cpuAllocatable, gpuAllocatable, nodes.size(), secondsPerHour);
    try {
      for (User u : users) {
        at(exec, u.arrive(), () -> {
          requested(u);
          side.start(u, true);
        });
        at(exec, u.lunch(), () -> side.idleFrom(u));
        if (u.returns()) {
          at(exec, u.back(), () -> {
            if (side.stopped(u)) {
              returns.incrementAndGet();
              requested(u);
              side.start(u, false);
            }
          });
          at(exec, u.leave(), () -> {
            if (u.stopsAtLeave()) {
              if (!side.stopped(u)) {
                userStops.incrementAndGet();
                book.stopped(u.key());
                side.stop(u);
              }
            } else {
              side.idleFrom(u);
            }
          });
        }
      }
      long activityMs = Math.max(500, Math.round(secondsPerHour * 1000 / 4));
      exec.scheduleAtFixedRate(() -> users.stream().filter(u -> u.workingAt(hour()) && !side.stopped(u))
          .forEach(u -> exec.execute(() -> safely(() -> side.activity(u)))), activityMs, activityMs,
          TimeUnit.MILLISECONDS);
      long sampleMs = Math.max(1000, Math.round(secondsPerHour * 1000 / 12));
      long endMs = Math.round((LAST_HOUR - FIRST_HOUR) * secondsPerHour * 1000);
      Instant nextReport = Instant.now();
      while (now() * 1000 < endMs) {
        double[] alloc = allocation();
        timeline.add(String.format(Locale.ROOT, "%.1f,%.3f,%d,%d,%d,%.2f,%.0f", now(), hour(), side.running(),
            side.queued(), cullTimes.size(), alloc[0], alloc[1]));
        if (Instant.now().isAfter(nextReport)) {
          progress.say("%s day %s: running %d, queued %d, culls %d, starts %d (returns %d), CPU %.1f of %.0f, "
                  + "GPU %.0f of %.0f", label, clock(hour()), side.running(), side.queued(), cullTimes.size(),
              book.started(), returns.get(), alloc[0], cpuAllocatable, alloc[1], gpuAllocatable);
          nextReport = Instant.now().plusSeconds(15);
        }
        Thread.sleep(sampleMs);
      }
    } finally {
      exec.shutdownNow();
      exec.awaitTermination(30, TimeUnit.SECONDS);
      side.close();
    }
    Files.write(dir.resolve("day-timeline-" + label + ".csv"), timeline);
    StringBuilder csv = new StringBuilder("start,gpu,asked_s,running_s,latency_s\n");
    List<Latencies.Sample> all = new ArrayList<>();
    List<Latencies.Sample> gpu = new ArrayList<>();
    for (String[] s : book.ran()) {
      Latencies.Sample sample = new Latencies.Sample(s[0], Double.parseDouble(s[2]), Double.parseDouble(s[3]));
      all.add(sample);
      if (Boolean.parseBoolean(s[1])) {
        gpu.add(sample);
      }
      csv.append(String.format(Locale.ROOT, "%s,%s,%s,%s,%.3f%n", s[0], s[1], s[2], s[3], sample.latency()));
    }
    // a start asked for but never Running: still waiting at the end of the day, or given up (a GPU user queued all day)
    book.neverRan().forEach((start, asked) -> {
      boolean wantsGpu = byKey.get(start.substring(0, start.lastIndexOf('#'))).gpu();
      Latencies.Sample sample = new Latencies.Sample(start, asked, Double.NaN);
      all.add(sample);
      if (wantsGpu) {
        gpu.add(sample);
      }
      csv.append(String.format(Locale.ROOT, "%s,%s,%s,NaN,NaN%n", start, wantsGpu, fmt(asked)));
    });
    Files.writeString(dir.resolve("day-starts-" + label + ".csv"), csv);
    Latencies l = new Latencies(all, now());
    Latencies g = new Latencies(gpu, now());
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("users", users.size());
    d.put("gpuUsers", users.stream().filter(User::gpu).count());
    d.put("secondsPerSimulatedHour", round(secondsPerHour));
    d.put("starts", all.size());
    d.put("returns", returns.get());
    d.put("userStops", userStops.get());
    d.put("culls", cullTimes.size());
    d.put("neverRunning", l.notReady());
    d.put("gaveUpWaiting", book.gaveUp());
    d.put("startP50Seconds", round(l.percentile(50)));
    d.put("startP90Seconds", round(l.percentile(90)));
    d.put("startP99Seconds", round(l.percentile(99)));
    d.put("gpuStartP50Seconds", round(g.percentile(50)));
    d.put("gpuStartP99Seconds", round(g.percentile(99)));
    List<double[]> rows = timeline.stream().skip(1).map(r -> java.util.Arrays.stream(r.split(","))
        .mapToDouble(Double::parseDouble).toArray()).toList();
    d.put("peakRunning", (int) rows.stream().mapToDouble(r -> r[2]).max().orElse(0));
    d.put("peakQueued", (int) rows.stream().mapToDouble(r -> r[3]).max().orElse(0));
    d.put("peakCpuAllocatedCores", round(rows.stream().mapToDouble(r -> r[5]).max().orElse(0)));
    d.put("peakGpuAllocated", (int) rows.stream().mapToDouble(r -> r[6]).max().orElse(0));
    d.put("cpuAllocatable", cpuAllocatable);
    d.put("gpuAllocatable", gpuAllocatable);
    progress.say("%s day: %d starts (%d returns, %d never Running, %d of them given up), start p50 %.1f s p99 %.1f s "
            + "(GPU p50 %.1f s), %d culls, %d stopped by their user, peak %d running and %d queued", label, all.size(),
        returns.get(), l.notReady(), book.gaveUp(), l.percentile(50), l.percentile(99), g.percentile(50),
        cullTimes.size(), userStops.get(), d.get("peakRunning"), d.get("peakQueued"));
    return d;
  }

  private void at(ScheduledExecutorService exec, double hour, Runnable r) {
    long ms = Math.max(0, Math.round((hour - FIRST_HOUR) * secondsPerHour * 1000 - now() * 1000));
    exec.schedule(() -> safely(r), ms, TimeUnit.MILLISECONDS);
  }

  private void safely(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      progress.say("day: an action failed: %s", e.getMessage());
    }
  }

  /** CPU cores and GPUs requested by the workspace pods bound to a node and not finished. */
  private double[] allocation() {
    double cpu = 0;
    double gpu = 0;
    for (Pod p : pods.getStore().list()) {
      if (!ours(p) || p.getSpec().getNodeName() == null || p.getMetadata().getDeletionTimestamp() != null
          || Set.of("Succeeded", "Failed").contains(p.getStatus() == null ? "" : p.getStatus().getPhase())) {
        continue;
      }
      for (Container c : p.getSpec().getContainers()) {
        if (c.getResources() != null && c.getResources().getRequests() != null) {
          cpu += quantity(c.getResources().getRequests(), "cpu");
          gpu += quantity(c.getResources().getRequests(), "nvidia.com/gpu");
        }
      }
    }
    return new double[] {cpu, gpu};
  }

  private SharedIndexInformer<Pod> pods;

  private SharedIndexInformer<Pod> podInformer(ResourceEventHandler<Pod> handler) {
    pods = handler == null ? client.pods().inAnyNamespace().withLabel(Air9.LABEL_WORKSPACE).inform()
        : client.pods().inAnyNamespace().withLabel(Air9.LABEL_WORKSPACE).inform(handler);
    return pods;
  }

  private static boolean ready(Pod p) {
    return p.getStatus() != null && p.getStatus().getConditions() != null && p.getStatus().getConditions().stream()
        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static boolean unschedulable(Pod p) {
    return p.getStatus() != null && p.getStatus().getConditions() != null && p.getStatus().getConditions().stream()
        .anyMatch(c -> "PodScheduled".equals(c.getType()) && "False".equals(c.getStatus()));
  }

  private final class OperatorSide implements Side {
    private final SharedIndexInformer<Workspace> workspaces;
    private final SharedIndexInformer<Pod> podInformer;

    OperatorSide(PhaseLog phases) {
      podInformer = podInformer(null);
      workspaces = client.resources(Workspace.class).inAnyNamespace().inform(new ResourceEventHandler<>() {
        @Override
        public void onAdd(Workspace w) {
          onUpdate(null, w);
        }

        @Override
        public void onUpdate(Workspace old, Workspace w) {
          phases.record(w);
          String key = w.getMetadata().getNamespace() + "/" + w.getMetadata().getName();
          if (w.getStatus() != null && w.getStatus().getPhase() == WorkspacePhase.Running) {
            ran(key, w.getSpec().getResources() != null && w.getSpec().getResources().getGpu() != null
                && w.getSpec().getResources().getGpu() > 0);
          }
          String culled = culledAt(w);
          if (culled != null && !Objects.equals(culled, old == null ? null : culledAt(old))) {
            cullTimes.add(now());
          }
        }

        @Override
        public void onDelete(Workspace w, boolean unknown) {}
      });
    }

    private static String culledAt(Workspace w) {
      return w.getMetadata().getAnnotations() == null ? null
          : w.getMetadata().getAnnotations().get(Air9.GROUP + "/culled-at");
    }

    private Workspace cached(User u) {
      return workspaces.getStore().getByKey(u.key());
    }

    @Override
    public void start(User u, boolean first) {
      if (first) {
        Workspace ws = Workloads.workspace(Air9.teamNamespace(u.team()), u.name(), CLASS);
        ws.getSpec().setResources(new ComputeResources("500m", "1Gi", u.gpu() ? 1 : 0));
        client.resource(ws).fieldManager(Workloads.FIELD_MANAGER).forceConflicts().serverSideApply();
      } else {
        state(u, DesiredState.Running);
      }
    }

    @Override
    public void stop(User u) {
      state(u, DesiredState.Stopped);
    }

    private void state(User u, DesiredState state) {
      client.resources(Workspace.class).inNamespace(Air9.teamNamespace(u.team())).withName(u.name())
          .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"state\":\"" + state + "\"}}");
    }

    @Override
    public boolean stopped(User u) {
      Workspace w = cached(u);
      return w == null || w.getSpec().getState() == DesiredState.Stopped;
    }

    @Override
    public void activity(User u) {
      client.resources(Workspace.class).inNamespace(Air9.teamNamespace(u.team())).withName(u.name())
          .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"annotations\":{\""
              + Air9.ANNOTATION_LAST_ACTIVITY + "\":\"" + Instant.now() + "\"}}}");
    }

    @Override
    public int running() {
      return (int) workspaces.getStore().list().stream().filter(w -> ours(w) && w.getStatus() != null
          && w.getStatus().getPhase() == WorkspacePhase.Running).count();
    }

    @Override
    public int queued() {
      return (int) workspaces.getStore().list().stream().filter(w -> ours(w) && w.getStatus() != null
          && w.getStatus().getPhase() == WorkspacePhase.Queued).count();
    }

    @Override
    public void close() {
      workspaces.close();
      podInformer.close();
    }
  }

  private final class BaselineSide implements Side {
    private final ChildTemplate template;
    private final SharedIndexInformer<Pod> podInformer;
    private final Set<String> down = ConcurrentHashMap.newKeySet();
    private final Map<String, Double> lastActive = new ConcurrentHashMap<>();
    private final Map<String, Integer> run = new ConcurrentHashMap<>();
    private final Map<String, User> users = new ConcurrentHashMap<>();
    private final ScheduledExecutorService culler = Executors.newSingleThreadScheduledExecutor();

    BaselineSide(ChildTemplate template) {
      this.template = template;
      podInformer = podInformer(new ResourceEventHandler<>() {
        @Override
        public void onAdd(Pod p) {
          onUpdate(null, p);
        }

        @Override
        public void onUpdate(Pod old, Pod p) {
          String key = p.getMetadata().getNamespace() + "/" + p.getMetadata().getLabels().get(Air9.LABEL_WORKSPACE);
          User u = users.get(key);
          if (u != null && ready(p) && book.waiting(key)) {
            ran(key, u.gpu());
            if (!u.workingAt(hour())) { // started while its user is away: idle from now, as the operator counts it
              idleFrom(u);
            }
            if (u.gpu()) { // the GPU lease, counted from this start
              int thisRun = run.getOrDefault(key, 0);
              culler.schedule(() -> safely(() -> {
                if (run.getOrDefault(key, 0) == thisRun && !down.contains(key)) {
                  cull(u);
                }
              }), Math.round(GPU_LEASE_HOURS * secondsPerHour * 1000), TimeUnit.MILLISECONDS);
            }
          }
        }

        @Override
        public void onDelete(Pod p, boolean unknown) {}
      });
    }

    @Override
    public void start(User u, boolean first) {
      users.put(u.key(), u);
      lastActive.put(u.key(), now());
      run.merge(u.key(), 1, Integer::sum);
      down.remove(u.key());
      if (first) {
        for (HasMetadata o : template.workspace(u.team(), u.name())) {
          if (u.gpu() && o instanceof StatefulSet s) {
            Container c = s.getSpec().getTemplate().getSpec().getContainers().get(0);
            c.getResources().getRequests().put("nvidia.com/gpu", new Quantity("1"));
            c.getResources().getLimits().put("nvidia.com/gpu", new Quantity("1"));
          }
          client.resource(o).fieldManager(Workloads.FIELD_MANAGER).forceConflicts().serverSideApply();
        }
      } else {
        client.apps().statefulSets().inNamespace(Air9.teamNamespace(u.team())).withName(u.name()).scale(1);
      }
    }

    @Override
    public void stop(User u) {
      down.add(u.key());
      client.apps().statefulSets().inNamespace(Air9.teamNamespace(u.team())).withName(u.name()).scale(0);
    }

    private void cull(User u) {
      stop(u);
      cullTimes.add(now());
    }

    @Override
    public boolean stopped(User u) {
      return !users.containsKey(u.key()) || down.contains(u.key());
    }

    @Override
    public void activity(User u) {
      lastActive.put(u.key(), now());
    }

    /** The bare client's culler: stops the workspace one idle timeout after its user's last activity. */
    @Override
    public void idleFrom(User u) {
      lastActive.put(u.key(), now());
      culler.schedule(() -> safely(() -> {
        double idle = now() - lastActive.getOrDefault(u.key(), 0.0);
        // like the operator, which culls no Queued workspace: a pod that never ran since its start is not idle
        if (!down.contains(u.key()) && !book.waiting(u.key()) && !u.workingAt(hour())
            && idle >= IDLE_HOURS * secondsPerHour - 0.5) {
          cull(u);
        }
      }), Math.round(IDLE_HOURS * secondsPerHour * 1000), TimeUnit.MILLISECONDS);
    }

    @Override
    public int running() {
      return (int) podInformer.getStore().list().stream().filter(p -> ours(p) && ready(p)).count();
    }

    @Override
    public int queued() {
      return (int) podInformer.getStore().list().stream().filter(p -> ours(p) && unschedulable(p)).count();
    }

    @Override
    public void close() {
      culler.shutdownNow();
      podInformer.close();
    }
  }

  static String clock(double hour) {
    int minutes = (int) Math.round(hour * 60);
    return String.format(Locale.ROOT, "%02d:%02d", minutes / 60, minutes % 60);
  }

  private static double quantity(Map<String, Quantity> m, String key) {
    Quantity q = m == null ? null : m.get(key);
    return q == null ? 0 : q.getNumericalAmount().doubleValue();
  }

  private static String fmt(double d) {
    return String.format(Locale.ROOT, "%.3f", d);
  }

  private static double round(double d) {
    return Double.isNaN(d) ? d : Math.round(d * 100) / 100.0;
  }
}
