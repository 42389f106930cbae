package io.air9.platform.operator.admission;

import io.air9.platform.model.OperatorThreads;
import io.air9.platform.model.StartDeadline;
import io.air9.platform.model.Team;
import io.air9.platform.model.Workspace;
import io.air9.platform.model.WorkspaceClass;
import io.air9.platform.model.WorkspaceClassSpec;
import io.air9.platform.model.capacity.Admission;
import io.air9.platform.model.capacity.Admission.Decision;
import io.air9.platform.model.capacity.Admission.Demand;
import io.air9.platform.model.capacity.AdmissionInputs;
import io.air9.platform.model.capacity.Amounts;
import io.air9.platform.model.capacity.NodeRoom;
import io.air9.platform.operator.workspace.ResolvedWorkspace;
import io.air9.platform.operator.workspace.WorkspaceModel;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's admission queue: whether a workspace that should run may create its pod now. Level-triggered:
 * any change of capacity (a node, a pod, a team's quota) or of demand (a workspace started or stopped) marks the
 * queue dirty; one evaluation runs at most every {@link #DEBOUNCE} (while nobody waits, {@link #QUIET_DEBOUNCE}), and
 * never more often than its own cost allows ({@link #spacing}: at most {@link #BUSY_SHARE} of a core while a
 * workspace waits, {@link #QUIET_SHARE} while nobody does), on its own thread, from the informers' caches
 * (collected by platform-model's {@link AdmissionInputs}, the API's builder too; this side adds its memory of
 * admitted and waiting workspaces and its memoised requests), with platform-model's pure {@link Admission#evaluate},
 * and triggers a reconcile of exactly the workspaces whose decision (admitted, position, what they wait for)
 * changed. A reconcile asks {@link #decide}: admitted workspaces
 * stay admitted until they stop; a new one is admitted at once when nobody waits and the room left by the last
 * evaluation holds it (a burst on an empty cluster adds no reconcile), otherwise it waits for the next evaluation.
 */
public final class WorkspaceAdmission extends AbstractEventSource<Queueing, Workspace> implements AutoCloseable {

  public static final Duration DEBOUNCE = Duration.ofMillis(100);
  /**
   * The delay while nobody waits: an evaluation then only refreshes the room that new workspaces take from in their
   * first reconcile (a workspace the room does not hold waits, and asks for an evaluation within {@link #DEBOUNCE}).
   * In a burst that fits, pod events asked for ten evaluations a second, 7% of the operator's CPU.
   */
  static final Duration QUIET_DEBOUNCE = Duration.ofSeconds(1);
  /**
   * The most of one core evaluations take while a workspace waits: an evaluation reads every workspace and pod, so
   * its cost grows with the cluster (at 5000 workspaces, under the deployed C1-only JVM, passes of tens of ms ten
   * times a second were the operator's largest consumer). The next one starts no sooner than its CPU time over this
   * share after the last one started.
   */
  static final double BUSY_SHARE = 0.10;
  /** The same while nobody waits, when an evaluation only refreshes the room new workspaces take from. */
  static final double QUIET_SHARE = 0.02;
  private static final Duration RETRY = Duration.ofSeconds(5);
  private static final Logger LOG = LoggerFactory.getLogger(WorkspaceAdmission.class);
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** The caches the evaluation reads (all from informers). */
  public record Caches(Supplier<Collection<Workspace>> workspaces, Function<String, WorkspaceClass> classes,
      Supplier<Collection<Node>> nodes, Supplier<Collection<Pod>> pods, Supplier<Collection<Team>> teams) {}

  private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, OperatorThreads.ADMISSION.prefix());
    t.setDaemon(true);
    return t;
  });
  /** Guards {@link #pending} and {@link #dueAt}: whether an evaluation is scheduled, and when (nano time). */
  private final Object timing = new Object();
  private boolean pending;
  private long dueAt;
  private final Set<String> admitted = ConcurrentHashMap.newKeySet();
  private final Map<String, Instant> since = new ConcurrentHashMap<>();
  private final Map<String, Remembered> podRequests = new ConcurrentHashMap<>();
  private final Map<String, Remembered> demandOf = new ConcurrentHashMap<>();
  /** This side's knowledge for the shared builder: memoised requests, the memory of admitted and waiting keys. */
  private final AdmissionInputs.Knowledge knowledge = new AdmissionInputs.Knowledge() {
    @Override
    public Amounts podRequests(Pod pod) {
      return requests(pod);
    }

    @Override
    public Amounts request(Workspace ws, WorkspaceClassSpec cls) {
      return requested(ws, cls);
    }

    @Override
    public boolean admittedBefore(String key) {
      return admitted.contains(key);
    }

    @Override
    public Instant waitingSince(String key, Workspace ws) {
      return since.computeIfAbsent(key, k -> queuedAt(ws));
    }
  };
  private volatile Caches caches;
  private volatile Admission.Result last;
  private volatile boolean running;
  private volatile long evaluations;
  /** The evaluating thread's CPU time in ns (wall time where the JVM does not measure it). */
  private final LongSupplier cpuClock;
  private volatile boolean measured;
  private volatile long lastStart;
  private volatile long lastCost;

  public WorkspaceAdmission() {
    this(WorkspaceAdmission::threadCpuTime);
  }

  WorkspaceAdmission(LongSupplier cpuClock) {
    super(Queueing.class, "admission");
    this.cpuClock = cpuClock;
  }

  private static long threadCpuTime() {
    long cpu = THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : -1;
    return cpu >= 0 ? cpu : System.nanoTime();
  }

  public void use(Caches caches) {
    this.caches = caches;
  }

  @Override
  public void start() {
    super.start();
    running = true;
    changed();
  }

  @Override
  public void stop() {
    running = false;
    super.stop();
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }

  @Override
  public Set<Queueing> getSecondaryResources(Workspace primary) {
    return Set.of();
  }

  /**
   * Something capacity or demand depends on changed: evaluate again soon (coalesced), within {@link #DEBOUNCE} when a
   * workspace waits, within {@link #QUIET_DEBOUNCE} when nobody does.
   */
  public void changed() {
    request(debounce());
  }

  /** How soon a change is evaluated: {@link #QUIET_DEBOUNCE} once an evaluation found nobody waiting and none waits. */
  Duration debounce() {
    return quiet() ? QUIET_DEBOUNCE : DEBOUNCE;
  }

  /** Whether an evaluation found nobody waiting and none waits since. */
  private boolean quiet() {
    Admission.Result result = last;
    return result != null && result.queue().isEmpty() && since.isEmpty();
  }

  /**
   * The least time from the start of the last evaluation to the next: its CPU time over the share of a core
   * evaluations may take ({@link #QUIET_SHARE} while nobody waits, else {@link #BUSY_SHARE}).
   */
  Duration spacing() {
    return Duration.ofNanos((long) (lastCost / (quiet() ? QUIET_SHARE : BUSY_SHARE)));
  }

  /** Schedules an evaluation after {@code delay} (and its {@link #spacing}), unless one is due sooner already. */
  private void request(Duration delay) {
    long now = System.nanoTime();
    long at = now + delay.toNanos();
    long earliest = lastStart + spacing().toNanos();
    if (measured && earliest - at > 0) {
      at = earliest;
    }
    long wait = at - now;
    synchronized (timing) {
      if (pending && dueAt - at <= 0) {
        return;
      }
      pending = true;
      dueAt = at;
    }
    try {
      executor.schedule(this::evaluateWhenDue, wait, TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      synchronized (timing) {
        pending = false;
      }
    }
  }

  /** Runs the scheduled evaluation, once: a task whose time was brought forward by a sooner request finds none. */
  private void evaluateWhenDue() {
    synchronized (timing) {
      if (!pending || System.nanoTime() - dueAt < -TimeUnit.MILLISECONDS.toNanos(1)) {
        return;
      }
      pending = false;
    }
    evaluateSafely();
  }

  /** Evaluations so far (for tests and metrics). */
  public long evaluations() {
    return evaluations;
  }

  /**
   * For a reconcile of a valid workspace: null when it may have its pod (admitted, or stopped), else why it waits.
   */
  public synchronized Queueing decide(Workspace ws, WorkspaceClassSpec cls, Pod pod) {
    String key = AdmissionInputs.key(ws);
    if (ws.getSpec().isStopped() || StartDeadline.failed(ws)) {
      boolean was = admitted.remove(key) | since.remove(key) != null;
      if (was) {
        changed();
      }
      return null;
    }
    if (admitted.contains(key) || AdmissionInputs.shownAdmitted(ws, pod)) {
      admitted.add(key);
      return null;
    }
    if (last == null && caches != null) {
      trigger(evaluate());
    }
    Decision d = last == null ? null : last.decisions().get(key);
    Demand demand = AdmissionInputs.demand(ws, cls, pod, false, knowledge);
    if (d == null && last != null && last.queue().isEmpty() && last.room().take(demand)) {
      admitted.add(key);
      since.remove(key);
      return null;
    }
    if (d != null && d.admitted()) {
      admitted.add(key);
      since.remove(key);
      return null;
    }
    Instant waitingSince = since.computeIfAbsent(key, k -> queuedAt(ws));
    if (d == null) {
      changed();
      return new Queueing(0, null, waitingSince);
    }
    return new Queueing(d.position(), d.waitingFor(), waitingSince);
  }

  private void evaluateSafely() {
    try {
      trigger(evaluate());
    } catch (RuntimeException e) {
      LOG.warn("admission evaluation failed; retrying in {}", RETRY, e);
      request(RETRY);
    }
  }

  /** Reconciles these workspaces (namespace/name) soon. */
  private void trigger(Set<String> keys) {
    if (running && getEventHandler() != null) {
      keys.forEach(key -> {
        int slash = key.indexOf('/');
        getEventHandler().handleEvent(new Event(new ResourceID(key.substring(slash + 1), key.substring(0, slash))));
      });
    }
  }

  /** One evaluation; returns the workspaces whose decision changed. */
  synchronized Set<String> evaluate() {
    Caches c = caches;
    if (c == null) {
      return Set.of();
    }
    evaluations++;
    long startedAt = System.nanoTime();
    long cpuBefore = cpuClock.getAsLong();
    try {
      return evaluate(c);
    } finally {
      lastCost = Math.max(0, cpuClock.getAsLong() - cpuBefore);
      lastStart = startedAt;
      measured = true;
    }
  }

  private Set<String> evaluate(Caches c) {
    Collection<Pod> pods = c.pods().get();
    AdmissionInputs inputs = AdmissionInputs.of(c.nodes().get(), pods, c.teams().get(), c.workspaces().get(),
        c.classes(), knowledge);
    Set<String> present = new HashSet<>();
    inputs.demands().forEach(d -> present.add(d.key()));
    admitted.retainAll(present);
    since.keySet().retainAll(present);
    podRequests.keySet().retainAll(pods.stream().map(p -> p.getMetadata().getUid()).collect(Collectors.toSet()));
    demandOf.keySet().retainAll(present);
    Admission.Result result = inputs.evaluate();
    Set<String> changed = new HashSet<>();
    Map<String, Decision> before = last == null ? Map.of() : last.decisions();
    result.decisions().forEach((key, d) -> {
      if (d.admitted()) {
        // Only a workspace that was told to wait needs a reconcile; one admitted before has its pod already.
        boolean waited = since.remove(key) != null;
        if (admitted.add(key) && waited) {
          changed.add(key);
        }
      } else if (!Objects.equals(before.get(key), d)) {
        changed.add(key);
      }
    });
    last = result;
    return changed;
  }

  /**
   * What a pod requests, remembered by its uid while its resourceVersion stays (an evaluation runs up to ten times a
   * second over every pod of the cluster; parsing each pod's quantities every time was most of its cost).
   */
  private Amounts requests(Pod pod) {
    String uid = pod.getMetadata().getUid();
    if (uid == null) {
      return NodeRoom.requests(pod);
    }
    Remembered known = podRequests.get(uid);
    if (known == null || !Objects.equals(known.version(), pod.getMetadata().getResourceVersion())) {
      known = new Remembered(pod.getMetadata().getResourceVersion(), NodeRoom.requests(pod));
      podRequests.put(uid, known);
    }
    return known.amounts();
  }

  /** A workspace's effective request, remembered while its spec (generation) and its class stay the same. */
  private Amounts requested(Workspace ws, WorkspaceClassSpec cls) {
    String version = ws.getMetadata().getUid() + "/" + ws.getMetadata().getGeneration();
    Remembered known = demandOf.get(AdmissionInputs.key(ws));
    if (known == null || !version.equals(known.version()) || known.cls() != cls) {
      var r = new WorkspaceModel(new ResolvedWorkspace(ws, cls, null, List.of(), null, false, false))
          .effectiveResources();
      known = new Remembered(version, Amounts.of(r.getCpu(), r.getMemory(), r.getGpu()), cls);
      demandOf.put(AdmissionInputs.key(ws), known);
    }
    return known.amounts();
  }

  private record Remembered(String version, Amounts amounts, WorkspaceClassSpec cls) {
    Remembered(String version, Amounts amounts) {
      this(version, amounts, null);
    }
  }

  private static Instant queuedAt(Workspace ws) {
    return Admission.queuedAt(ws.getStatus(), Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
  }
}
