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
import io.air9.platform.model.Workspace;
import io.fabric8.kubernetes.api.model.DefaultKubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListMetaBuilder;
import io.fabric8.kubernetes.api.model.ListOptions;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.ReplaceDeletable;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.http.HttpStatus;

/**
 * A team's quota: platform admins only, field errors, If-Match on the spec version, retry past status writes. Deleting
 * a team: platform admins only, refused while it has workspaces unless forced, at the version read.
 */
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

  /** Team a's workspaces on the API server: these names, and how many more a list of 10 leaves out. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  void workspacesOnServer(long more, String... names) {
    MixedOperation op = mock(MixedOperation.class);
    NonNamespaceOperation inNamespace = mock(NonNamespaceOperation.class);
    when(client.resources(Workspace.class)).thenReturn(op);
    when(op.inNamespace("team-a")).thenReturn(inNamespace);
    DefaultKubernetesResourceList<Workspace> list = new DefaultKubernetesResourceList<>();
    list.setItems(java.util.Arrays.stream(names).map(n -> {
      Workspace w = new Workspace();
      w.setMetadata(new ObjectMetaBuilder().withName(n).withNamespace("team-a").build());
      return w;
    }).toList());
    list.setMetadata(new ListMetaBuilder().withRemainingItemCount(more == 0 ? null : more).build());
    when(inNamespace.list(any(ListOptions.class))).thenReturn(list);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  ReplaceDeletable deleteOnServer(String resourceVersion) {
    Resource resource = client.resources(Team.class).withName("a");
    ReplaceDeletable locked = mock(ReplaceDeletable.class);
    when(resource.lockResourceVersion(resourceVersion)).thenReturn(locked);
    return locked;
  }

  @Test
  void onlyPlatformAdminsDeleteTeams() {
    assertThatThrownBy(() -> service.delete(ALICE, "a", null, true))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(HttpStatus.FORBIDDEN));
    verify(client, never()).resources(any());
  }

  @Test
  void aTeamWithWorkspacesIsNotDeletedUnlessForced() {
    onServer(team(3, "117"));
    workspacesOnServer(2, "alice-notebook", "bob-train");
    ReplaceDeletable<?> locked = deleteOnServer("117");
    assertThatThrownBy(() -> service.delete(DAVE, "a", null, false))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.status()).isEqualTo(HttpStatus.CONFLICT);
          assertThat(e.getMessage()).startsWith("team 'a' still has 4 workspaces (alice-notebook, bob-train, ...): "
              + "deleting the team deletes its namespace team-a with every workspace");
        });
    verify(locked, never()).delete();

    service.delete(DAVE, "a", TeamService.etag(team(3, "100")), true);
    verify(locked).delete();
  }

  @Test
  void anEmptyTeamIsDeletedAtTheVersionReadAndAStaleIfMatchIsRefused() {
    onServer(team(3, "117"));
    workspacesOnServer(0);
    ReplaceDeletable<?> locked = deleteOnServer("117");
    assertThatThrownBy(() -> service.delete(DAVE, "a", TeamService.etag(team(2, "90")), false))
        .isInstanceOfSatisfying(ApiException.class,
            e -> assertThat(e.status()).isEqualTo(HttpStatus.PRECONDITION_FAILED));
    verify(locked, never()).delete();
    service.delete(DAVE, "a", null, false);
    verify(locked).delete();
  }

  @Test
  void aDeleteRacingAStatusWriteIsTriedAgainOnTheNewVersion() {
    onServer(team(3, "117"), team(3, "118"));
    workspacesOnServer(0);
    ReplaceDeletable<?> stale = deleteOnServer("117");
    when(stale.delete()).thenThrow(new io.fabric8.kubernetes.client.KubernetesClientException("conflict", 409,
        null));
    ReplaceDeletable<?> fresh = deleteOnServer("118");
    service.delete(DAVE, "a", TeamService.etag(team(3, "100")), false);
    verify(fresh).delete();
  }
}
