package io.air9.platform.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.test.web.servlet.MockMvc;

/** The demo profile's token endpoint: password grant for the configured demo users only. */
@WebMvcTest(controllers = DemoTokenController.class, properties = {
    "air9.security.local-issuer.enabled=true",
    "air9.security.local-issuer.issuer=air9-demo",
    "air9.security.local-issuer.users[0].name=dave",
    "air9.security.local-issuer.users[0].password=dave-pw",
    "air9.security.local-issuer.users[0].groups[0]=air9-admins"})
@Import({SecurityConfiguration.class, CurrentUserResolver.class, LocalIssuer.LocalIssuerConfiguration.class})
@EnableConfigurationProperties(SecurityProperties.class)
class DemoTokenControllerTest {

  @Autowired
  MockMvc mvc;

  @Autowired
  JwtDecoder decoder;

  @Test
  void passwordGrantReturnsATokenTheApiAccepts() throws Exception {
    String body = mvc.perform(post("/demo/token").contentType(MediaType.APPLICATION_FORM_URLENCODED)
            .param("grant_type", "password").param("username", "dave").param("password", "dave-pw"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.token_type").value("Bearer"))
        .andReturn().getResponse().getContentAsString();
    Jwt jwt = decoder.decode(JsonPath.read(body, "$.access_token"));
    assertThat(jwt.getClaimAsString("preferred_username")).isEqualTo("dave");
    assertThat(jwt.getClaimAsStringList("groups")).containsExactly("air9-admins");
    assertThat(jwt.getClaimAsString("iss")).isEqualTo("air9-demo");
  }

  @Test
  void wrongPasswordOrGrantIsAProblem() throws Exception {
    mvc.perform(post("/demo/token").contentType(MediaType.APPLICATION_FORM_URLENCODED)
            .param("grant_type", "password").param("username", "dave").param("password", "guess"))
        .andExpect(status().isUnauthorized())
        .andExpect(content().contentTypeCompatibleWith("application/problem+json"));
    mvc.perform(post("/demo/token").contentType(MediaType.APPLICATION_FORM_URLENCODED)
            .param("grant_type", "client_credentials").param("username", "dave").param("password", "dave-pw"))
        .andExpect(status().isBadRequest());
  }
}
