package io.air9.platform.api.workspace;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.verify;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.air9.platform.api.kube.Writes;
import io.air9.platform.api.problem.ApiException;
import io.air9.platform.api.security.CurrentUser;
import io.air9.platform.api.security.CurrentUserResolver;
import io.air9.platform.api.security.SecurityConfiguration;
import io.air9.platform.api.security.SecurityProperties;
import io.air9.platform.model.DesiredState;
import io.air9.platform.model.StartStep;
import io.air9.platform.model.Workspace;
import io.air9.platform.model.WorkspacePhase;
import io.air9.platform.model.WorkspaceStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.JwtRequestPostProcessor;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** The workspace endpoints over a mocked service: JSON shape, ETags, security and problem details. */
@WebMvcTest(controllers = WorkspaceController.class)
@Import({SecurityConfiguration.class, CurrentUserResolver.class})
@EnableConfigurationProperties(SecurityProperties.class)
class WorkspaceControllerTest {

  static final String PATH = "/api/v1/teams/a/workspaces";
  static final String PROBLEM = "application/problem+json";

  @Autowired
  MockMvc mvc;

  @MockitoBean
  WorkspaceService service;

  @MockitoBean
  JwtDecoder jwtDecoder;

  static JwtRequestPostProcessor bob() {
    return jwt().jwt(j -> j.claim("preferred_username", "bob").claim("groups", List.of("data")));
  }

  static Workspace workspace(String name, String version, WorkspacePhase phase) {
    Workspace ws = new Workspace();
    ws.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("team-a").withResourceVersion(version)
        .withGeneration(1L).build());
    ws.getSpec().setWorkspaceClass("jupyterlab");
    ws.getSpec().setOwner("bob");
    WorkspaceStatus status = new WorkspaceStatus();
    status.setPhase(phase);
    ws.setStatus(status);
    return ws;
  }

  @Test
  void listIsPaged() throws Exception {
    given(service.list(any(), eq("a"))).willReturn(List.of(workspace("w1", "1", WorkspacePhase.Running),
        workspace("w2", "2", WorkspacePhase.Stopped), workspace("w3", "3", null)));
    mvc.perform(get(PATH).param("page", "1").param("size", "2").with(bob()))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.items.length()").value(1))
        .andExpect(jsonPath("$.items[0].name").value("w3"))
        .andExpect(jsonPath("$.items[0].team").value("a"))
        .andExpect(jsonPath("$.page").value(1))
        .andExpect(jsonPath("$.totalItems").value(3))
        .andExpect(jsonPath("$.totalPages").value(2));
  }

  @Test
  void listPagesByCursorAndSaysTheNextOne() throws Exception {
    given(service.list(any(), eq("a"))).willReturn(List.of(workspace("w1", "1", WorkspacePhase.Running),
        workspace("w2", "2", WorkspacePhase.Stopped), workspace("w3", "3", null), workspace("w4", "4", null)));
    mvc.perform(get(PATH).param("size", "2").with(bob()))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.items[1].name").value("w2"))
        .andExpect(jsonPath("$.next").value("w2"));
    mvc.perform(get(PATH).param("size", "2").param("after", "w2").with(bob()))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.items.length()").value(2))
        .andExpect(jsonPath("$.items[0].name").value("w3"))
        .andExpect(jsonPath("$.page").value(1))
        .andExpect(jsonPath("$.next").doesNotExist());
  }

  @Test
  void getCarriesTheResourceVersionAsETagAndTheCallerFromTheToken() throws Exception {
    given(service.get(any(), eq("a"), eq("w1"))).willReturn(workspace("w1", "42", WorkspacePhase.Running));
    mvc.perform(get(PATH + "/w1").with(bob()))
        .andExpect(status().isOk())
        .andExpect(header().string("ETag", "\"42\""))
        .andExpect(jsonPath("$.class").value("jupyterlab"))
        .andExpect(jsonPath("$.phase").value("Running"))
        .andExpect(jsonPath("$.state").value("Running"));
    verify(service).get(new CurrentUser("bob", List.of("data"), false), "a", "w1");
  }

  @Test
  void theStartTimelineIsInTheView() throws Exception {
    Workspace ws = workspace("w1", "7", WorkspacePhase.Provisioning);
    ws.getStatus().setStartTimeline(List.of(
        new StartStep(StartStep.Name.Accepted, "2026-01-01T10:00:00Z", 0.0),
        new StartStep(StartStep.Name.VolumeBound, "2026-01-01T10:00:01.500Z", 1.5)));
    given(service.get(any(), eq("a"), eq("w1"))).willReturn(ws);
    mvc.perform(get(PATH + "/w1").with(bob()))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.startTimeline.length()").value(2))
        .andExpect(jsonPath("$.startTimeline[1].step").value("VolumeBound"))
        .andExpect(jsonPath("$.startTimeline[1].at").value("2026-01-01T10:00:01.500Z"))
        .andExpect(jsonPath("$.startTimeline[1].seconds").value(1.5));
    given(service.get(any(), eq("a"), eq("w2"))).willReturn(workspace("w2", "8", WorkspacePhase.Stopped));
    mvc.perform(get(PATH + "/w2").with(bob()))
        .andExpect(jsonPath("$.startTimeline.length()").value(0));
  }

  @Test
  void platformAdminGroupMakesAnAdmin() throws Exception {
    given(service.get(any(), eq("a"), eq("w1"))).willReturn(workspace("w1", "1", null));
    mvc.perform(get(PATH + "/w1").with(jwt().jwt(j -> j.claim("preferred_username", "dave")
        .claim("groups", List.of("air9-admins"))))).andExpect(status().isOk());
    verify(service).get(new CurrentUser("dave", List.of("air9-admins"), true), "a", "w1");
  }

  @Test
  void noTokenIs401Problem() throws Exception {
    mvc.perform(get(PATH))
        .andExpect(status().isUnauthorized())
        .andExpect(content().contentTypeCompatibleWith(PROBLEM))
        .andExpect(header().string("WWW-Authenticate", containsString("Bearer")))
        .andExpect(jsonPath("$.status").value(401))
        .andExpect(jsonPath("$.title").value("Unauthorized"));
  }

  @Test
  void serviceViolationsBecome400ProblemNamingFields() throws Exception {
    given(service.create(any(), eq("a"), any())).willThrow(ApiException.invalid(List.of(
        new ApiException.FieldError("resources.cpu", "16 exceeds the class maximum of 8"))));
    mvc.perform(post(PATH).with(bob()).contentType(MediaType.APPLICATION_JSON)
            .content("{\"name\":\"w\",\"class\":\"jupyterlab\",\"resources\":{\"cpu\":\"16\"}}"))
        .andExpect(status().isBadRequest())
        .andExpect(content().contentTypeCompatibleWith(PROBLEM))
        .andExpect(jsonPath("$.errors[0].field").value("resources.cpu"))
        .andExpect(jsonPath("$.errors[0].message").value("16 exceeds the class maximum of 8"));
  }

  @Test
  void createReturns201WithLocation() throws Exception {
    given(service.create(any(), eq("a"), any())).willReturn(workspace("w9", "7", null));
    mvc.perform(post(PATH).with(bob()).contentType(MediaType.APPLICATION_JSON)
            .content("{\"name\":\"w9\",\"class\":\"jupyterlab\",\"state\":\"Stopped\"}"))
        .andExpect(status().isCreated())
        .andExpect(header().string("Location", "/api/v1/teams/a/workspaces/w9"))
        .andExpect(header().string("ETag", "\"7\""));
    verify(service).create(any(), eq("a"), eq(new WorkspaceRequest("w9", "jupyterlab", null, null, null, null,
        DesiredState.Stopped, null, null, null, null)));
  }

  @Test
  void ifMatchReachesTheServiceAnd412IsAProblem() throws Exception {
    given(service.setState(any(), eq("a"), eq("w1"), eq(DesiredState.Stopped), eq("\"3\"")))
        .willThrow(new ApiException(HttpStatus.PRECONDITION_FAILED, "Precondition failed", "changed"));
    mvc.perform(post(PATH + "/w1/stop").with(bob()).header("If-Match", "\"3\""))
        .andExpect(status().isPreconditionFailed())
        .andExpect(content().contentTypeCompatibleWith(PROBLEM))
        .andExpect(jsonPath("$.title").value("Precondition failed"));
  }

  @Test
  void wronglyTypedJsonNamesTheField() throws Exception {
    mvc.perform(put(PATH + "/w1").with(bob()).contentType(MediaType.APPLICATION_JSON)
            .content("{\"resources\":{\"gpu\":\"many\"}}"))
        .andExpect(status().isBadRequest())
        .andExpect(content().contentTypeCompatibleWith(PROBLEM))
        .andExpect(jsonPath("$.errors[0].field").value("resources.gpu"));
    mvc.perform(put(PATH + "/w1").with(bob()).contentType(MediaType.APPLICATION_JSON).content("{\"state\":\"Up\"}"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("state"));
  }

  @Test
  void invalidPagingNamesTheParameter() throws Exception {
    mvc.perform(get(PATH).param("size", "0").with(bob()))
        .andExpect(status().isBadRequest())
        .andExpect(content().contentTypeCompatibleWith(PROBLEM))
        .andExpect(jsonPath("$.errors[0].field").value("size"));
    mvc.perform(get(PATH).param("page", "x").with(bob()))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("page"));
  }

  @Test
  void mvcErrorsAreProblems() throws Exception {
    mvc.perform(patch(PATH).with(bob()))
        .andExpect(status().isMethodNotAllowed())
        .andExpect(content().contentTypeCompatibleWith(PROBLEM))
        .andExpect(jsonPath("$.status").value(405));
    mvc.perform(post(PATH).with(bob()).contentType(MediaType.TEXT_PLAIN).content("x"))
        .andExpect(status().isUnsupportedMediaType())
        .andExpect(content().contentTypeCompatibleWith(PROBLEM));
    mvc.perform(get("/api/v1/nothing-here").with(bob()))
        .andExpect(status().isNotFound())
        .andExpect(content().contentTypeCompatibleWith(PROBLEM));
  }

  @Test
  void unexpectedErrorsAre500WithoutInternals() throws Exception {
    given(service.get(any(), any(), any())).willThrow(new IllegalStateException("password=hunter2"));
    mvc.perform(get(PATH + "/w1").with(bob()))
        .andExpect(status().isInternalServerError())
        .andExpect(content().contentTypeCompatibleWith(PROBLEM))
        .andExpect(content().string(not(containsString("hunter2"))));
  }

  /**
   * A Kubernetes error quoting a URL, an exception class and a stack frame (as an admission webhook failure or a
   * client exception does) reaches the caller as a problem without them: mapped by the API, or cleaned last.
   */
  @Test
  void kubernetesErrorsCarryNoUrlClassNameOrStackTrace() throws Exception {
    String raw = "io.fabric8.kubernetes.client.KubernetesClientException: Failure executing: POST at: "
        + "https://127.0.0.1:6443/apis/air9.io/v1alpha1/namespaces/team-a/workspaces. Message: admission webhook "
        + "denied the request: Post \"https://hook.air9-system.svc:443/validate\"\n"
        + "\tat io.fabric8.kubernetes.client.dsl.internal.OperationSupport.requestFailure(OperationSupport.java:642)";
    for (int code : new int[] {403, 409, 422, 500, 0}) {
      Status status = new StatusBuilder().withCode(code).withMessage(raw)
          .withNewDetails().addNewCause().withField("spec.image").withMessage(raw).endCause().endDetails().build();
      willThrow(translated(new KubernetesClientException(status))).given(service).get(any(), any(), any());
      mvc.perform(get(PATH + "/w1").with(bob()))
          .andExpect(content().contentTypeCompatibleWith(PROBLEM))
          .andExpect(content().string(not(containsString("://"))))
          .andExpect(content().string(not(containsString("io.fabric8"))))
          .andExpect(content().string(not(containsString("Exception"))))
          .andExpect(content().string(not(containsString("OperationSupport.java"))));
    }
    willThrow(new KubernetesClientException(raw)).given(service).get(any(), any(), any());
    mvc.perform(get(PATH + "/w1").with(bob()))
        .andExpect(content().contentTypeCompatibleWith(PROBLEM))
        .andExpect(content().string(not(containsString("://"))))
        .andExpect(content().string(not(containsString("Exception"))));
  }

  /**
   * Kubernetes not answering as it should (no answer in time, 5xx, 429) is a 503 problem that says when to retry:
   * the API server's own delay when it names one, else a second; the 409/412 of a lost race are not.
   */
  @Test
  void kubernetesUnavailableIs503WithRetryAfter() throws Exception {
    KubernetesClientException timeout = new KubernetesClientException("no answer",
        new java.net.http.HttpTimeoutException("request timed out"));
    Status overloaded = new StatusBuilder().withCode(500).withReason("InternalError")
        .withMessage("etcdserver: request timed out").withNewDetails().withRetryAfterSeconds(3).endDetails().build();
    Status tooMany = new StatusBuilder().withCode(429).withReason("TooManyRequests").build();
    for (var c : List.of(java.util.Map.entry(timeout, "1"),
        java.util.Map.entry(new KubernetesClientException(overloaded), "3"),
        java.util.Map.entry(new KubernetesClientException(tooMany), "1"))) {
      willThrow(translated(c.getKey())).given(service).get(any(), any(), any());
      mvc.perform(get(PATH + "/w1").with(bob()))
          .andExpect(status().isServiceUnavailable())
          .andExpect(content().contentTypeCompatibleWith(PROBLEM))
          .andExpect(header().string("Retry-After", c.getValue()))
          .andExpect(jsonPath("$.title").value("Kubernetes unavailable"))
          .andExpect(content().string(not(containsString("etcdserver"))));
    }
    Status conflict = new StatusBuilder().withCode(409).withReason("Conflict").withMessage("modified").build();
    willThrow(translated(new KubernetesClientException(conflict))).given(service).get(any(), any(), any());
    mvc.perform(get(PATH + "/w1").with(bob()))
        .andExpect(status().isConflict())
        .andExpect(header().doesNotExist("Retry-After"));
  }

  /** The problem the API makes of a Kubernetes client failure. */
  private static ApiException translated(KubernetesClientException e) {
    try {
      Writes.<Object>call(() -> {
        throw e;
      });
    } catch (ApiException problem) {
      return problem;
    }
    throw new AssertionError("not translated");
  }
}
