package io.air9.platform.operator.team;

import static org.assertj.core.api.Assertions.assertThat;

import io.air9.platform.model.Team;
import io.air9.platform.model.TeamMember;
import io.air9.platform.model.TeamQuota;
import io.air9.platform.model.TeamRole;
import io.air9.platform.operator.OperatorSettings;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import org.junit.jupiter.api.Test;

class TeamModelTest {

  private static Team team() {
    Team t = new Team();
    t.setMetadata(new ObjectMetaBuilder().withName("ds").build());
    t.getSpec().setMembers(List.of(new TeamMember("zoe", TeamRole.MEMBER), new TeamMember("alice", TeamRole.ADMIN),
        new TeamMember("bob", TeamRole.MEMBER), new TeamMember("carol", TeamRole.VIEWER)));
    t.getSpec().setQuota(new TeamQuota("16", "64Gi", 2, "200Gi", 10));
    return t;
  }

  private final TeamModel model = new TeamModel(team(), OperatorSettings.defaults());

  @Test
  void namespaceEnforcesPodSecurityRestricted() {
    assertThat(model.namespaceResource().getMetadata().getName()).isEqualTo("team-ds");
    assertThat(model.namespaceResource().getMetadata().getLabels())
        .containsEntry("pod-security.kubernetes.io/enforce", "restricted")
        .containsEntry("air9.io/team", "ds")
        .containsEntry("app.kubernetes.io/managed-by", "air9-operator");
  }

  @Test
  void quotaCoversComputeGpuStorageAndWorkspaceCount() {
    assertThat(model.resourceQuota().getSpec().getHard())
        .containsEntry("requests.cpu", new Quantity("16")).containsEntry("limits.cpu", new Quantity("16"))
        .containsEntry("requests.memory", new Quantity("64Gi")).containsEntry("limits.memory", new Quantity("64Gi"))
        .containsEntry("requests.nvidia.com/gpu", new Quantity("2"))
        .containsEntry("requests.storage", new Quantity("200Gi"))
        .containsEntry("count/statefulsets.apps", new Quantity("10"));
  }

  @Test
  void aTeamWithoutQuotaGetsAnEmptyOne() {
    Team t = team();
    t.getSpec().setQuota(null);
    assertThat(new TeamModel(t, OperatorSettings.defaults()).resourceQuota().getSpec().getHard()).isEmpty();
  }

  @Test
  void oneRoleBindingPerRoleWithSortedMembers() {
    assertThat(model.roleBinding(TeamRole.MEMBER).getSubjects()).extracting("name").containsExactly("bob", "zoe");
    assertThat(model.roleBinding(TeamRole.MEMBER).getRoleRef().getName()).isEqualTo("edit");
    assertThat(model.roleBinding(TeamRole.ADMIN).getSubjects()).extracting("name").containsExactly("alice");
    assertThat(model.roleBinding(TeamRole.ADMIN).getRoleRef().getName()).isEqualTo("admin");
    assertThat(model.roleBinding(TeamRole.VIEWER).getRoleRef().getName()).isEqualTo("view");
    assertThat(model.roleBinding(TeamRole.VIEWER).getMetadata().getName()).isEqualTo("air9-team-viewer");
  }

  @Test
  void defaultDenyPlusTheAllowsAWorkspaceNeeds() {
    assertThat(model.defaultDeny().getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
    assertThat(model.defaultDeny().getSpec().getIngress()).isNullOrEmpty();
    assertThat(model.defaultDeny().getSpec().getEgress()).isNullOrEmpty();
    var allow = model.allowWorkspaces().getSpec();
    assertThat(allow.getIngress().get(1).getFrom().get(0).getNamespaceSelector().getMatchLabels())
        .containsEntry("kubernetes.io/metadata.name", "ingress-nginx");
    assertThat(allow.getEgress()).anySatisfy(e -> assertThat(e.getPorts()).anyMatch(p -> p.getPort().getIntVal() == 53));
  }

  @Test
  void theOperatorsActivityProbeMayReachTheAppPortOfWorkspaces() {
    var probe = model.allowWorkspaces().getSpec().getIngress().stream()
        .filter(rule -> rule.getFrom().stream().anyMatch(peer -> peer.getPodSelector() != null
            && peer.getPodSelector().getMatchLabels() != null
            && "air9-operator".equals(peer.getPodSelector().getMatchLabels().get("app.kubernetes.io/name"))))
        .toList();
    assertThat(probe).singleElement().satisfies(rule -> {
      // One peer with both selectors: the operator's pods in the operator's namespace (not any pod there).
      assertThat(rule.getFrom()).singleElement().satisfies(peer -> assertThat(
          peer.getNamespaceSelector().getMatchLabels()).containsExactly(
              java.util.Map.entry("kubernetes.io/metadata.name", "air9-system")));
      assertThat(rule.getPorts()).singleElement().satisfies(port -> {
        assertThat(port.getPort().getStrVal()).as("the app port by name, whatever its number")
            .isEqualTo(io.air9.platform.model.WorkspaceNames.appPort());
        assertThat(port.getProtocol()).isEqualTo("TCP");
      });
    });
    TeamModel elsewhere = new TeamModel(team(), OperatorSettings.defaults().withLeaderElection(true, "platform"));
    assertThat(elsewhere.allowWorkspaces().getSpec().getIngress()).anySatisfy(rule -> assertThat(rule.getFrom())
        .anyMatch(peer -> peer.getNamespaceSelector() != null && "platform".equals(
            peer.getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name"))));
  }

  @Test
  void everyNamespacedChildIsInTheTeamNamespaceAndLabelled() {
    List<HasMetadata> children = List.of(model.resourceQuota(), model.limitRange(), model.defaultDeny(),
        model.allowWorkspaces(), model.roleBinding(TeamRole.ADMIN));
    assertThat(children).allSatisfy(c -> {
      assertThat(c.getMetadata().getNamespace()).isEqualTo("team-ds");
      assertThat(c.getMetadata().getLabels()).containsEntry("app.kubernetes.io/part-of", "air9")
          .containsEntry("app.kubernetes.io/instance", "ds").containsKey("app.kubernetes.io/component");
    });
  }
}
