package io.air9.platform.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

class WorkspaceTest {

  private static Workspace workspace() {
    Workspace ws = new Workspace();
    ws.setMetadata(new ObjectMetaBuilder().withName("ada").withNamespace("team-a").withResourceVersion("7").build());
    ws.getSpec().setWorkspaceClass("jupyterlab");
    WorkspaceStatus status = new WorkspaceStatus();
    status.setPhase(WorkspacePhase.Provisioning);
    ws.setStatus(status);
    return ws;
  }

  @Test
  void withStatusIsACopyWithTheOtherStatusSharingMetadataAndSpec() {
    Workspace ws = workspace();
    WorkspaceStatus running = new WorkspaceStatus();
    running.setPhase(WorkspacePhase.Running);

    Workspace copy = ws.withStatus(running);

    assertThat(copy).isNotSameAs(ws);
    assertThat(copy.getStatus()).isSameAs(running);
    assertThat(ws.getStatus().getPhase()).isEqualTo(WorkspacePhase.Provisioning);
    assertThat(copy.getMetadata()).isSameAs(ws.getMetadata());
    assertThat(copy.getSpec()).isSameAs(ws.getSpec());
  }

  @Test
  void withStatusKeepsWhatTheConstructorWorksOut() {
    Workspace copy = workspace().withStatus(new WorkspaceStatus());

    assertThat(copy.getKind()).isEqualTo("Workspace");
    assertThat(copy.getApiVersion()).isEqualTo(Air9.GROUP + "/" + Air9.VERSION);
    assertThat(copy.getPlural()).isEqualTo("workspaces").isEqualTo(HasMetadata.getPlural(Workspace.class));
    assertThat(copy.getCRDName()).isEqualTo(new Workspace().getCRDName());
  }

  @Test
  void aCopySerialisesAsAWorkspaceMadeByTheConstructor() {
    KubernetesSerialization json = new KubernetesSerialization();
    Workspace ws = workspace();
    WorkspaceStatus running = new WorkspaceStatus();
    running.setPhase(WorkspacePhase.Running);
    Workspace built = new Workspace();
    built.setMetadata(ws.getMetadata());
    built.setSpec(ws.getSpec());
    built.setStatus(running);

    assertThat(json.asJson(ws.withStatus(running))).isEqualTo(json.asJson(built));
  }
}
