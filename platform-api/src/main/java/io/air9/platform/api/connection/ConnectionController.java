package io.air9.platform.api.connection;

import io.air9.platform.api.common.ETags;
import io.air9.platform.api.security.CurrentUser;
import io.air9.platform.model.Air9;
import io.air9.platform.model.ConnectionType;
import io.fabric8.kubernetes.api.model.Secret;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Data connections: Secrets of an allowed type in the team's namespace. Values are write-only: only the name,
 * type and keys ever come back, and they are never logged.
 */
@RestController
@Tag(name = "connections")
class ConnectionController {

  private static final String PATH = "/api/v1/teams/{team}/connections";

  /** A new connection; {@code values} holds the credentials and is never returned. */
  record ConnectionRequest(String name, @Schema(example = "postgres") String type, Map<String, String> values) {
    @Override
    public String toString() {
      return "ConnectionRequest[name=" + name + ", type=" + type + ", values=<hidden>]";
    }
  }

  /** New values of a connection (all of them: keys left out are removed); never returned. */
  record RotateRequest(Map<String, String> values) {
    @Override
    public String toString() {
      return "RotateRequest[values=<hidden>]";
    }
  }

  /** A connection without its values. */
  record ConnectionView(String name, String type, List<String> keys, String createdAt, String rotatedAt,
      String resourceVersion) {}

  /** A kind of connection and the keys of its values. */
  record TypeView(String type, List<String> requiredKeys, List<String> optionalKeys) {}

  private final ConnectionService connections;

  ConnectionController(ConnectionService connections) {
    this.connections = connections;
  }

  @Operation(summary = "The kinds of data connection and their keys")
  @GetMapping("/api/v1/connection-types")
  List<TypeView> types() {
    return Arrays.stream(ConnectionType.values())
        .map(t -> new TypeView(t.label(), t.requiredKeys(), t.optionalKeys())).toList();
  }

  @Operation(summary = "List the team's data connections (names, types and keys only)")
  @GetMapping(PATH)
  List<ConnectionView> list(CurrentUser user, @PathVariable String team) {
    return connections.list(user, team).stream().map(ConnectionController::view).toList();
  }

  @Operation(summary = "Get a data connection (names, type and keys only), with its version as ETag")
  @GetMapping(PATH + "/{name}")
  ResponseEntity<ConnectionView> get(CurrentUser user, @PathVariable String team, @PathVariable String name) {
    return withETag(ResponseEntity.ok(), connections.get(user, team, name));
  }

  @Operation(summary = "Create a data connection; values are write-only")
  @PostMapping(PATH)
  ResponseEntity<ConnectionView> create(CurrentUser user, @PathVariable String team,
      @RequestBody ConnectionRequest request) {
    Secret created = connections.create(user, team, request.name(), request.type(), request.values());
    return withETag(ResponseEntity.created(URI.create("/api/v1/teams/" + team + "/connections/" + request.name())),
        created);
  }

  @Operation(summary = "Rotate a data connection: replace all its values (team admins); If-Match as ETag")
  @PutMapping(PATH + "/{name}")
  ResponseEntity<ConnectionView> rotate(CurrentUser user, @PathVariable String team, @PathVariable String name,
      @RequestBody RotateRequest request,
      @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
    return withETag(ResponseEntity.ok(), connections.rotate(user, team, name, request.values(), ifMatch));
  }

  @Operation(summary = "Delete a data connection no workspace uses (team admins)")
  @DeleteMapping(PATH + "/{name}")
  ResponseEntity<Void> delete(CurrentUser user, @PathVariable String team, @PathVariable String name,
      @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
    connections.delete(user, team, name, ifMatch);
    return ResponseEntity.noContent().build();
  }

  private static ResponseEntity<ConnectionView> withETag(ResponseEntity.BodyBuilder response, Secret secret) {
    return response.eTag(ETags.of(secret.getMetadata().getResourceVersion())).body(view(secret));
  }

  static ConnectionView view(Secret s) {
    List<String> keys = s.getData() == null ? List.of() : s.getData().keySet().stream().sorted().toList();
    Map<String, String> annotations = s.getMetadata().getAnnotations();
    return new ConnectionView(s.getMetadata().getName(), s.getMetadata().getLabels().get(Air9.LABEL_CONNECTION_TYPE),
        keys, s.getMetadata().getCreationTimestamp(),
        annotations == null ? null : annotations.get(ConnectionService.ROTATED_AT),
        s.getMetadata().getResourceVersion());
  }
}
