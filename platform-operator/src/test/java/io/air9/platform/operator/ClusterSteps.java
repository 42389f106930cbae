package io.air9.platform.operator;

import io.air9.platform.model.Workspace;
import io.air9.platform.sim.cluster.KubernetesCluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Steps the ITs share: apply with kubectl, wait for a Team to be Ready and a Workspace to reach a phase. */
final class ClusterSteps {

  private ClusterSteps() {}

  /** Applies a Team with kubectl and waits until it is Ready and its namespace can run pods. */
  static void applyTeam(KubernetesCluster cluster, KubernetesClient client, String name, String yaml) {
    cluster.kubectl().runWithInput(yaml, "apply", "-f", "-").orThrow();
    cluster.kubectl().run("wait", "team/" + name, "--for=condition=Ready", "--timeout=60s").orThrow();
    // The namespace's default ServiceAccount must exist before pods can be created in it.
    client.serviceAccounts().inNamespace("team-" + name).withName("default")
        .waitUntilCondition(sa -> sa != null, 30, TimeUnit.SECONDS);
  }

  static Workspace waitForPhase(KubernetesClient client, String ns, String name, String phase, Duration timeout) {
    return client.resources(Workspace.class).inNamespace(ns).withName(name)
        .waitUntilCondition(w -> w != null && w.getStatus() != null && w.getStatus().getPhase() != null
            && phase.equals(w.getStatus().getPhase().name()), timeout.toMillis(), TimeUnit.MILLISECONDS);
  }
}
