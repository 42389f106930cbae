package io.air9.platform.api.workspace;

import io.air9.platform.api.common.ETags;
import io.air9.platform.api.common.Quantities;
import io.air9.platform.api.kube.Caches;
import io.air9.platform.api.kube.Writes;
import io.air9.platform.api.problem.ApiException;
import io.air9.platform.api.problem.ApiException.FieldError;
import io.air9.platform.api.security.CurrentUser;
import io.air9.platform.api.team.TeamAccess;
import io.air9.platform.model.Air9;
import io.air9.platform.model.ComputeResources;
import io.air9.platform.model.DesiredState;
import io.air9.platform.model.EnvVar;
import io.air9.platform.model.Limits;
import io.air9.platform.model.Team;
import io.air9.platform.model.Workspace;
import io.air9.platform.model.WorkspaceNames;
import io.air9.platform.model.WorkspaceSpec;
import io.air9.platform.model.validation.Violation;
import io.air9.platform.model.validation.WorkspaceValidator;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Objects;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Workspaces of a team. Reads come from the informer cache; writes read the current object from the API
 * server, check the caller's preconditions and server-side apply the whole spec with the resourceVersion they
 * were based on, so the API server rejects a concurrent change instead of overwriting it.
 */
@Service
public class WorkspaceService {

  private static final String WORKSPACE_KIND = HasMetadata.getKind(Workspace.class);

  private final Caches caches;
  private final TeamAccess access;
  private final Writes writes;
  private final KubernetesClient client;

  public WorkspaceService(Caches caches, TeamAccess access, Writes writes, KubernetesClient client) {
    this.caches = caches;
    this.access = access;
    this.writes = writes;
    this.client = client;
  }

  public List<Workspace> list(CurrentUser user, String team) {
    access.readable(user, team);
    return caches.workspaces(Air9.teamNamespace(team));
  }

  public Workspace get(CurrentUser user, String team, String name) {
    access.readable(user, team);
    return caches.workspace(Air9.teamNamespace(team), name)
        .orElseThrow(() -> ApiException.notFound("workspace '" + name + "'"));
  }

  public Workspace create(CurrentUser user, String team, WorkspaceRequest request) {
    return writes.create(draft(user, team, request, true), "workspace '" + request.name() + "'");
  }

  /**
   * The workspace a create would write, checked exactly as a create checks it (400 with the fields otherwise),
   * without writing anything; for the fit check, where the name is optional.
   */
  public Workspace draft(CurrentUser user, String team, WorkspaceRequest request, boolean nameRequired) {
    access.writable(user, team);
    List<FieldError> errors = new ArrayList<>();
    if (nameRequired || (request.name() != null && !request.name().isBlank())) {
      addAll(WorkspaceValidator.validateName(request.name(), Limits.WORKSPACE_NAME), errors);
    }
    WorkspaceSpec spec = toSpec(request, null, errors);
    spec.setOwner(user.name());
    validate(team, spec, null, errors);
    return workspace(Air9.teamNamespace(team), request.name(), null, spec);
  }

  public Workspace update(CurrentUser user, String team, String name, WorkspaceRequest request, String ifMatch) {
    Team t = access.writable(user, team);
    Workspace current = current(user, t, name, ifMatch, request.resourceVersion());
    List<FieldError> errors = new ArrayList<>();
    if (request.name() != null && !request.name().equals(name)) {
      errors.add(new FieldError("name", "does not match the workspace in the path"));
    }
    WorkspaceSpec spec = toSpec(request, current.getSpec(), errors);
    validate(team, spec, current.getStatus() == null ? null : current.getStatus().getStorage(), errors);
    return Writes.conditional(ifMatch, () -> writes.apply(workspace(current.getMetadata().getNamespace(), name,
        current.getMetadata().getResourceVersion(), spec)));
  }

  public Workspace setState(CurrentUser user, String team, String name, DesiredState state, String ifMatch) {
    Team t = access.writable(user, team);
    Workspace current = current(user, t, name, ifMatch, null);
    WorkspaceSpec spec = current.getSpec();
    spec.setState(state);
    return Writes.conditional(ifMatch, () -> writes.apply(workspace(current.getMetadata().getNamespace(), name,
        current.getMetadata().getResourceVersion(), spec)));
  }

  /**
   * Deletes the workspace; with If-Match only the version checked (the API server enforces it, 412 otherwise).
   * Without If-Match the delete is unconditional: the operator's status writes must not make it fail.
   */
  public void delete(CurrentUser user, String team, String name, String ifMatch) {
    Team t = access.writable(user, team);
    Workspace current = current(user, t, name, ifMatch, null);
    var resource = client.resources(Workspace.class).inNamespace(current.getMetadata().getNamespace()).withName(name);
    Writes.conditional(ifMatch, () -> Writes.call(() -> ifMatch == null || ifMatch.equals("*") ? resource.delete()
        : resource.lockResourceVersion(current.getMetadata().getResourceVersion()).delete()));
  }

  /**
   * Kubernetes events of the workspace and its children (names from {@link WorkspaceNames}), newest last. Events
   * are selected by their involved object (kind and name, and uid for the workspace itself), so workspace
   * {@code a} never shows the events of {@code a-b}: one query per distinct child name, with a field selector.
   */
  public List<Event> events(CurrentUser user, String team, String name) {
    Workspace ws = get(user, team, name);
    String ns = ws.getMetadata().getNamespace();
    Map<String, Set<String>> kindsByName = new LinkedHashMap<>();
    kindsByName.computeIfAbsent(name, n -> new HashSet<>()).add(WORKSPACE_KIND);
    for (WorkspaceNames.Child child : WorkspaceNames.children(name)) {
      kindsByName.computeIfAbsent(child.name(), n -> new HashSet<>()).add(child.kind());
    }
    String uid = ws.getMetadata().getUid();
    List<Event> events = new ArrayList<>();
    kindsByName.forEach((objectName, kinds) -> Writes.call(() -> client.v1().events().inNamespace(ns)
        .withField("involvedObject.name", objectName).list().getItems()).stream()
        .filter(e -> kinds.contains(e.getInvolvedObject().getKind()))
        .filter(e -> !WORKSPACE_KIND.equals(e.getInvolvedObject().getKind()) || uid == null
            || e.getInvolvedObject().getUid() == null || uid.equals(e.getInvolvedObject().getUid()))
        .forEach(events::add));
    events.sort(Comparator.comparing(WorkspaceService::eventTime, Comparator.nullsFirst(Comparator.naturalOrder())));
    return events;
  }

  private static String eventTime(Event e) {
    if (e.getLastTimestamp() != null) {
      return e.getLastTimestamp();
    }
    return e.getEventTime() != null ? e.getEventTime().getTime() : e.getMetadata().getCreationTimestamp();
  }

  /**
   * The workspace as the API server has it now, after checking that the caller may change it and that it is
   * the version they based the change on: If-Match mismatch is 412, a stale resourceVersion in the body 409.
   */
  private Workspace current(CurrentUser user, Team team, String name, String ifMatch, String bodyVersion) {
    Workspace current = fresh(Air9.teamNamespace(team.getMetadata().getName()), name);
    if (current == null) {
      throw ApiException.notFound("workspace '" + name + "'");
    }
    String owner = current.getSpec() == null ? null : current.getSpec().getOwner();
    if (!access.isAdmin(user, team) && !Objects.equals(owner, user.name())) {
      throw ApiException.forbidden("only the owner or a team admin can change workspace '" + name + "'");
    }
    String version = current.getMetadata().getResourceVersion();
    if (ifMatch != null && !ifMatch.equals("*") && !ETags.matches(ifMatch, version)) {
      throw new ApiException(HttpStatus.PRECONDITION_FAILED, "Precondition failed",
          "workspace '" + name + "' changed since the version in If-Match");
    }
    if (bodyVersion != null && !bodyVersion.equals(version)) {
      throw new ApiException(HttpStatus.CONFLICT, "Conflict",
          "workspace '" + name + "' changed since resourceVersion " + bodyVersion + "; reload and retry");
    }
    return current;
  }

  /** Adds the violations as request fields, one error per field. */
  private static void addAll(List<Violation> violations, List<FieldError> errors) {
    for (Violation v : violations) {
      String field = v.field().equals("metadata.name") ? "name"
          : v.field().startsWith("spec.") ? v.field().substring("spec.".length()) : v.field();
      if (errors.stream().noneMatch(e -> e.field().equals(field))) {
        errors.add(new FieldError(field, v.message()));
      }
    }
  }

  private Workspace fresh(String namespace, String name) {
    if (!WorkspaceValidator.validateName(name, Limits.WORKSPACE_NAME).isEmpty()) {
      return null; // no workspace can have this name
    }
    return Writes.call(() -> client.resources(Workspace.class).inNamespace(namespace).withName(name).get());
  }

  private static Workspace workspace(String namespace, String name, String resourceVersion, WorkspaceSpec spec) {
    Workspace ws = new Workspace();
    ws.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace)
        .withResourceVersion(resourceVersion).build());
    ws.setSpec(spec);
    return ws;
  }

  /** The spec a request asks for; on update, the class must stay and owner and state carry over. */
  private static WorkspaceSpec toSpec(WorkspaceRequest r, WorkspaceSpec current, List<FieldError> errors) {
    WorkspaceSpec spec = new WorkspaceSpec();
    if (current != null) {
      if (r.workspaceClass() != null && !r.workspaceClass().equals(current.getWorkspaceClass())) {
        errors.add(new FieldError("class", "class is immutable; create a new workspace instead"));
      }
      spec.setWorkspaceClass(current.getWorkspaceClass());
      spec.setOwner(current.getOwner());
      spec.setState(r.state() != null ? r.state() : current.getState());
    } else {
      spec.setWorkspaceClass(r.workspaceClass());
      spec.setState(r.state() != null ? r.state() : DesiredState.Running);
    }
    spec.setDisplayName(r.displayName());
    spec.setImage(r.image());
    if (r.resources() != null) {
      WorkspaceRequest.Resources res = r.resources();
      ComputeResources cr = new ComputeResources();
      cr.setCpu(Quantities.parse("resources.cpu", res.cpu(), errors));
      cr.setMemory(Quantities.parse("resources.memory", res.memory(), errors));
      cr.setGpu(res.gpu());
      spec.setResources(cr);
    }
    spec.setStorage(Quantities.parse("storage", r.storage(), errors));
    spec.setIdleTimeout(r.idleTimeout());
    spec.setDataConnections(r.dataConnections() == null ? new ArrayList<>() : new ArrayList<>(r.dataConnections()));
    List<EnvVar> vars = new ArrayList<>();
    for (WorkspaceRequest.Env e : r.env() == null ? List.<WorkspaceRequest.Env>of() : r.env()) {
      vars.add(e == null ? new EnvVar() : new EnvVar(e.name(), e.value()));
    }
    spec.setEnv(vars);
    return spec;
  }

  /**
   * The shared validator (the operator applies the same rules, the CRD schema the same limits; {@code
   * currentStorage} is the home volume's size, null for a new workspace) plus connections that must exist. Fields
   * are named as in the request: {@code spec.env[0].name} is {@code env[0].name}.
   */
  private void validate(String team, WorkspaceSpec spec, Quantity currentStorage, List<FieldError> errors) {
    addAll(WorkspaceValidator.validate(spec, caches.workspaceClass(spec.getWorkspaceClass()).orElse(null),
        currentStorage), errors);
    List<String> connections = spec.getDataConnections();
    for (int i = 0; i < connections.size(); i++) {
      String name = connections.get(i);
      boolean exists = caches.connections(Air9.teamNamespace(team)).stream()
          .anyMatch(s -> s.getMetadata().getName().equals(name));
      String field = "dataConnections[" + i + "]";
      if (!exists && errors.stream().noneMatch(e -> e.field().equals(field))) {
        errors.add(new FieldError(field, "data connection '" + name + "' does not exist in team '" + team + "'"));
      }
    }
    if (!errors.isEmpty()) {
      throw ApiException.invalid(errors);
    }
  }
}
