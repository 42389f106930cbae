package io.air9.platform.api.team;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.air9.platform.api.problem.ApiException;
import io.air9.platform.api.security.CurrentUserResolver;
import io.air9.platform.api.security.SecurityConfiguration;
import io.air9.platform.api.security.SecurityProperties;
import io.air9.platform.model.Team;
import io.air9.platform.model.TeamMember;
import io.air9.platform.model.TeamQuota;
import io.air9.platform.model.TeamRole;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** Team endpoints over mocked access, service and usage. */
@WebMvcTest(controllers = TeamController.class)
@Import({SecurityConfiguration.class, CurrentUserResolver.class})
@EnableConfigurationProperties(SecurityProperties.class)
class TeamControllerTest {

  @Autowired
  MockMvc mvc;

  @MockitoBean
  TeamAccess access;

  @MockitoBean
  TeamService teams;

  @MockitoBean
  TeamUsage usage;

  @MockitoBean
  JwtDecoder jwtDecoder;

  static Team team() {
    Team team = new Team();
    team.setMetadata(new ObjectMetaBuilder().withName("a").withResourceVersion("5").build());
    team.getSpec().setDisplayName("Team A");
    team.getSpec().setMembers(List.of(new TeamMember("alice", TeamRole.ADMIN)));
    team.getSpec().setQuota(new TeamQuota("32", "128Gi", 2, "500Gi", 20));
    return team;
  }

  @Test
  void teamShowsMembersRoleAndQuotaWithETag() throws Exception {
    Team team = team();
    given(access.readable(any(), eq("a"))).willReturn(team);
    given(access.role(any(), eq(team))).willReturn(Optional.of(TeamRole.ADMIN));
    mvc.perform(get("/api/v1/teams/a").with(jwt().jwt(j -> j.claim("preferred_username", "alice"))))
        .andExpect(status().isOk())
        .andExpect(header().string("ETag", "\"5\""))
        .andExpect(jsonPath("$.namespace").value("team-a"))
        .andExpect(jsonPath("$.myRole").value("admin"))
        .andExpect(jsonPath("$.members[0].role").value("admin"))
        .andExpect(jsonPath("$.quota.memory").value("128Gi"))
        .andExpect(jsonPath("$.description").doesNotExist());
  }

  @Test
  void quotaComesWithUsage() throws Exception {
    given(access.readable(any(), eq("a"))).willReturn(team());
    given(usage.of("a")).willReturn(new TeamUsage.Usage(3, 1, "2", "4294967296", 0, "15Gi"));
    mvc.perform(get("/api/v1/teams/a/quota").with(jwt()))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.quota.cpu").value("32"))
        .andExpect(jsonPath("$.usage.runningWorkspaces").value(1))
        .andExpect(jsonPath("$.usage.cpu").value("2"));
  }

  @Test
  void hiddenTeamIs404Problem() throws Exception {
    given(access.readable(any(), eq("b"))).willThrow(ApiException.notFound("team 'b'"));
    mvc.perform(get("/api/v1/teams/b").with(jwt()))
        .andExpect(status().isNotFound())
        .andExpect(content().contentTypeCompatibleWith("application/problem+json"))
        .andExpect(jsonPath("$.detail").value("team 'b' not found"));
  }

  @Test
  void membersAreReplacedWithIfMatch() throws Exception {
    given(teams.replaceMembers(any(), eq("a"), eq(List.of(new TeamView.Member("zoe", "viewer"))), eq("\"5\"")))
        .willReturn(team());
    mvc.perform(put("/api/v1/teams/a/members").with(jwt()).header("If-Match", "\"5\"")
            .contentType(MediaType.APPLICATION_JSON).content("[{\"name\":\"zoe\",\"role\":\"viewer\"}]"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.name").value("a"));
  }

  @Test
  void createdTeamHasALocation() throws Exception {
    given(teams.create(any(), any())).willReturn(team());
    mvc.perform(post("/api/v1/teams").with(jwt()).contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"a\"}"))
        .andExpect(status().isCreated())
        .andExpect(header().string("Location", "/api/v1/teams/a"));
  }

  @Test
  void quotaIsSetWithIfMatchAndAnswersTheNewVersion() throws Exception {
    Team changed = team();
    changed.getMetadata().setResourceVersion("6");
    given(teams.setQuota(any(), eq("a"), eq(new TeamView.Quota("12", "24Gi", 1, null, null)), eq("\"5\"")))
        .willReturn(changed);
    given(usage.of("a")).willReturn(new TeamUsage.Usage(3, 1, "2", "4294967296", 0, "15Gi"));
    mvc.perform(put("/api/v1/teams/a/quota").with(jwt()).header("If-Match", "\"5\"")
            .contentType(MediaType.APPLICATION_JSON).content("{\"cpu\":\"12\",\"memory\":\"24Gi\",\"gpu\":1}"))
        .andExpect(status().isOk())
        .andExpect(header().string("ETag", "\"6\""))
        .andExpect(jsonPath("$.quota.cpu").value("32"))
        .andExpect(jsonPath("$.usage.workspaces").value(3));
  }

  @Test
  void aWronglyTypedQuotaIsAProblemNamingTheField() throws Exception {
    mvc.perform(put("/api/v1/teams/a/quota").with(jwt()).contentType(MediaType.APPLICATION_JSON)
            .content("{\"gpu\":\"many\"}"))
        .andExpect(status().isBadRequest())
        .andExpect(content().contentTypeCompatibleWith("application/problem+json"))
        .andExpect(jsonPath("$.errors[0].field").value("gpu"));
  }

  @Test
  void deletingATeamPassesForceAndIfMatchAndAnswers204OrTheProblem() throws Exception {
    mvc.perform(delete("/api/v1/teams/a").queryParam("force", "true").header("If-Match", "\"g3\"")
            .with(jwt().jwt(j -> j.claim("preferred_username", "dave").claim("groups", List.of("air9-admins")))))
        .andExpect(status().isNoContent());
    org.mockito.Mockito.verify(teams).delete(any(), eq("a"), eq("\"g3\""), eq(true));

    org.mockito.Mockito.doThrow(new ApiException(org.springframework.http.HttpStatus.CONFLICT, "Team has workspaces",
        "team 'a' still has 1 workspace (nb): deleting the team deletes its namespace team-a"))
        .when(teams).delete(any(), eq("a"), eq(null), eq(false));
    mvc.perform(delete("/api/v1/teams/a")
            .with(jwt().jwt(j -> j.claim("preferred_username", "dave").claim("groups", List.of("air9-admins")))))
        .andExpect(status().isConflict())
        .andExpect(content().contentTypeCompatibleWith("application/problem+json"))
        .andExpect(jsonPath("$.title").value("Team has workspaces"))
        .andExpect(jsonPath("$.detail").value("team 'a' still has 1 workspace (nb): deleting the team deletes its "
            + "namespace team-a"));
  }
}
