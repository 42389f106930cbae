package io.air9.platform.api.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.air9.platform.api.kube.Caches;
import io.air9.platform.api.kube.Writes;
import io.air9.platform.api.problem.ApiException;
import io.air9.platform.api.security.CurrentUser;
import io.air9.platform.api.team.TeamAccess;
import io.air9.platform.model.DesiredState;
import io.air9.platform.model.Team;
import io.air9.platform.model.TeamMember;
import io.air9.platform.model.TeamRole;
import io.air9.platform.model.ImageOption;
import io.air9.platform.model.Workspace;
import io.air9.platform.model.WorkspaceClass;
import io.air9.platform.model.WorkspaceStatus;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.http.HttpStatus;

/** Preconditions of workspace writes, with Kubernetes mocked. */
class WorkspaceServiceTest {

  static final CurrentUser BOB = new CurrentUser("bob", List.of(), false);

  final Caches caches = mock(Caches.class);
  final Writes writes = mock(Writes.class);
  final KubernetesClient client = mock(KubernetesClient.class);
  final WorkspaceService service = new WorkspaceService(caches, new TeamAccess(caches), writes, client);
  final Workspace current = new Workspace();

  @SuppressWarnings({"unchecked", "rawtypes"})
  WorkspaceServiceTest() {
    Team team = new Team();
    team.setMetadata(new ObjectMetaBuilder().withName("a").build());
    team.getSpec().setMembers(List.of(new TeamMember("bob", TeamRole.MEMBER)));
    when(caches.team("a")).thenReturn(Optional.of(team));
    current.setMetadata(new ObjectMetaBuilder().withName("w").withNamespace("team-a").withResourceVersion("10").build());
    current.getSpec().setWorkspaceClass("vscode");
    current.getSpec().setOwner("bob");
    MixedOperation op = mock(MixedOperation.class);
    NonNamespaceOperation inNamespace = mock(NonNamespaceOperation.class);
    Resource resource = mock(Resource.class);
    when(client.resources(Workspace.class)).thenReturn(op);
    when(op.inNamespace("team-a")).thenReturn(inNamespace);
    when(inNamespace.withName("w")).thenReturn(resource);
    when(resource.get()).thenReturn(current);
  }

  @Test
  void staleIfMatchIs412WithoutWriting() {
    assertThatThrownBy(() -> service.setState(BOB, "a", "w", DesiredState.Stopped, "\"9\""))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(HttpStatus.PRECONDITION_FAILED));
    verify(writes, never()).apply(any());
  }

  @Test
  void staleBodyVersionIs409WithoutWriting() {
    WorkspaceRequest request = new WorkspaceRequest(null, null, "x", null, null, null, null, null, null, null, "9");
    assertThatThrownBy(() -> service.update(BOB, "a", "w", request, null))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(HttpStatus.CONFLICT));
    verify(writes, never()).apply(any());
  }

  @Test
  void theAppliedObjectCarriesTheCheckedVersionAndARaceWithIfMatchIs412() {
    when(writes.apply(any())).thenThrow(new ApiException(HttpStatus.CONFLICT, "Conflict", "modified"));
    assertThatThrownBy(() -> service.setState(BOB, "a", "w", DesiredState.Stopped, "\"10\""))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(HttpStatus.PRECONDITION_FAILED));
    ArgumentCaptor<Workspace> applied = ArgumentCaptor.forClass(Workspace.class);
    verify(writes).apply(applied.capture());
    assertThat(applied.getValue().getMetadata().getResourceVersion()).isEqualTo("10");
    assertThat(applied.getValue().getSpec().getState()).isEqualTo(DesiredState.Stopped);
    assertThat(applied.getValue().getStatus()).isNull();
    // Without If-Match the same race stays a 409.
    assertThatThrownBy(() -> service.setState(BOB, "a", "w", DesiredState.Stopped, null))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(HttpStatus.CONFLICT));
  }

  /** Issue 9: the volume was made from the class default (5Gi); asking for 1Gi is refused naming the size. */
  @Test
  void storageBelowTheCurrentVolumeIs400NamingItsSizeWithoutWriting() {
    WorkspaceClass vscode = new WorkspaceClass();
    vscode.setMetadata(new ObjectMetaBuilder().withName("vscode").build());
    vscode.getSpec().setImages(List.of(new ImageOption("default", "codercom/code-server:4.105.1", null)));
    vscode.getSpec().setDefaultStorage(new Quantity("5Gi"));
    vscode.getSpec().setMaxStorage(new Quantity("100Gi"));
    when(caches.workspaceClass("vscode")).thenReturn(Optional.of(vscode));
    current.setStatus(new WorkspaceStatus());
    current.getStatus().setStorage(new Quantity("5Gi"));
    WorkspaceRequest request = new WorkspaceRequest(null, null, null, null, null, "1Gi", null, null, null, null, null);
    assertThatThrownBy(() -> service.update(BOB, "a", "w", request, null))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.status()).isEqualTo(HttpStatus.BAD_REQUEST);
          assertThat(e.errors()).containsExactly(new ApiException.FieldError("storage",
              "1Gi is smaller than the home volume's current size of 5Gi; storage can grow but not shrink"));
        });
    verify(writes, never()).apply(any());
  }

  @Test
  void invalidNamesAre404WithoutAskingKubernetes() {
    assertThatThrownBy(() -> service.delete(BOB, "a", "Not/A Name", null))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(HttpStatus.NOT_FOUND));
  }
}
