package io.air9.platform.api.connection;

import io.air9.platform.api.kube.Caches;
import io.air9.platform.api.kube.Writes;
import io.air9.platform.api.problem.ApiException;
import io.air9.platform.api.problem.ApiException.FieldError;
import io.air9.platform.api.security.CurrentUser;
import io.air9.platform.api.team.TeamAccess;
import io.air9.platform.model.Air9;
import io.air9.platform.model.ConnectionType;
import io.air9.platform.model.Limits;
import io.air9.platform.model.validation.WorkspaceValidator;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Data connections: Secrets of an allowed type in the team's namespace. Values are write-only: only the name,
 * type and keys ever come back, and they are never logged.
 */
@RestController
@RequestMapping("/api/v1/teams/{team}/connections")
@Tag(name = "connections")
class ConnectionController {

  /** A new connection; {@code values} holds the credentials and is never returned. */
  record ConnectionRequest(String name, @Schema(example = "postgres") String type, Map<String, String> values) {
    @Override
    public String toString() {
      return "ConnectionRequest[name=" + name + ", type=" + type + ", values=<hidden>]";
    }
  }

  /** A connection without its values. */
  record ConnectionView(String name, String type, List<String> keys, String createdAt) {}

  private final Caches caches;
  private final TeamAccess access;
  private final Writes writes;
  ConnectionController(Caches caches, TeamAccess access, Writes writes) {
    this.caches = caches;
    this.access = access;
    this.writes = writes;
  }

  @Operation(summary = "List the team's data connections (names, types and keys only)")
  @GetMapping
  List<ConnectionView> list(CurrentUser user, @PathVariable String team) {
    access.readable(user, team);
    return caches.connections(Air9.teamNamespace(team)).stream().map(ConnectionController::view).toList();
  }

  @Operation(summary = "Create a data connection; values are write-only")
  @PostMapping
  ResponseEntity<ConnectionView> create(CurrentUser user, @PathVariable String team,
      @RequestBody ConnectionRequest request) {
    access.writable(user, team);
    List<FieldError> errors = new ArrayList<>();
    WorkspaceValidator.validateName(request.name(), Limits.DNS_LABEL)
        .forEach(v -> errors.add(new FieldError("name", v.message())));
    ConnectionType type = ConnectionType.fromLabel(request.type()).orElse(null);
    Map<String, String> values = request.values() == null ? Map.of() : request.values();
    if (type == null) {
      errors.add(new FieldError("type", "must be one of snowflake, s3, postgres"));
    } else {
      for (String key : type.requiredKeys()) {
        if (values.get(key) == null || values.get(key).isEmpty()) {
          errors.add(new FieldError("values." + key, "required for a " + type.label() + " connection"));
        }
      }
      for (String key : values.keySet()) {
        if (!type.requiredKeys().contains(key) && !type.optionalKeys().contains(key)) {
          errors.add(new FieldError("values." + key, "not a key of a " + type.label() + " connection"));
        }
      }
    }
    if (!errors.isEmpty()) {
      throw ApiException.invalid(errors);
    }
    String ns = Air9.teamNamespace(team);
    Map<String, String> data = new LinkedHashMap<>();
    values.forEach((k, v) -> data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    Secret secret = new SecretBuilder()
        .withNewMetadata().withName(request.name()).withNamespace(ns)
        .addToLabels(Air9.LABEL_CONNECTION_TYPE, type.label()).addToLabels(Air9.LABEL_TEAM, team).endMetadata()
        .withType("Opaque")
        .withData(data)
        .build();
    Secret created = writes.create(secret, "a Secret named '" + request.name() + "'");
    return ResponseEntity.created(URI.create("/api/v1/teams/" + team + "/connections/" + request.name()))
        .body(view(created));
  }

  private static ConnectionView view(Secret s) {
    List<String> keys = s.getData() == null ? List.of() : s.getData().keySet().stream().sorted().toList();
    return new ConnectionView(s.getMetadata().getName(), s.getMetadata().getLabels().get(Air9.LABEL_CONNECTION_TYPE),
        keys, s.getMetadata().getCreationTimestamp());
  }
}
