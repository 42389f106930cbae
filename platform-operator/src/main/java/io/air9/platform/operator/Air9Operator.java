package io.air9.platform.operator;

import io.air9.platform.model.OperatorThreads;
import io.air9.platform.operator.admission.WorkspaceAdmission;
import io.air9.platform.operator.common.NamedThreads;
import io.air9.platform.operator.common.ReconcileOrder;
import io.air9.platform.operator.team.TeamDependents;
import io.air9.platform.operator.team.TeamReconciler;
import io.air9.platform.operator.workspace.WorkspaceMetrics;
import io.air9.platform.operator.workspace.WorkspaceReconciler;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.Cloner;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import java.time.Duration;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AIR9 operator: the Workspace and Team controllers on one JOSDK {@link Operator}. Used in-process by tests, the
 * API's tests and the demo launcher, and as a bean by {@link Air9OperatorApplication}.
 */
public final class Air9Operator implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Air9Operator.class);
  private static final Duration RECONCILIATION_TERMINATION = Duration.ofSeconds(5);

  /** The identity "clone": cached objects are shared, never changed (see {@link #start}). */
  static final Cloner NO_COPY = new Cloner() {
    @Override
    public <R extends HasMetadata> R clone(R object) {
      return object;
    }
  };

  private final Operator operator;
  private final WorkspaceMetrics metrics;
  private final Leadership leadership;
  private final WorkspaceAdmission admission;

  private Air9Operator(Operator operator, WorkspaceMetrics metrics, Leadership leadership,
      WorkspaceAdmission admission) {
    this.operator = operator;
    this.metrics = metrics;
    this.leadership = leadership;
    this.admission = admission;
  }

  /**
   * Registers the controllers and starts them. Returns once the informers' caches are synced (or, with leader
   * election, at once: the controllers start when this instance becomes leader); never blocks beyond that.
   */
  public static Air9Operator start(KubernetesClient client, OperatorSettings settings) {
    return start(client, settings, false);
  }

  /**
   * As {@link #start(KubernetesClient, OperatorSettings)}; with leader election, {@code exitOnLostLeadership} ends
   * the JVM when this instance stops leading (the deployed operator: Kubernetes restarts it, so two instances never
   * reconcile at once). In-process users keep the JVM.
   */
  public static Air9Operator start(KubernetesClient client, OperatorSettings settings, boolean exitOnLostLeadership) {
    Leadership leadership = settings.leaderElection()
        ? new Leadership(client, settings.leaseNamespace(), exitOnLostLeadership) : null;
    Operator operator = new Operator(o -> {
      o.withKubernetesClient(client).withCloseClientOnStop(false).withStopOnInformerErrorDuringStartup(true)
          // settings.concurrency() reconcile threads; reconciles of started resources before first ones.
          .withExecutorService(new ReconcileOrder(settings.concurrency()))
          // JOSDK's workflow pool (the dependents of a reconcile), as many threads, named
          .withWorkflowExecutorService(Executors.newFixedThreadPool(
              settings.concurrency(), new NamedThreads(OperatorThreads.WORKFLOW.prefix())))
          // No copy of the primary per reconcile (JOSDK's default serialises and parses it, 4.5% of the operator's
          // CPU in a burst): the reconcilers never change the resource they are given (they write a fresh
          // status-only object), and nothing else asks for a clone (no finalizers, status by server-side apply).
          // What they build from it shares nothing mutable with it: CachedObjectsTest.
          .withResourceCloner(Air9Operator.NO_COPY);
      settings.meterRegistry().ifPresent(r -> o.withMetrics(MicrometerMetrics.withoutPerResourceMetrics(r)));
      if (leadership != null) {
        o.withLeaderElectionConfiguration(leadership.configuration());
        // In-flight reconciliations finish before the Lease is released, so two leaders never overlap.
        o.withReconciliationTerminationTimeout(RECONCILIATION_TERMINATION);
      }
    });
    WorkspaceMetrics metrics = new WorkspaceMetrics(settings.meterRegistry().orElse(null));
    TeamDependents.configure(settings);
    operator.register(new TeamReconciler());
    WorkspaceAdmission admission = new WorkspaceAdmission();
    operator.register(new WorkspaceReconciler(settings, metrics, admission));
    operator.start();
    LOG.info("AIR9 operator started (leader election {})", settings.leaderElection() ? "on" : "off");
    return new Air9Operator(operator, metrics, leadership, admission);
  }

  public WorkspaceMetrics metrics() {
    return metrics;
  }

  /**
   * Stops the controllers; with leader election, then releases the Lease so that a standby leads at once. Safe in a
   * JVM shutdown hook (Spring's): nothing here calls {@code System.exit}.
   */
  @Override
  public void close() {
    if (leadership != null) {
      leadership.stopping();
    }
    operator.stop();
    admission.close();
    if (leadership != null) {
      leadership.release();
    }
  }
}
