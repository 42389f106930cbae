package io.air9.platform.sim.activity;

import io.air9.platform.model.Air9;
import io.air9.platform.model.Workspace;
import io.air9.platform.model.WorkspacePhase;
import io.air9.platform.sim.cluster.ClusterProviders;
import io.air9.platform.sim.cluster.KubernetesCluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Simulates users working in their workspaces: on the simulated cluster no container runs, so nothing
 * reports activity. Every tick, each Running workspace whose user is "active" gets the
 * {@code air9.io/last-activity} annotation set to now; the operator's idle culling reads it.
 *
 * <p>A workspace's simulated user is active unless the workspace carries the annotation
 * {@code air9.io/sim-user: idle} (or {@code away}), which models a user who left their workspace running.
 */
public final class ActivitySimulator implements AutoCloseable {

  public static final String ANNOTATION_SIM_USER = Air9.GROUP + "/sim-user";
  private static final Logger log = LoggerFactory.getLogger(ActivitySimulator.class);

  private final KubernetesClient client;
  private final Clock clock;
  private final Duration minInterval;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "air9-activity-simulator");
    t.setDaemon(true);
    return t;
  });

  public ActivitySimulator(KubernetesClient client, Clock clock, Duration minInterval) {
    this.client = client;
    this.clock = clock;
    this.minInterval = minInterval;
  }

  /** Ticks every {@code period} until closed. */
  public ActivitySimulator start(Duration period) {
    timer.scheduleAtFixedRate(this::tickSafely, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  /** One pass over all workspaces; returns how many were marked active. */
  public int tick() {
    Instant now = clock.instant();
    int marked = 0;
    for (Workspace ws : client.resources(Workspace.class).inAnyNamespace().list().getItems()) {
      if (shouldMarkActive(ws, now, minInterval)) {
        client.resources(Workspace.class).inNamespace(ws.getMetadata().getNamespace())
            .withName(ws.getMetadata().getName())
            .edit(w -> {
              w.getMetadata().getAnnotations().put(Air9.ANNOTATION_LAST_ACTIVITY, now.toString());
              return w;
            });
        marked++;
      }
    }
    return marked;
  }

  /**
   * Whether a workspace's simulated user touches it now: it runs, its user is not idle, and the last
   * recorded activity is older than {@code minInterval} (so the annotation is not rewritten every tick).
   */
  static boolean shouldMarkActive(Workspace ws, Instant now, Duration minInterval) {
    if (ws.getStatus() == null || ws.getStatus().getPhase() != WorkspacePhase.Running) {
      return false;
    }
    Map<String, String> annotations = Optional.ofNullable(ws.getMetadata().getAnnotations()).orElse(Map.of());
    String user = annotations.getOrDefault(ANNOTATION_SIM_USER, "active");
    if (user.equals("idle") || user.equals("away")) {
      return false;
    }
    String last = annotations.get(Air9.ANNOTATION_LAST_ACTIVITY);
    if (last == null) {
      return true;
    }
    try {
      return Duration.between(Instant.parse(last), now).compareTo(minInterval) >= 0;
    } catch (DateTimeParseException e) {
      return true;
    }
  }

  private void tickSafely() {
    try {
      int marked = tick();
      if (marked > 0) {
        log.info("marked {} workspace(s) active", marked);
      }
    } catch (RuntimeException e) {
      log.warn("activity tick failed: {}", e.getMessage());
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }

  /** Runs against the cluster chosen by the environment (the simulated cluster by default) until killed. */
  public static void main(String[] args) throws InterruptedException {
    Duration period = Duration.ofSeconds(args.length > 0 ? Long.parseLong(args[0]) : 30);
    KubernetesCluster cluster = ClusterProviders.byId("kubeconfig", "air9").start();
    try (KubernetesClient client = cluster.newClient();
        ActivitySimulator sim = new ActivitySimulator(client, Clock.systemUTC(), period).start(period)) {
      log.info("simulating user activity every {} s (annotate a workspace {}=idle to let it go idle)",
          period.toSeconds(), ANNOTATION_SIM_USER);
      Thread.currentThread().join();
    }
  }
}
