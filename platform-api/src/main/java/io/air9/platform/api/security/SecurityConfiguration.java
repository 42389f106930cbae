package io.air9.platform.api.security;

import java.util.List;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * OAuth2 resource server: every /api request needs a bearer JWT from the configured issuer
 * ({@code spring.security.oauth2.resourceserver.jwt.issuer-uri}) or, in the demo profile, the built-in issuer.
 * 401 and 403 are forwarded to the exception handler so they are problem details like every other error.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration implements WebMvcConfigurer {

  private final CurrentUserResolver currentUserResolver;

  public SecurityConfiguration(CurrentUserResolver currentUserResolver) {
    this.currentUserResolver = currentUserResolver;
  }

  @Bean
  SecurityFilterChain apiSecurity(HttpSecurity http,
      @Qualifier("handlerExceptionResolver") HandlerExceptionResolver resolver) throws Exception {
    http
        .csrf(c -> c.disable())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .authorizeHttpRequests(a -> a
            .requestMatchers("/actuator/health/**", "/actuator/health", "/actuator/info", "/actuator/prometheus")
            .permitAll()
            .requestMatchers("/v3/api-docs/**", "/v3/api-docs", "/swagger-ui/**", "/swagger-ui.html").permitAll()
            .requestMatchers(HttpMethod.POST, "/demo/token").permitAll()
            .requestMatchers("/error").permitAll()
            // The dashboard's static files (platform-ui); its API calls carry the user's token.
            .requestMatchers(HttpMethod.GET, "/", "/index.html", "/app.js", "/lib.js", "/cull.js", "/restart.js", "/app.css").permitAll()
            .anyRequest().authenticated())
        .oauth2ResourceServer(o -> o
            .jwt(j -> {})
            .authenticationEntryPoint((req, res, e) -> resolver.resolveException(req, res, null, e))
            .accessDeniedHandler((req, res, e) -> resolver.resolveException(req, res, null, e)))
        .exceptionHandling(e -> e
            .authenticationEntryPoint((req, res, ex) -> resolver.resolveException(req, res, null, ex))
            .accessDeniedHandler((req, res, ex) -> resolver.resolveException(req, res, null, ex)));
    return http.build();
  }

  @Override
  public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
    resolvers.add(currentUserResolver);
  }
}
