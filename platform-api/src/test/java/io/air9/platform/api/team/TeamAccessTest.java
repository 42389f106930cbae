package io.air9.platform.api.team;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.air9.platform.api.kube.Caches;
import io.air9.platform.api.problem.ApiException;
import io.air9.platform.api.security.CurrentUser;
import io.air9.platform.model.Team;
import io.air9.platform.model.TeamMember;
import io.air9.platform.model.TeamRole;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class TeamAccessTest {

  static final CurrentUser ALICE = new CurrentUser("alice", List.of(), false);
  static final CurrentUser BOB = new CurrentUser("bob", List.of(), false);
  static final CurrentUser CAROL = new CurrentUser("carol", List.of(), false);
  static final CurrentUser MALLORY = new CurrentUser("mallory", List.of(), false);
  static final CurrentUser DAVE = new CurrentUser("dave", List.of("air9-admins"), true);

  final Caches caches = mock(Caches.class);
  final TeamAccess access = new TeamAccess(caches);

  TeamAccessTest() {
    Team team = new Team();
    team.setMetadata(new ObjectMetaBuilder().withName("a").build());
    team.getSpec().setMembers(List.of(new TeamMember("alice", TeamRole.ADMIN), new TeamMember("bob", TeamRole.MEMBER),
        new TeamMember("carol", TeamRole.VIEWER)));
    when(caches.team("a")).thenReturn(Optional.of(team));
    when(caches.team("b")).thenReturn(Optional.empty());
    when(caches.teams()).thenReturn(List.of(team));
  }

  @Test
  void outsidersGet404LikeForAMissingTeam() {
    assertThat(status(() -> access.readable(MALLORY, "a"))).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(status(() -> access.writable(MALLORY, "a"))).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(status(() -> access.readable(ALICE, "b"))).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(access.visibleTeams(MALLORY)).isEmpty();
  }

  @Test
  void viewersReadOnly() {
    assertThat(access.readable(CAROL, "a").getMetadata().getName()).isEqualTo("a");
    assertThat(status(() -> access.writable(CAROL, "a"))).isEqualTo(HttpStatus.FORBIDDEN);
  }

  @Test
  void membersWriteAdminsAdminister() {
    assertThat(access.writable(BOB, "a")).isNotNull();
    assertThat(status(() -> access.administered(BOB, "a"))).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(access.administered(ALICE, "a")).isNotNull();
  }

  @Test
  void platformAdminsDoEverythingWithoutMembership() {
    assertThat(access.administered(DAVE, "a")).isNotNull();
    assertThat(access.role(DAVE, access.readable(DAVE, "a"))).isEmpty();
    assertThat(access.visibleTeams(DAVE)).hasSize(1);
  }

  private static HttpStatus status(Runnable call) {
    try {
      call.run();
    } catch (ApiException e) {
      return e.status();
    }
    throw new AssertionError("no ApiException");
  }
}
