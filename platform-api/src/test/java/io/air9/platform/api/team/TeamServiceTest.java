package io.air9.platform.api.team;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.air9.platform.api.kube.Caches;
import io.air9.platform.api.kube.Writes;
import io.air9.platform.api.problem.ApiException;
import io.air9.platform.api.security.CurrentUser;
import io.air9.platform.model.Team;
import io.air9.platform.model.TeamQuota;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.http.HttpStatus;

/** A team's quota: platform admins only, field errors, If-Match on the spec version, retry past status writes. */
class TeamServiceTest {

  static final CurrentUser DAVE = new CurrentUser("dave", List.of("air9-admins"), true);
  static final CurrentUser ALICE = new CurrentUser("alice", List.of(), false);
  static final TeamView.Quota QUOTA = new TeamView.Quota("8", "16Gi", 1, null, 10);

  final KubernetesClient client = mock(KubernetesClient.class);
  final Writes writes = mock(Writes.class);
  final TeamAccess access = mock(TeamAccess.class);
  final TeamService service = new TeamService(mock(Caches.class), access, writes, client);

  static Team team(long generation, String resourceVersion) {
    Team team = new Team();
    team.setMetadata(new ObjectMetaBuilder().withName("a").withGeneration(generation)
        .withResourceVersion(resourceVersion).build());
    team.getSpec().setQuota(new TeamQuota("4", "8Gi", 0, "50Gi", 5));
    return team;
  }

  /** What successive reads of team a on the API server answer. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  void onServer(Team first, Team... then) {
    MixedOperation op = mock(MixedOperation.class);
    Resource resource = mock(Resource.class);
    when(client.resources(Team.class)).thenReturn(op);
    when(op.withName("a")).thenReturn(resource);
    when(resource.get()).thenReturn(first, (Object[]) then);
  }

  @Test
  void onlyPlatformAdminsSetAQuota() {
    assertThatThrownBy(() -> service.setQuota(ALICE, "a", QUOTA, null))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(HttpStatus.FORBIDDEN));
    verify(writes, never()).apply(any());
  }

  @Test
  void invalidFieldsAreNamedWithoutAPrefix() {
    onServer(team(3, "100"));
    assertThatThrownBy(() -> service.setQuota(DAVE, "a", new TeamView.Quota("lots", "0", -1, null, 5000), null))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.errors()).extracting(ApiException.FieldError::field)
            .containsExactly("cpu", "memory", "gpu", "maxWorkspaces"));
    verify(writes, never()).apply(any());
  }

  @Test
  void ifMatchIsTheSpecVersionNotTheResourceVersion() {
    onServer(team(3, "117"));
    when(writes.apply(any())).thenAnswer(i -> i.getArgument(0));
    ArgumentCaptor<Team> applied = ArgumentCaptor.forClass(Team.class);
    // The ETag a client got at generation 3, before the operator's status write moved the resourceVersion.
    service.setQuota(DAVE, "a", QUOTA, TeamService.etag(team(3, "100")));
    verify(writes).apply(applied.capture());
    assertThat(applied.getValue().getMetadata().getResourceVersion()).isEqualTo("117");
    assertThat(applied.getValue().getSpec().getQuota().getCpu().toString()).isEqualTo("8");

    onServer(team(4, "120"));
    assertThatThrownBy(() -> service.setQuota(DAVE, "a", QUOTA, TeamService.etag(team(3, "100"))))
        .isInstanceOfSatisfying(ApiException.class,
            e -> assertThat(e.status()).isEqualTo(HttpStatus.PRECONDITION_FAILED));
  }

  @Test
  void aConflictWithAStatusWriteIsRetriedOnTheNewVersion() {
    onServer(team(3, "100"), team(3, "101"));
    when(writes.apply(any())).thenThrow(new ApiException(HttpStatus.CONFLICT, "Conflict", "stale"))
        .thenAnswer(i -> i.getArgument(0));
    Team result = service.setQuota(DAVE, "a", QUOTA, null);
    assertThat(result.getMetadata().getResourceVersion()).isEqualTo("101");
    verify(writes, times(2)).apply(any());
  }

  @Test
  void aConflictWithAnotherSpecWriterIsNotOverwritten() {
    onServer(team(3, "100"), team(4, "101"));
    when(writes.apply(any())).thenThrow(new ApiException(HttpStatus.CONFLICT, "Conflict", "stale"));
    assertThatThrownBy(() -> service.setQuota(DAVE, "a", QUOTA, null))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.status()).isEqualTo(HttpStatus.CONFLICT);
          assertThat(e.getMessage()).contains("changed by another writer");
        });
    verify(writes, times(1)).apply(any());
  }
}
