package io.air9.platform.api.team;

import io.air9.platform.api.common.ETags;
import io.air9.platform.api.common.Quantities;
import io.air9.platform.api.kube.Caches;
import io.air9.platform.api.kube.Writes;
import io.air9.platform.api.problem.ApiException;
import io.air9.platform.api.problem.ApiException.FieldError;
import io.air9.platform.api.security.CurrentUser;
import io.air9.platform.model.Air9;
import io.air9.platform.model.Team;
import io.air9.platform.model.TeamMember;
import io.air9.platform.model.TeamQuota;
import io.air9.platform.model.TeamRole;
import io.air9.platform.model.TeamSpec;
import io.air9.platform.model.Workspace;
import io.air9.platform.model.Limits;
import io.air9.platform.model.validation.WorkspaceValidator;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/** Teams: platform admins create and delete them, team admins manage their members. */
@Service
class TeamService {

  /** How many of a team's workspaces a refused delete names. */
  static final int NAMED_WORKSPACES = 10;

  private final Caches caches;
  private final TeamAccess access;
  private final Writes writes;
  private final KubernetesClient client;

  TeamService(Caches caches, TeamAccess access, Writes writes, KubernetesClient client) {
    this.caches = caches;
    this.access = access;
    this.writes = writes;
    this.client = client;
  }

  Team create(CurrentUser user, TeamRequest request) {
    user.requirePlatformAdmin("create teams");
    List<FieldError> errors = new ArrayList<>();
    WorkspaceValidator.validateName(request.name(), Limits.TEAM_NAME)
        .forEach(v -> errors.add(new FieldError("name", v.message())));
    TeamSpec spec = new TeamSpec();
    spec.setDisplayName(request.displayName());
    spec.setDescription(request.description());
    spec.setMembers(members(request.members(), errors));
    spec.setQuota(quota(request.quota(), "quota.", errors));
    if (!errors.isEmpty()) {
      throw ApiException.invalid(errors);
    }
    return writes.create(team(request.name(), null, spec), "team '" + request.name() + "'");
  }

  Team replaceMembers(CurrentUser user, String name, List<TeamView.Member> members, String ifMatch) {
    access.administered(user, name);
    return change(name, ifMatch, (spec, errors) -> spec.setMembers(members(members, errors)));
  }

  /** Sets the team's quota (platform admins): the limits of all its workspaces together; none means no limit. */
  Team setQuota(CurrentUser user, String name, TeamView.Quota quota, String ifMatch) {
    user.requirePlatformAdmin("set a team's quota");
    access.readable(user, name);
    return change(name, ifMatch, (spec, errors) -> spec.setQuota(quota(quota, "", errors)));
  }

  /**
   * Deletes a team (platform admins): only its Team resource. The operator's owner references then take the team's
   * namespace with everything in it (workspaces and their home volumes, data connections, quota, RBAC). While the
   * team has workspaces the delete is refused (409 naming them) unless {@code force}: a team is emptied first, or
   * its admin confirms losing them. If-Match against the team's spec version (412 when stale); the delete carries
   * the resourceVersion just read, and a race with the operator's status write is tried again.
   */
  void delete(CurrentUser user, String name, String ifMatch, boolean force) {
    user.requirePlatformAdmin("delete teams");
    for (int attempt = 1; ; attempt++) {
      Team current = Writes.call(() -> client.resources(Team.class).withName(name).get());
      if (current == null) {
        throw ApiException.notFound("team '" + name + "'");
      }
      ETags.require(ifMatch, specVersion(current), "team '" + name + "'");
      if (!force) {
        refuseWhileItHasWorkspaces(name);
      }
      try {
        Writes.conditional(ifMatch, () -> Writes.call(() -> client.resources(Team.class).withName(name)
            .lockResourceVersion(current.getMetadata().getResourceVersion()).delete()));
        return;
      } catch (ApiException e) {
        boolean statusRace = e.status() == HttpStatus.PRECONDITION_FAILED || e.status() == HttpStatus.CONFLICT;
        if (!statusRace || attempt == 3) {
          throw e;
        }
        // re-read: a status write moved the resourceVersion; a change of the spec fails If-Match above
      }
    }
  }

  /** 409 naming the team's workspaces (read from the API server, not the cache: a delete must not race a create). */
  private void refuseWhileItHasWorkspaces(String name) {
    String namespace = Air9.teamNamespace(name);
    var list = Writes.call(() -> client.resources(Workspace.class).inNamespace(namespace)
        .list(new ListOptionsBuilder().withLimit((long) NAMED_WORKSPACES).build()));
    if (list.getItems().isEmpty()) {
      return;
    }
    long count = list.getItems().size() + (list.getMetadata().getRemainingItemCount() == null ? 0
        : list.getMetadata().getRemainingItemCount());
    String names = list.getItems().stream().map(w -> w.getMetadata().getName()).collect(Collectors.joining(", "))
        + (count > list.getItems().size() ? ", ..." : "");
    throw new ApiException(HttpStatus.CONFLICT, "Team has workspaces", "team '" + name + "' still has " + count
        + (count == 1 ? " workspace (" : " workspaces (") + names + "): deleting the team deletes its namespace "
        + namespace + " with every workspace, its home volume and the team's data connections. Delete the "
        + "workspaces first, or delete the team with force=true");
  }

  /**
   * Changes the team's spec from its current version on the API server: 412 when If-Match names another spec
   * version, 400 naming the fields the change found invalid. The apply carries the resourceVersion read; when the
   * API server refuses it because only the status moved meanwhile (the operator's write), the change is made again
   * on the new version, and a change of the spec by another writer is a 412 (with If-Match) or 409.
   */
  private Team change(String name, String ifMatch, BiConsumer<TeamSpec, List<FieldError>> edit) {
    String read = null;
    for (int attempt = 1; ; attempt++) {
      Team current = Writes.call(() -> client.resources(Team.class).withName(name).get());
      if (current == null) {
        throw ApiException.notFound("team '" + name + "'");
      }
      ETags.require(ifMatch, specVersion(current), "team '" + name + "'");
      if (read != null && !read.equals(specVersion(current))) {
        throw new ApiException(HttpStatus.CONFLICT, "Conflict", "team '" + name + "' was changed by another writer");
      }
      read = specVersion(current);
      List<FieldError> errors = new ArrayList<>();
      TeamSpec spec = current.getSpec();
      edit.accept(spec, errors);
      if (!errors.isEmpty()) {
        throw ApiException.invalid(errors);
      }
      try {
        return writes.apply(team(name, current.getMetadata().getResourceVersion(), spec));
      } catch (ApiException e) {
        if (e.status() != HttpStatus.CONFLICT || attempt == 3) {
          throw e;
        }
      }
    }
  }

  /**
   * A team's ETag: the version of its spec (metadata.generation), not its resourceVersion, which the operator's
   * status writes move seconds after every change: an If-Match taken before them must still hold. A write racing
   * past the check still fails, as it carries the resourceVersion just read.
   */
  static String etag(Team team) {
    return ETags.of(specVersion(team));
  }

  private static String specVersion(Team team) {
    Long generation = team.getMetadata().getGeneration();
    return generation == null ? team.getMetadata().getResourceVersion() : "g" + generation;
  }

  private static Team team(String name, String resourceVersion, TeamSpec spec) {
    Team team = new Team();
    team.setMetadata(new ObjectMetaBuilder().withName(name).withResourceVersion(resourceVersion).build());
    team.setSpec(spec);
    return team;
  }

  private static List<TeamMember> members(List<TeamView.Member> members, List<FieldError> errors) {
    List<TeamMember> result = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    List<TeamView.Member> list = members == null ? List.of() : members;
    for (int i = 0; i < list.size(); i++) {
      TeamView.Member m = list.get(i);
      if (m == null || m.name() == null || m.name().isBlank() || m.name().length() > Limits.USER_NAME) {
        errors.add(new FieldError("members[" + i + "].name",
            "name is required (at most " + Limits.USER_NAME + " characters)"));
        continue;
      }
      if (!seen.add(m.name())) {
        errors.add(new FieldError("members[" + i + "].name", "'" + m.name() + "' is listed twice"));
      }
      TeamRole role = role(m.role());
      if (role == null) {
        errors.add(new FieldError("members[" + i + "].role", "must be admin, member or viewer"));
      }
      result.add(new TeamMember(m.name(), role));
    }
    return result;
  }

  private static TeamRole role(String role) {
    if (role == null) {
      return null;
    }
    for (TeamRole r : TeamRole.values()) {
      if (r.name().toLowerCase(Locale.ROOT).equals(role)) {
        return r;
      }
    }
    return null;
  }

  /** The quota from a request, its fields named with the prefix ("quota." in a team, "" on its own). */
  private static TeamQuota quota(TeamView.Quota q, String prefix, List<FieldError> errors) {
    if (q == null) {
      return null;
    }
    TeamQuota quota = new TeamQuota();
    quota.setCpu(Quantities.parse(prefix + "cpu", q.cpu(), errors));
    quota.setMemory(Quantities.parse(prefix + "memory", q.memory(), errors));
    quota.setStorage(Quantities.parse(prefix + "storage", q.storage(), errors));
    if (q.gpu() != null && q.gpu() < 0) {
      errors.add(new FieldError(prefix + "gpu", "must not be negative"));
    }
    if (q.maxWorkspaces() != null && (q.maxWorkspaces() < 0 || q.maxWorkspaces() > Limits.MAX_WORKSPACES)) {
      errors.add(new FieldError(prefix + "maxWorkspaces", "must be between 0 and " + Limits.MAX_WORKSPACES));
    }
    quota.setGpu(q.gpu());
    quota.setMaxWorkspaces(q.maxWorkspaces());
    return quota;
  }
}
