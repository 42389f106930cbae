package io.air9.platform.api.security;

import java.util.List;

/**
 * The caller, from the token.
 *
 * @param name user name, matched against Team members
 * @param platformAdmin whether the caller is in the platform admin group
 */
public record CurrentUser(String name, List<String> groups, boolean platformAdmin) {}
