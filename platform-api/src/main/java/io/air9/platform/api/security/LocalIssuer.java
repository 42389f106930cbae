package io.air9.platform.api.security;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.JOSEException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * The built-in issuer of the demo profile (and the ITs): an RSA key made at start-up signs tokens, and the
 * resource server accepts exactly those. No external identity provider is needed. Never enable it in
 * production; configure {@code spring.security.oauth2.resourceserver.jwt.issuer-uri} instead.
 */
public final class LocalIssuer {

  private final RSAKey key;
  private final String issuer;
  private final NimbusJwtEncoder encoder;

  public LocalIssuer(String issuer) {
    try {
      this.key = new RSAKeyGenerator(2048).keyID("air9-local").generate();
      this.encoder = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(key)));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    this.issuer = issuer;
  }

  /** A signed access token for a user with groups. */
  public String mint(String username, List<String> groups, Duration ttl) {
    Instant now = Instant.now();
    JwtClaimsSet claims = JwtClaimsSet.builder()
        .issuer(issuer)
        .subject(username)
        .claim("preferred_username", username)
        .claim("groups", groups)
        .issuedAt(now)
        .expiresAt(now.plus(ttl))
        .build();
    JwsHeader header = JwsHeader.with(SignatureAlgorithm.RS256).keyId(key.getKeyID()).build();
    return encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
  }

  public JwtDecoder decoder() {
    try {
      NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(key.toRSAPublicKey()).build();
      decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(issuer));
      return decoder;
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(name = "air9.security.local-issuer.enabled", havingValue = "true")
  static class LocalIssuerConfiguration {

    @Bean
    LocalIssuer localIssuer(SecurityProperties properties) {
      return new LocalIssuer(properties.localIssuer().issuer());
    }

    @Bean
    JwtDecoder localJwtDecoder(LocalIssuer issuer) {
      return issuer.decoder();
    }
  }
}
