package io.air9.platform.api.fit;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.air9.platform.api.cluster.ClusterCapacity;
import io.air9.platform.api.kube.Caches;
import io.air9.platform.api.security.CurrentUserResolver;
import io.air9.platform.api.security.SecurityConfiguration;
import io.air9.platform.api.security.SecurityProperties;
import io.air9.platform.api.team.TeamUsage;
import io.air9.platform.api.workspace.WorkspaceService;
import io.air9.platform.model.ComputeResources;
import io.air9.platform.model.Team;
import io.air9.platform.model.TeamQuota;
import io.air9.platform.model.Workspace;
import io.air9.platform.model.WorkspaceClass;
import io.air9.platform.model.WorkspaceNames;
import io.air9.platform.model.WorkspacePhase;
import io.air9.platform.model.WorkspaceStatus;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * The fit check over HTTP with the real services on mocked caches: a pool of 2 GPUs shows free (no pod bound), but
 * two admitted workspaces of team q hold them until their pods bind and q's third already waits, so a new GPU
 * workspace would be queued: 2nd in line for team q (first come first served), 1st for team r (holding nothing,
 * the smaller share). Without the queue the same request fits.
 */
@WebMvcTest(controllers = FitController.class)
@Import({SecurityConfiguration.class, CurrentUserResolver.class, FitService.class, QueuePlace.class,
    TeamUsage.class, ClusterCapacity.class})
@EnableConfigurationProperties(SecurityProperties.class)
class FitControllerTest {

  static final String GPU = "{\"class\":\"pool-gpu\",\"resources\":{\"cpu\":\"1\",\"memory\":\"2Gi\",\"gpu\":1}}";

  @Autowired
  MockMvc mvc;

  @MockitoBean
  Caches caches;

  @MockitoBean
  WorkspaceService workspaces;

  @MockitoBean
  JwtDecoder jwtDecoder;

  final List<Workspace> all = new ArrayList<>();

  @BeforeEach
  void poolOfTwoGpusTwoAdmittedAndOneQueued() {
    Node node = new NodeBuilder().withNewMetadata().withName("pool-1").withLabels(Map.of("air9.io/pool", "fit-q"))
        .endMetadata().withNewSpec().withTaints(new TaintBuilder().withKey("air9.io/fit-q").withValue("gpu")
            .withEffect("NoSchedule").build()).endSpec()
        .withNewStatus().addNewCondition().withType("Ready").withStatus("True").endCondition()
        .withAllocatable(Map.of("cpu", new Quantity("16"), "memory", new Quantity("64Gi"),
            "nvidia.com/gpu", new Quantity("2"))).endStatus().build();
    given(caches.nodes()).willReturn(List.of(node));
    given(caches.pods()).willReturn(List.of());
    WorkspaceClass cls = new WorkspaceClass();
    cls.setMetadata(new ObjectMetaBuilder().withName("pool-gpu").build());
    cls.getSpec().setDefaultResources(new ComputeResources("1", "2Gi", 1));
    cls.getSpec().setNodeSelector(Map.of("air9.io/pool", "fit-q"));
    cls.getSpec().setTolerations(List.of(new TolerationBuilder().withKey("air9.io/fit-q").withOperator("Exists")
        .withEffect("NoSchedule").build()));
    given(caches.workspaceClass("pool-gpu")).willReturn(Optional.of(cls));
    given(caches.teams()).willReturn(List.of(team("q"), team("r")));
    given(caches.team(any())).willAnswer(i -> caches.teams().stream()
        .filter(t -> t.getMetadata().getName().equals(i.getArgument(0))).findFirst());
    all.add(workspace("q", "a1", WorkspacePhase.Pending, null));
    all.add(workspace("q", "a2", WorkspacePhase.Provisioning, null));
    all.add(workspace("q", "a3", WorkspacePhase.Queued, "2026-12-01T09:01:00Z"));
    given(caches.allWorkspaces()).willReturn(all);
    given(caches.workspaces(any())).willAnswer(i -> all.stream()
        .filter(w -> w.getMetadata().getNamespace().equals(i.getArgument(0))).toList());
    given(workspaces.draft(any(), any(), any(), anyBoolean())).willAnswer(i -> {
      Workspace draft = workspace(i.getArgument(1), null, null, null);
      draft.setStatus(null);
      return draft;
    });
  }

  static Team team(String name) {
    Team t = new Team();
    t.setMetadata(new ObjectMetaBuilder().withName(name).build());
    t.getSpec().setQuota(new TeamQuota("32", "128Gi", 8, "500Gi", 20));
    return t;
  }

  static Workspace workspace(String team, String name, WorkspacePhase phase, String queuedAt) {
    Workspace ws = new Workspace();
    ws.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("team-" + team)
        .withCreationTimestamp("2026-12-01T09:00:00Z").build());
    ws.getSpec().setWorkspaceClass("pool-gpu");
    ws.setStatus(new WorkspaceStatus());
    ws.getStatus().setPhase(phase);
    ws.getStatus().setQueuedAt(queuedAt);
    return ws;
  }

  static RequestPostProcessor user(String name) {
    return jwt().jwt(j -> j.claim("preferred_username", name).claim("groups", List.of()));
  }

  @Test
  void roomTheQueueTakesFirstSaysWouldBeQueuedAndTheCheckedTeamsPlace() throws Exception {
    mvc.perform(post("/api/v1/teams/q/workspace-fit").with(user("alice")).contentType(MediaType.APPLICATION_JSON)
            .content(GPU))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.fits").value(false))
        .andExpect(jsonPath("$.message").value("Would be queued: 2nd in line for 1 GPU"))
        .andExpect(jsonPath("$.queue.position").value(2))
        .andExpect(jsonPath("$.queue.ahead").value(1))
        .andExpect(jsonPath("$.queue.waitingFor").value("1 GPU"))
        .andExpect(jsonPath("$.reasons[0].scope").value("queue"));
    // team r holds nothing: by fair share it would go before q's waiting workspace
    mvc.perform(post("/api/v1/teams/r/workspace-fit").with(user("erin")).contentType(MediaType.APPLICATION_JSON)
            .content(GPU))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.message").value("Would be queued: 1st in line for 1 GPU"))
        .andExpect(jsonPath("$.queue.ahead").value(0));
  }

  @Test
  void anAdmittedWorkspacesPodNotYetScheduledStillHoldsItsNodeRoom() throws Exception {
    // a1's pod exists but has no node yet: it holds room in q's quota, not on the node, so a1 still reserves its GPU
    // there (the operator's rule). Counted as bound, a1 would reserve nothing and the place would come out 1st.
    Pod unscheduled = new PodBuilder().withNewMetadata().withNamespace("team-q").withName(WorkspaceNames.pod("a1"))
        .endMetadata().withNewSpec().addNewContainer().withName("main").withNewResources()
        .withRequests(Map.of("cpu", new Quantity("1"), "memory", new Quantity("2Gi"),
            "nvidia.com/gpu", new Quantity("1"))).endResources().endContainer().endSpec().build();
    given(caches.pods()).willReturn(List.of(unscheduled));
    mvc.perform(post("/api/v1/teams/q/workspace-fit").with(user("alice")).contentType(MediaType.APPLICATION_JSON)
            .content(GPU))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.message").value("Would be queued: 2nd in line for 1 GPU"))
        .andExpect(jsonPath("$.queue.ahead").value(1));
  }

  @Test
  void aStartIsPlacedLikeACreateAndWithoutTheQueueTheSameRequestFits() throws Exception {
    Workspace stopped = workspace("q", "later", WorkspacePhase.Stopped, null);
    stopped.getSpec().setState(io.air9.platform.model.DesiredState.Stopped);
    given(workspaces.get(any(), eq("q"), eq("later"))).willReturn(stopped);
    mvc.perform(get("/api/v1/teams/q/workspaces/later/fit").with(user("alice")))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.message").value("Would be queued: 2nd in line for 1 GPU"));

    all.removeIf(w -> !w.getMetadata().getName().equals("a1"));
    mvc.perform(post("/api/v1/teams/q/workspace-fit").with(user("alice")).contentType(MediaType.APPLICATION_JSON)
            .content(GPU))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.fits").value(true))
        .andExpect(jsonPath("$.message").value("Fits now"))
        .andExpect(jsonPath("$.queue").doesNotExist());
  }
}
