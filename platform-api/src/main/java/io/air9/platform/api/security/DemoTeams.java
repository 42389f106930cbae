package io.air9.platform.api.security;

import io.air9.platform.api.kube.Writes;
import io.air9.platform.model.Team;
import io.air9.platform.model.TeamMember;
import io.air9.platform.model.TeamQuota;
import io.air9.platform.model.TeamRole;
import io.air9.platform.model.TeamSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Demo teams: team-a (alice admin, bob member, carol viewer) and team-b (erin admin); dave is a platform admin
 * through the air9-admins group.
 */
@Component
@ConditionalOnProperty(name = "air9.demo.seed-teams", havingValue = "true")
class DemoTeams implements ApplicationRunner {

  private final Writes writes;

  DemoTeams(Writes writes) {
    this.writes = writes;
  }

  @Override
  public void run(ApplicationArguments args) {
    writes.apply(team("a", "Team A", List.of(new TeamMember("alice", TeamRole.ADMIN),
        new TeamMember("bob", TeamRole.MEMBER), new TeamMember("carol", TeamRole.VIEWER))));
    writes.apply(team("b", "Team B", List.of(new TeamMember("erin", TeamRole.ADMIN))));
  }

  private static Team team(String name, String displayName, List<TeamMember> members) {
    TeamSpec spec = new TeamSpec();
    spec.setDisplayName(displayName);
    spec.setMembers(members);
    spec.setQuota(new TeamQuota("32", "128Gi", 2, "500Gi", 20));
    Team team = new Team();
    team.setMetadata(new ObjectMetaBuilder().withName(name).build());
    team.setSpec(spec);
    return team;
  }
}
