package io.air9.platform.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WorkspaceNamesTest {

  @Test
  void childrenAreTheNamedObjectsOfTheWorkspace() {
    assertThat(WorkspaceNames.children("a")).contains(
        new WorkspaceNames.Child("Pod", "a-0"),
        new WorkspaceNames.Child("PersistentVolumeClaim", "home-a"),
        new WorkspaceNames.Child("StatefulSet", "a"),
        new WorkspaceNames.Child("Service", "a"),
        new WorkspaceNames.Child("Ingress", "a"));
    assertThat(WorkspaceNames.children("a")).doesNotHaveDuplicates()
        .allSatisfy(c -> assertThat(c.name()).contains("a"));
  }

  @Test
  void addressesAreBuiltFromTheNames() {
    assertThat(WorkspaceNames.serviceHost("nb", "team-a")).isEqualTo("nb.team-a.svc");
    assertThat(WorkspaceNames.basePath("/ws", "team-a", "nb")).isEqualTo("/ws/team-a/nb/");
    assertThat(WorkspaceNames.url("https", "air9.example", "/ws/team-a/nb/"))
        .isEqualTo("https://air9.example/ws/team-a/nb/");
  }
}
