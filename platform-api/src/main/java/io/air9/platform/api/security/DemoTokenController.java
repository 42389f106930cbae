package io.air9.platform.api.security;

import io.air9.platform.api.problem.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Token endpoint of the built-in demo issuer (OAuth2 password grant):
 * {@code curl -d grant_type=password -d username=alice -d password=alice localhost:8080/demo/token}.
 */
@RestController
@Tag(name = "demo")
@ConditionalOnProperty(name = "air9.security.local-issuer.enabled", havingValue = "true")
class DemoTokenController {

  private static final Duration TTL = Duration.ofHours(8);

  /** The OAuth2 token response. */
  record TokenResponse(String access_token, String token_type, long expires_in) {}

  private final LocalIssuer issuer;
  private final SecurityProperties properties;

  DemoTokenController(LocalIssuer issuer, SecurityProperties properties) {
    this.issuer = issuer;
    this.properties = properties;
  }

  @Operation(summary = "Get a token for a demo user (password grant)")
  @PostMapping(path = "/demo/token", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
  TokenResponse token(@RequestParam("grant_type") String grantType, @RequestParam("username") String username,
      @RequestParam("password") String password) {
    if (!"password".equals(grantType)) {
      throw new ApiException(HttpStatus.BAD_REQUEST, "Unsupported grant type", "only grant_type=password");
    }
    SecurityProperties.DemoUser user = properties.localIssuer().users().stream()
        .filter(u -> u.name().equals(username) && same(u.password(), password))
        .findFirst()
        .orElseThrow(() -> new ApiException(HttpStatus.UNAUTHORIZED, "Unauthorized", "unknown user or password"));
    return new TokenResponse(issuer.mint(user.name(), user.groups(), TTL), "Bearer", TTL.toSeconds());
  }

  private static boolean same(String a, String b) {
    return a != null && b != null
        && MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
