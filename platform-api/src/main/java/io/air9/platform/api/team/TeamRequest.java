package io.air9.platform.api.team;

import java.util.List;

/** A new team (platform admins only). */
public record TeamRequest(String name, String displayName, String description, List<TeamView.Member> members,
    TeamView.Quota quota) {}
