package io.air9.platform.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.air9.platform.model.Crds;
import io.air9.platform.model.Workspace;
import io.air9.platform.sim.cluster.KubernetesCluster;
import io.air9.platform.sim.junit.KubernetesClusterTest;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The operator does its whole job as its ServiceAccount, bound to the ClusterRole of deploy/rbac only. */
@KubernetesClusterTest
class LeastPrivilegeIT {

  @Test
  void operatorWorksWithTheShippedClusterRole(KubernetesCluster cluster, KubernetesClient admin) {
    Crds.install(admin);
    DefaultClasses.apply(admin, OperatorIT.REPO);
    cluster.kubectl().run("apply", "-f", OperatorIT.REPO.resolve("deploy/operator/namespace.yaml").toString())
        .orThrow();
    cluster.kubectl().run("apply", "-k", OperatorIT.REPO.resolve("deploy/rbac").toString()).orThrow();

    Config config = cluster.config();
    Config asOperator = new io.fabric8.kubernetes.client.ConfigBuilder(config)
        .withImpersonateUsername("system:serviceaccount:air9-system:air9-operator")
        .withImpersonateGroups("system:serviceaccounts", "system:serviceaccounts:air9-system", "system:authenticated")
        .build();
    assertThat(cluster.kubectl().run("auth", "can-i", "delete", "nodes",
        "--as=system:serviceaccount:air9-system:air9-operator").stdout().trim()).isEqualTo("no");

    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(asOperator).build();
        Air9Operator operator = Air9Operator.start(client,
            OperatorSettings.defaults().withLeaderElection(true, "air9-system"))) {
      ClusterSteps.applyTeam(cluster, admin, "rbac", """
          apiVersion: air9.io/v1alpha1
          kind: Team
          metadata: {name: rbac}
          spec:
            members: [{name: alice, role: admin}, {name: bob, role: member}]
            quota: {cpu: "8", memory: 16Gi, storage: 20Gi, maxWorkspaces: 3}
          """);
      cluster.kubectl().runWithInput("""
          apiVersion: air9.io/v1alpha1
          kind: Workspace
          metadata: {name: nb, namespace: team-rbac}
          spec: {class: jupyterlab, storage: 2Gi}
          """, "apply", "-f", "-").orThrow();
      Workspace ws = ClusterSteps.waitForPhase(admin, "team-rbac", "nb", "Running", Duration.ofSeconds(60));
      assertThat(ws.getStatus().getConditions()).hasSize(4);
      // Spark RBAC (Role + RoleBinding) was created by the operator without escalation
      assertThat(admin.rbac().roles().inNamespace("team-rbac").withName("nb-spark").get()).isNotNull();
      // members may manage workspaces in their team through the aggregated roles
      assertThat(cluster.kubectl().run("auth", "can-i", "create", "workspaces.air9.io", "-n", "team-rbac",
          "--as=bob").stdout().trim()).isEqualTo("yes");
      assertThat(cluster.kubectl().run("auth", "can-i", "create", "workspaces.air9.io", "-n", "team-other",
          "--as=bob").stdout().trim()).isEqualTo("no");
    }
  }
}
