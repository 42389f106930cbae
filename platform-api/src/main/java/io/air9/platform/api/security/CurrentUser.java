package io.air9.platform.api.security;

import io.air9.platform.api.problem.ApiException;
import java.util.List;

/**
 * The caller, from the token.
 *
 * @param name user name, matched against Team members
 * @param platformAdmin whether the caller is in the platform admin group
 */
public record CurrentUser(String name, List<String> groups, boolean platformAdmin) {

  /** Refuses (403 problem) a caller who is not a platform admin; {@code action} completes "only platform admins ...". */
  public void requirePlatformAdmin(String action) {
    if (!platformAdmin) {
      throw ApiException.forbidden("only platform admins " + action);
    }
  }
}
