package io.air9.platform.operator.workspace;

import io.air9.platform.model.WorkspaceNames;
import io.air9.platform.model.Air9;
import io.air9.platform.model.BaseUrlMode;
import io.air9.platform.model.Workspace;
import io.air9.platform.model.WorkspaceClassSpec;
import io.air9.platform.operator.OperatorSettings;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks a workspace's application for its last activity (the class's culling.activityPath: Jupyter's api/status
 * reports last_activity, code-server's healthz lastHeartbeat) and records it in the air9.io/last-activity annotation.
 * Asynchronous: the reconcile thread only starts the request; the culler waits for a fresh answer before culling.
 */
public final class ActivityProbe {

  private static final Logger LOG = LoggerFactory.getLogger(ActivityProbe.class);
  public static final String FIELD_MANAGER = "air9-activity-probe";
  /** An answer younger than this lets the culler decide. */
  public static final Duration FRESH = Duration.ofMinutes(1);
  private static final Pattern JUPYTER = Pattern.compile("\"last_activity\"\\s*:\\s*\"([^\"]+)\"");
  private static final Pattern CODE_SERVER = Pattern.compile("\"lastHeartbeat\"\\s*:\\s*(\\d+)");

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final Map<String, Instant> answered = new ConcurrentHashMap<>();

  /** Whether the culler must ask the app first: probing is on, the class has an activity path, no fresh answer. */
  public boolean mustProbeBeforeCulling(OperatorSettings settings, Workspace ws, WorkspaceClassSpec cls,
      Instant now) {
    if (!settings.activityProbe() || cls.getCulling() == null || cls.getCulling().getActivityPath() == null) {
      return false;
    }
    Instant last = answered.get(ws.getMetadata().getUid());
    return last == null || Duration.between(last, now).compareTo(FRESH) > 0;
  }

  /** In-cluster URL of the activity endpoint. */
  public static String url(OperatorSettings settings, Workspace ws, WorkspaceClassSpec cls) {
    String name = ws.getMetadata().getName();
    String ns = ws.getMetadata().getNamespace();
    String prefix = cls.getBaseUrlMode() == BaseUrlMode.Strip ? "/" : WorkspaceModel.baseUrl(settings, ns, name);
    String path = cls.getCulling().getActivityPath();
    return "http://" + WorkspaceNames.serviceHost(name, ns) + ":" + cls.getPort() + prefix
        + (path.startsWith("/") ? path.substring(1) : path);
  }

  /** The activity time in a status document, if any. */
  public static Optional<Instant> parse(String body) {
    Matcher j = JUPYTER.matcher(body);
    if (j.find()) {
      try {
        return Optional.of(OffsetDateTime.parse(j.group(1)).toInstant());
      } catch (RuntimeException e) {
        return Optional.empty();
      }
    }
    Matcher c = CODE_SERVER.matcher(body);
    if (c.find()) {
      long millis = Long.parseLong(c.group(1));
      return millis > 0 ? Optional.of(Instant.ofEpochMilli(millis)) : Optional.empty();
    }
    return Optional.empty();
  }

  /** Starts a probe; the answer is recorded asynchronously (annotation patched when the app reports newer activity). */
  public void start(KubernetesClient client, OperatorSettings settings, Workspace ws, WorkspaceClassSpec cls) {
    String uid = ws.getMetadata().getUid();
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(settings, ws, cls)))
        .timeout(Duration.ofSeconds(5)).GET();
    token(client, ws).ifPresent(t -> request.header("Authorization", "token " + t));
    http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
      answered.put(uid, Instant.now());
      if (error != null || response.statusCode() >= 400) {
        LOG.debug("activity probe of {}/{} failed: {}", ws.getMetadata().getNamespace(), ws.getMetadata().getName(),
            error != null ? error.toString() : "HTTP " + response.statusCode());
        return;
      }
      parse(response.body()).filter(activity -> IdleCulling.lastActivity(ws).map(activity::isAfter).orElse(true))
          .ifPresent(activity -> annotate(client, ws, activity));
    });
  }

  private static Optional<String> token(KubernetesClient client, Workspace ws) {
    try {
      Secret s = client.secrets().inNamespace(ws.getMetadata().getNamespace())
          .withName(WorkspaceNames.tokenSecret(ws.getMetadata().getName())).get();
      return Optional.ofNullable(s).map(Secret::getData).map(d -> d.get(WorkspaceModel.TOKEN_KEY))
          .map(b64 -> new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8));
    } catch (KubernetesClientException e) {
      return Optional.empty();
    }
  }

  private static void annotate(KubernetesClient client, Workspace ws, Instant activity) {
    String patch = "{\"metadata\":{\"annotations\":{\"" + Air9.ANNOTATION_LAST_ACTIVITY + "\":\"" + activity + "\"}}}";
    try {
      client.resources(Workspace.class).inNamespace(ws.getMetadata().getNamespace())
          .withName(ws.getMetadata().getName())
          .patch(new PatchContext.Builder().withPatchType(PatchType.JSON_MERGE).withFieldManager(FIELD_MANAGER)
              .build(), patch);
    } catch (KubernetesClientException e) {
      LOG.debug("cannot record activity of {}: {}", ws.getMetadata().getName(), e.getMessage());
    }
  }
}
