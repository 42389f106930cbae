package io.air9.platform.api.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.air9.platform.api.kube.Caches;
import io.air9.platform.api.security.CurrentUser;
import io.air9.platform.api.team.TeamAccess;
import io.air9.platform.api.team.TeamUsage;
import io.air9.platform.model.ComputeResources;
import io.air9.platform.model.Team;
import io.air9.platform.model.TeamMember;
import io.air9.platform.model.TeamRole;
import io.air9.platform.model.Workspace;
import io.air9.platform.model.WorkspaceClass;
import io.air9.platform.model.WorkspacePhase;
import io.air9.platform.model.WorkspaceStatus;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** GET /api/v1/queue: admission order from the status, and who sees what. */
class QueueServiceTest {

  final Caches caches = mock(Caches.class);
  final QueueService service = new QueueService(caches, new TeamAccess(caches), new TeamUsage(caches));

  QueueServiceTest() {
    when(caches.teams()).thenReturn(List.of(team("a", "alice"), team("b", "erin")));
    WorkspaceClass jupyter = new WorkspaceClass();
    jupyter.setMetadata(new ObjectMetaBuilder().withName("jupyterlab").build());
    jupyter.getSpec().setDefaultResources(new ComputeResources("1", "2Gi", 0));
    when(caches.workspaceClass("jupyterlab")).thenReturn(Optional.of(jupyter));
    when(caches.allWorkspaces()).thenReturn(List.of(
        queued("a", "third", 3, 1, "waiting for 1 GPU; 3rd in the queue"),
        running("a", "busy"),
        queued("b", "first", 1, 2, "waiting for 2 GPUs; 1st in the queue"),
        queued("a", "second", 2, 1, "waiting for 1 GPU; 2nd in the queue")));
  }

  static Team team(String name, String admin) {
    Team t = new Team();
    t.setMetadata(new ObjectMetaBuilder().withName(name).build());
    t.getSpec().setMembers(List.of(new TeamMember(admin, TeamRole.ADMIN)));
    return t;
  }

  static Workspace running(String team, String name) {
    Workspace ws = new Workspace();
    ws.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("team-" + team).build());
    ws.getSpec().setWorkspaceClass("jupyterlab");
    ws.setStatus(new WorkspaceStatus());
    ws.getStatus().setPhase(WorkspacePhase.Running);
    return ws;
  }

  static Workspace queued(String team, String name, int position, int gpu, String message) {
    Workspace ws = running(team, name);
    ws.getSpec().setResources(new ComputeResources(null, "8Gi", gpu));
    ws.getStatus().setPhase(WorkspacePhase.Queued);
    ws.getStatus().setQueuePosition(position);
    ws.getStatus().setQueuedAt("2026-12-01T09:0" + position + ":00Z");
    ws.getStatus().setConditions(List.of(new ConditionBuilder().withType("Ready").withStatus("False")
        .withReason("Queued").withMessage(message).build()));
    return ws;
  }

  @Test
  void platformAdminsSeeEveryQueuedWorkspaceInAdmissionOrder() {
    List<QueueService.QueuedWorkspace> queue = service.visibleTo(new CurrentUser("dave", List.of(), true));
    assertThat(queue).extracting(QueueService.QueuedWorkspace::name).containsExactly("first", "second", "third");
    QueueService.QueuedWorkspace first = queue.get(0);
    assertThat(first.team()).isEqualTo("b");
    assertThat(first.position()).isEqualTo(1);
    assertThat(first.requested()).isEqualTo(new QueueService.Requested("1", "8Gi", 2));
    assertThat(first.since()).isEqualTo("2026-12-01T09:01:00Z");
    assertThat(first.reason()).isEqualTo("waiting for 2 GPUs; 1st in the queue");
  }

  @Test
  void othersSeeOnlyTheirTeamsWithTheirPlacesInTheWholeQueue() {
    assertThat(service.visibleTo(new CurrentUser("alice", List.of(), false)))
        .extracting(QueueService.QueuedWorkspace::name, QueueService.QueuedWorkspace::position)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("second", 2), org.assertj.core.groups.Tuple.tuple("third", 3));
    assertThat(service.visibleTo(new CurrentUser("erin", List.of(), false)))
        .extracting(QueueService.QueuedWorkspace::name).containsExactly("first");
    assertThat(service.visibleTo(new CurrentUser("mallory", List.of(), false))).isEmpty();
  }

  @Test
  void aQueuedWorkspaceHoldsNoRoomInItsTeamsUsage() {
    when(caches.workspaces("team-a")).thenReturn(List.of(queued("a", "second", 2, 1, "waiting"), running("a", "busy")));
    TeamUsage.Totals a = new TeamUsage(caches).totals("a");
    assertThat(a.workspaces()).isEqualTo(2);
    assertThat(a.runningWorkspaces()).as("only the one with a pod").isEqualTo(1);
    assertThat(a.gpu()).isZero();
    assertThat(a.cpu()).isEqualByComparingTo("1");
  }
}
