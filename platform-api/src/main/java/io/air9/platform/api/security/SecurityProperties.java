package io.air9.platform.api.security;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Who is who in a token.
 *
 * @param usernameClaim claim with the user name that Team members are matched against
 * @param groupsClaim claim with the user's groups
 * @param adminGroup the group of platform admins, who see and manage every team
 * @param localIssuer the built-in token issuer (demo profile and tests); off in production
 */
@ConfigurationProperties("air9.security")
public record SecurityProperties(String usernameClaim, String groupsClaim, String adminGroup,
    LocalIssuer localIssuer) {

  public SecurityProperties {
    usernameClaim = usernameClaim == null ? "preferred_username" : usernameClaim;
    groupsClaim = groupsClaim == null ? "groups" : groupsClaim;
    adminGroup = adminGroup == null ? "air9-admins" : adminGroup;
    localIssuer = localIssuer == null ? new LocalIssuer(false, null, List.of()) : localIssuer;
  }

  /**
   * @param enabled whether the API signs and accepts its own tokens
   * @param issuer the iss claim of those tokens
   * @param users the demo users who can get a token with their password
   */
  public record LocalIssuer(boolean enabled, String issuer, List<DemoUser> users) {
    public LocalIssuer {
      issuer = issuer == null ? "air9-local" : issuer;
      users = users == null ? List.of() : users;
    }
  }

  /** A demo user; the password is only for the demo profile. */
  public record DemoUser(String name, String password, List<String> groups) {
    public DemoUser {
      groups = groups == null ? List.of() : groups;
    }
  }
}
