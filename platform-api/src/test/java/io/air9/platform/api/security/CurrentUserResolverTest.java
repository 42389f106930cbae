package io.air9.platform.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.BadJwtException;

class CurrentUserResolverTest {

  @Test
  void configurableClaimsAndAdminGroup() {
    var properties = new SecurityProperties("email", "roles", "platform-admins", null);
    var resolver = new CurrentUserResolver(properties);
    Jwt jwt = Jwt.withTokenValue("t").header("alg", "none").subject("123").claim("email", "x@example.com")
        .claim("roles", List.of("platform-admins", "dev")).build();
    assertThat(resolver.fromJwt(jwt)).isEqualTo(new CurrentUser("x@example.com", List.of("platform-admins", "dev"), true));
    Jwt plain = Jwt.withTokenValue("t").header("alg", "none").subject("123").claim("roles", "dev").build();
    assertThat(resolver.fromJwt(plain)).isEqualTo(new CurrentUser("123", List.of("dev"), false));
  }

  @Test
  void localIssuerTokensRoundTripAndForeignIssuersAreRejected() {
    LocalIssuer issuer = new LocalIssuer("air9-test");
    String token = issuer.mint("alice", List.of("air9-admins"), Duration.ofMinutes(5));
    Jwt jwt = issuer.decoder().decode(token);
    assertThat(jwt.getClaimAsString("preferred_username")).isEqualTo("alice");
    assertThat(jwt.getClaimAsStringList("groups")).containsExactly("air9-admins");

    // Same issuer name, another key: the signature does not verify.
    LocalIssuer other = new LocalIssuer("air9-test");
    String foreign = other.mint("alice", List.of(), Duration.ofMinutes(5));
    assertThatThrownBy(() -> issuer.decoder().decode(foreign)).isInstanceOf(BadJwtException.class);

  }
}
