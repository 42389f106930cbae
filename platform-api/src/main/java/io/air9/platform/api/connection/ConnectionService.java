package io.air9.platform.api.connection;

import io.air9.platform.api.common.ETags;
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
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Data connections: Secrets labelled {@value Air9#LABEL_CONNECTION_TYPE} in a team's namespace. Members create
 * them; team admins rotate (replace every value) and delete them. Values are write-only: they are checked against
 * the type's keys and written, never returned or logged. A Secret without the label is not a connection: the
 * API neither shows nor changes it.
 */
@Service
class ConnectionService {

  /** When the values were last replaced (RFC 3339), on the Secret. */
  static final String ROTATED_AT = "air9.io/rotated-at";

  private final Caches caches;
  private final TeamAccess access;
  private final Writes writes;
  private final KubernetesClient client;
  private final Clock clock;

  ConnectionService(Caches caches, TeamAccess access, Writes writes, KubernetesClient client) {
    this.caches = caches;
    this.access = access;
    this.writes = writes;
    this.client = client;
    this.clock = Clock.systemUTC();
  }

  List<Secret> list(CurrentUser user, String team) {
    access.readable(user, team);
    return caches.connections(Air9.teamNamespace(team));
  }

  /** The connection as the API server has it now. */
  Secret get(CurrentUser user, String team, String name) {
    access.readable(user, team);
    return current(team, name);
  }

  Secret create(CurrentUser user, String team, String name, String typeLabel, Map<String, String> values) {
    access.writable(user, team);
    List<FieldError> errors = new ArrayList<>();
    WorkspaceValidator.validateName(name, Limits.DNS_LABEL).forEach(v -> errors.add(new FieldError("name", v.message())));
    ConnectionType type = ConnectionType.fromLabel(typeLabel).orElse(null);
    if (type == null) {
      errors.add(new FieldError("type", "must be one of snowflake, s3, postgres"));
    } else {
      checkValues(type, values, errors);
    }
    if (!errors.isEmpty()) {
      throw ApiException.invalid(errors);
    }
    Secret secret = new SecretBuilder()
        .withNewMetadata().withName(name).withNamespace(Air9.teamNamespace(team))
        .addToLabels(Air9.LABEL_CONNECTION_TYPE, type.label()).addToLabels(Air9.LABEL_TEAM, team).endMetadata()
        .withType("Opaque")
        .withData(encoded(values))
        .build();
    return writes.create(secret, "a Secret named '" + name + "'");
  }

  /**
   * Replaces every value of the connection (team admins): the type stays, the values are checked as a create
   * checks them. With If-Match only the version checked (412 otherwise); the replace carries that version, so a
   * write racing past the check fails too (409, or 412 with If-Match).
   */
  Secret rotate(CurrentUser user, String team, String name, Map<String, String> values, String ifMatch) {
    access.administered(user, team);
    Secret current = current(team, name);
    String version = current.getMetadata().getResourceVersion();
    ETags.require(ifMatch, version, "connection '" + name + "'");
    ConnectionType type = type(current);
    List<FieldError> errors = new ArrayList<>();
    checkValues(type, values, errors);
    if (!errors.isEmpty()) {
      throw ApiException.invalid(errors);
    }
    Secret rotated = new SecretBuilder(current)
        .editMetadata().withResourceVersion(version)
        .addToAnnotations(ROTATED_AT, clock.instant().toString()).endMetadata()
        .withData(encoded(values)).withStringData(null)
        .build();
    return Writes.conditional(ifMatch, () -> Writes.call(() -> client.resource(rotated).update()));
  }

  /**
   * Deletes the connection (team admins). Refused (409) while a workspace of the team names it, so no workspace
   * is left referring to a Secret that is gone; with If-Match only the version checked.
   */
  void delete(CurrentUser user, String team, String name, String ifMatch) {
    access.administered(user, team);
    Secret current = current(team, name);
    String version = current.getMetadata().getResourceVersion();
    ETags.require(ifMatch, version, "connection '" + name + "'");
    List<String> users = caches.workspaces(Air9.teamNamespace(team)).stream()
        .filter(w -> w.getSpec() != null && w.getSpec().getDataConnections() != null
            && w.getSpec().getDataConnections().contains(name))
        .map(w -> w.getMetadata().getName()).toList();
    if (!users.isEmpty()) {
      throw new ApiException(HttpStatus.CONFLICT, "Conflict", "connection '" + name + "' is used by workspace(s) "
          + String.join(", ", users) + ": remove it from them first");
    }
    Writes.conditional(ifMatch, () -> Writes.call(() -> client.secrets().inNamespace(Air9.teamNamespace(team))
        .withName(name).lockResourceVersion(version).delete()));
  }

  /** The connection Secret from the API server; 404 when it is missing or not a data connection. */
  private Secret current(String team, String name) {
    Secret secret = Writes.call(() -> client.secrets().inNamespace(Air9.teamNamespace(team)).withName(name).get());
    if (secret == null || type(secret) == null) {
      throw ApiException.notFound("connection '" + name + "'");
    }
    return secret;
  }

  static ConnectionType type(Secret secret) {
    Map<String, String> labels = secret.getMetadata().getLabels();
    return labels == null ? null : ConnectionType.fromLabel(labels.get(Air9.LABEL_CONNECTION_TYPE)).orElse(null);
  }

  /** Every required key set and no key the type does not know; field errors name {@code values.<key>}. */
  private static void checkValues(ConnectionType type, Map<String, String> values, List<FieldError> errors) {
    Map<String, String> v = values == null ? Map.of() : values;
    for (String key : type.requiredKeys()) {
      if (v.get(key) == null || v.get(key).isEmpty()) {
        errors.add(new FieldError("values." + key, "required for a " + type.label() + " connection"));
      }
    }
    for (String key : v.keySet()) {
      if (!type.requiredKeys().contains(key) && !type.optionalKeys().contains(key)) {
        errors.add(new FieldError("values." + key, "not a key of a " + type.label() + " connection"));
      }
    }
  }

  private static Map<String, String> encoded(Map<String, String> values) {
    Map<String, String> data = new LinkedHashMap<>();
    if (values != null) {
      values.forEach((k, v) -> {
        if (v != null && !v.isEmpty()) {
          data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8)));
        }
      });
    }
    return data;
  }
}
