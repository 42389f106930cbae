package io.air9.platform.operator;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's leader election, around JOSDK's: one Lease, an identity unique per process, and two ways to stop
 * leading that JOSDK 5.2.3 does not tell apart.
 * <ul>
 *   <li>Shutdown (SIGTERM, {@link Air9Operator#close()}): {@link #stopping()} is called first, so the stop-leading
 *       callback that the cancelled election runs on the shutdown thread does nothing; once the controllers have
 *       stopped, {@link #release()} frees the Lease so that a standby leads within its retry period, not after the
 *       Lease expires. (JOSDK's own exit-on-stop-leading calls {@code System.exit} from inside the JVM's shutdown
 *       and deadlocks it, so it is always off here.)</li>
 *   <li>Leadership lost while running (renewal failed, another holder): the process must end, so that two
 *       operators never reconcile at once; Kubernetes restarts it as a standby. The exit runs on a thread of its
 *       own, so the shutdown it starts never waits on the leader elector that called back.</li>
 * </ul>
 */
final class Leadership {

  private static final Logger LOG = LoggerFactory.getLogger(Leadership.class);

  private final KubernetesClient client;
  private final String namespace;
  private final String identity;
  private final boolean exitOnLoss;
  private final AtomicBoolean stopping = new AtomicBoolean();

  /**
   * @param namespace the Lease's namespace (null: the client's namespace, as JOSDK infers it)
   * @param exitOnLoss end the JVM when leadership is lost while running (the deployed operator)
   */
  Leadership(KubernetesClient client, String namespace, boolean exitOnLoss) {
    this.client = client;
    this.namespace = namespace != null ? namespace : client.getConfiguration().getNamespace();
    this.identity = Optional.ofNullable(System.getenv("HOSTNAME")).filter(h -> !h.isBlank()).orElse("air9-operator")
        + "_" + UUID.randomUUID();
    this.exitOnLoss = exitOnLoss;
  }

  String identity() {
    return identity;
  }

  LeaderElectionConfiguration configuration() {
    return new LeaderElectionConfiguration(OperatorSettings.LEASE_NAME, namespace,
        LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE,
        LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE,
        LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE, identity,
        new LeaderCallbacks(() -> LOG.info("Leading as {}", identity), this::stoppedLeading, leader -> { }), false);
  }

  /** The process is shutting down: stopping leading from now on is expected, not a loss. */
  void stopping() {
    stopping.set(true);
  }

  private void stoppedLeading() {
    if (exitOnLoss && stopping.compareAndSet(false, true)) {
      LOG.error("Lost the leadership of Lease {}/{} as {}: exiting so that only the new leader reconciles",
          namespace, OperatorSettings.LEASE_NAME, identity);
      new Thread(() -> System.exit(1), "air9-exit-on-lost-leadership").start();
    } else if (stopping.get()) {
      LOG.info("Stopped leading as {} (shutting down)", identity);
    } else {
      LOG.warn("Lost the leadership of Lease {}/{} as {}", namespace, OperatorSettings.LEASE_NAME, identity);
    }
  }

  /**
   * Frees the Lease if this process holds it: no holder, renewed now, as client-go's ReleaseOnCancel does. An
   * update with the read resourceVersion, so a Lease another operator took meanwhile is left alone.
   */
  void release() {
    try {
      Lease lease = client.leases().inNamespace(namespace).withName(OperatorSettings.LEASE_NAME).get();
      if (lease == null || lease.getSpec() == null || !Objects.equals(identity, lease.getSpec().getHolderIdentity())) {
        return;
      }
      ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
      lease.getSpec().setHolderIdentity(null);
      lease.getSpec().setLeaseDurationSeconds(1);
      lease.getSpec().setRenewTime(now);
      lease.getSpec().setAcquireTime(now);
      client.resource(lease).update();
      LOG.info("Released Lease {}/{}", namespace, OperatorSettings.LEASE_NAME);
    } catch (KubernetesClientException e) {
      LOG.warn("Could not release Lease {}/{} (a standby takes over when it expires): {}", namespace,
          OperatorSettings.LEASE_NAME, e.getStatus() != null ? e.getStatus().getMessage() : e.getMessage());
    }
  }
}
