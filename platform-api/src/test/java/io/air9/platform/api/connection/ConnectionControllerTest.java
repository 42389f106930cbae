package io.air9.platform.api.connection;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.air9.platform.api.problem.ApiException;
import io.air9.platform.api.security.CurrentUserResolver;
import io.air9.platform.api.security.SecurityConfiguration;
import io.air9.platform.api.security.SecurityProperties;
import io.air9.platform.model.Air9;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.List;
import java.util.Map;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** Connection endpoints over a mocked service: versions as ETags, If-Match passed on, never a value. */
@WebMvcTest(controllers = ConnectionController.class)
@Import({SecurityConfiguration.class, CurrentUserResolver.class})
@EnableConfigurationProperties(SecurityProperties.class)
class ConnectionControllerTest {

  static final String SECRET = "c2VjcmV0LXZhbHVl"; // base64 of "secret-value"

  @Autowired
  MockMvc mvc;

  @MockitoBean
  ConnectionService connections;

  @MockitoBean
  JwtDecoder jwtDecoder;

  static Secret secret() {
    return new SecretBuilder().withNewMetadata().withName("lake").withNamespace("team-a").withResourceVersion("7")
        .addToLabels(Air9.LABEL_CONNECTION_TYPE, "s3").addToAnnotations(ConnectionService.ROTATED_AT,
            "2026-12-01T09:00:00Z").endMetadata()
        .withData(Map.of("accessKeyId", SECRET, "secretAccessKey", SECRET)).build();
  }

  @Test
  void rotatePassesIfMatchAndAnswersKeysAndVersionButNoValue() throws Exception {
    given(connections.rotate(any(), eq("a"), eq("lake"), eq(Map.of("accessKeyId", "secret-value",
        "secretAccessKey", "secret-value")), eq("\"6\""))).willReturn(secret());
    mvc.perform(put("/api/v1/teams/a/connections/lake").with(jwt()).header("If-Match", "\"6\"")
            .contentType(MediaType.APPLICATION_JSON)
            .content("{\"values\":{\"accessKeyId\":\"secret-value\",\"secretAccessKey\":\"secret-value\"}}"))
        .andExpect(status().isOk())
        .andExpect(header().string("ETag", "\"7\""))
        .andExpect(jsonPath("$.keys").value(Matchers.contains("accessKeyId", "secretAccessKey")))
        .andExpect(jsonPath("$.rotatedAt").value("2026-12-01T09:00:00Z"))
        .andExpect(content().string(Matchers.not(Matchers.containsString("secret-value"))))
        .andExpect(content().string(Matchers.not(Matchers.containsString(SECRET))));
  }

  @Test
  void aStaleRotateIsA412Problem() throws Exception {
    given(connections.rotate(any(), eq("a"), eq("lake"), any(), eq("\"1\""))).willThrow(new ApiException(
        HttpStatus.PRECONDITION_FAILED, "Precondition failed", "connection 'lake' changed since the version in If-Match"));
    mvc.perform(put("/api/v1/teams/a/connections/lake").with(jwt()).header("If-Match", "\"1\"")
            .contentType(MediaType.APPLICATION_JSON).content("{\"values\":{}}"))
        .andExpect(status().isPreconditionFailed())
        .andExpect(content().contentTypeCompatibleWith("application/problem+json"));
  }

  @Test
  void listAndGetShowNoValue() throws Exception {
    given(connections.list(any(), eq("a"))).willReturn(List.of(secret()));
    given(connections.get(any(), eq("a"), eq("lake"))).willReturn(secret());
    mvc.perform(get("/api/v1/teams/a/connections").with(jwt()))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$[0].resourceVersion").value("7"))
        .andExpect(content().string(Matchers.not(Matchers.containsString(SECRET))));
    mvc.perform(get("/api/v1/teams/a/connections/lake").with(jwt()))
        .andExpect(header().string("ETag", "\"7\""))
        .andExpect(content().string(Matchers.not(Matchers.containsString(SECRET))));
  }

  @Test
  void deleteIs204AndAConnectionInUseA409Problem() throws Exception {
    mvc.perform(delete("/api/v1/teams/a/connections/lake").with(jwt())).andExpect(status().isNoContent());
    willThrow(new ApiException(HttpStatus.CONFLICT, "Conflict", "connection 'db' is used by workspace(s) x"))
        .given(connections).delete(any(), eq("a"), eq("db"), eq(null));
    mvc.perform(delete("/api/v1/teams/a/connections/db").with(jwt()))
        .andExpect(status().isConflict())
        .andExpect(jsonPath("$.detail").value("connection 'db' is used by workspace(s) x"));
  }

  @Test
  void typesListTheirKeys() throws Exception {
    mvc.perform(get("/api/v1/connection-types").with(jwt()))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$[1].type").value("s3"))
        .andExpect(jsonPath("$[1].requiredKeys").value(Matchers.contains("accessKeyId", "secretAccessKey")));
  }
}
