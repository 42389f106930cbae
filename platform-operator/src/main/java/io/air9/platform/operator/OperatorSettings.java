package io.air9.platform.operator;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * How the operator exposes workspaces and runs.
 *
 * @param ingressHost host of every workspace URL, for example air9.localtest.me
 * @param ingressScheme http or https, for the URL shown in the status
 * @param pathPrefix path under which workspaces live; a workspace's base URL is PREFIX/NAMESPACE/NAME/
 * @param ingressClassName IngressClass of workspace Ingresses; null for the cluster default
 * @param ingressNamespace namespace of the ingress controller, allowed in by NetworkPolicies
 * @param leaderElection elect a leader (Lease) before reconciling; on in the deployed operator
 * @param leaseNamespace namespace of the leader-election Lease (null = the operator's own namespace)
 * @param provisioningRecheck how often a starting workspace is re-examined for reasons it hangs (quota events)
 * @param activityProbe before culling, ask the app for its last activity over HTTP (the class's
 *     culling.activityPath); off where the operator cannot reach pods (in-process on the simulated cluster)
 * @param meterRegistry where metrics go; empty for none
 * @param concurrency reconciles at once, and dependents at once across them: the most requests the operator has in
 *     flight to the API server (besides its watches)
 */
public record OperatorSettings(
    String ingressHost,
    String ingressScheme,
    String pathPrefix,
    String ingressClassName,
    String ingressNamespace,
    boolean leaderElection,
    String leaseNamespace,
    Duration provisioningRecheck,
    boolean activityProbe,
    Optional<MeterRegistry> meterRegistry,
    int concurrency) {

  public static final String LEASE_NAME = "air9-operator";
  /** The namespace the operator is deployed in when it is not told (deploy/operator, the chart's default). */
  public static final String DEFAULT_NAMESPACE = "air9-system";
  /** Labels of the deployed operator's pods (deploy/operator and the Helm chart): team NetworkPolicies admit them. */
  public static final Map<String, String> POD_LABELS = Map.of("app.kubernetes.io/name", "air9-operator");

  /**
   * Reconcile threads, and workflow threads, unless set: 16, as many as the benchmark's bare client writes with,
   * against JOSDK's 50. In bursts of 1000 on the simulated cluster, 16 took 26% fewer reconciles per start and 7% less
   * CPU per start, and finished 4-8% sooner (docs/benchmarks.md, "Concurrency"): the cluster's own controllers, whose
   * writes are sequential, wait less for an API server with fewer of the operator's requests in flight.
   */
  public static final int DEFAULT_CONCURRENCY = 16;

  public OperatorSettings {
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1, not " + concurrency);
    }
    pathPrefix = pathPrefix.endsWith("/") ? pathPrefix.substring(0, pathPrefix.length() - 1) : pathPrefix;
    meterRegistry = meterRegistry == null ? Optional.empty() : meterRegistry;
  }

  /**
   * The namespace the deployed operator runs in: that of its Lease (the Deployment sets it from the pod's own
   * namespace), else {@link #DEFAULT_NAMESPACE}.
   */
  public String operatorNamespace() {
    return leaseNamespace != null ? leaseNamespace : DEFAULT_NAMESPACE;
  }

  /** Base URL /ws/NAMESPACE/NAME/ on air9.localtest.me over http, no leader election, no metrics. */
  public static OperatorSettings defaults() {
    return new OperatorSettings("air9.localtest.me", "http", "/ws", "nginx", "ingress-nginx", false, null,
        Duration.ofSeconds(5), false, Optional.empty(), DEFAULT_CONCURRENCY);
  }

  public OperatorSettings withLeaderElection(boolean on, String namespace) {
    return new OperatorSettings(ingressHost, ingressScheme, pathPrefix, ingressClassName, ingressNamespace, on,
        namespace, provisioningRecheck, activityProbe, meterRegistry, concurrency);
  }

  public OperatorSettings withActivityProbe(boolean on) {
    return new OperatorSettings(ingressHost, ingressScheme, pathPrefix, ingressClassName, ingressNamespace,
        leaderElection, leaseNamespace, provisioningRecheck, on, meterRegistry, concurrency);
  }

  public OperatorSettings withConcurrency(int threads) {
    return new OperatorSettings(ingressHost, ingressScheme, pathPrefix, ingressClassName, ingressNamespace,
        leaderElection, leaseNamespace, provisioningRecheck, activityProbe, meterRegistry, threads);
  }
}
