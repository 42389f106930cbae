package io.air9.platform.api.security;

import java.util.Collection;
import java.util.List;
import org.springframework.core.MethodParameter;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** Resolves {@link CurrentUser} controller parameters from the JWT of the request. */
@Component
public class CurrentUserResolver implements HandlerMethodArgumentResolver {

  private final SecurityProperties properties;

  public CurrentUserResolver(SecurityProperties properties) {
    this.properties = properties;
  }

  @Override
  public boolean supportsParameter(MethodParameter parameter) {
    return parameter.getParameterType() == CurrentUser.class;
  }

  @Override
  public CurrentUser resolveArgument(MethodParameter parameter, ModelAndViewContainer mav,
      NativeWebRequest request, WebDataBinderFactory binderFactory) {
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    if (auth == null || !(auth.getPrincipal() instanceof Jwt jwt)) {
      throw new AuthenticationCredentialsNotFoundException("no bearer token");
    }
    return fromJwt(jwt);
  }

  public CurrentUser fromJwt(Jwt jwt) {
    String name = jwt.getClaimAsString(properties.usernameClaim());
    if (name == null || name.isBlank()) {
      name = jwt.getSubject();
    }
    List<String> groups = groups(jwt.getClaims().get(properties.groupsClaim()));
    return new CurrentUser(name, groups, groups.contains(properties.adminGroup()));
  }

  private static List<String> groups(Object claim) {
    if (claim instanceof Collection<?> c) {
      return c.stream().map(String::valueOf).toList();
    }
    if (claim instanceof String s && !s.isBlank()) {
      return List.of(s.split("[,\\s]+"));
    }
    return List.of();
  }
}
