package io.air9.platform.api.admin;

import static org.mockito.BDDMockito.given;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.air9.platform.api.security.CurrentUserResolver;
import io.air9.platform.api.security.SecurityConfiguration;
import io.air9.platform.api.security.SecurityProperties;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** The phase history is for platform admins (the admin group claim) only. */
@WebMvcTest(controllers = AdminController.class)
@Import({SecurityConfiguration.class, CurrentUserResolver.class})
@EnableConfigurationProperties(SecurityProperties.class)
class AdminControllerTest {

  @Autowired
  MockMvc mvc;

  @MockitoBean
  PhaseHistory history;

  @MockitoBean
  JwtDecoder jwtDecoder;

  @Test
  void othersThanPlatformAdminsGetA403Problem() throws Exception {
    mvc.perform(get("/api/v1/admin/phase-history").with(jwt().jwt(j -> j.claim("preferred_username", "alice")
            .claim("groups", List.of("data-science")))))
        .andExpect(status().isForbidden())
        .andExpect(content().contentTypeCompatibleWith("application/problem+json"))
        .andExpect(jsonPath("$.detail").value("only platform admins see the platform's phase history"));
  }

  @Test
  void platformAdminsGetTheSamples() throws Exception {
    given(history.history()).willReturn(new PhaseHistory.History(Instant.parse("2026-12-01T08:00:00Z"), 30, 720,
        List.of("Running"), List.of(new PhaseHistory.Sample(Instant.parse("2026-12-01T08:00:30Z"),
            Map.of("Running", 4)))));
    mvc.perform(get("/api/v1/admin/phase-history").with(jwt().jwt(j -> j.claim("preferred_username", "dave")
            .claim("groups", List.of("air9-admins")))))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.since").value("2026-12-01T08:00:00Z"))
        .andExpect(jsonPath("$.samples[0].phases.Running").value(4));
  }

  @Test
  void withoutATokenIt401s() throws Exception {
    mvc.perform(get("/api/v1/admin/phase-history")).andExpect(status().isUnauthorized());
  }
}
