package io.air9.platform.api.workspace;

import io.air9.platform.api.kube.Caches;
import io.air9.platform.api.security.CurrentUser;
import io.air9.platform.api.team.TeamAccess;
import io.air9.platform.model.Air9;
import io.air9.platform.model.Workspace;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-sent events of workspace changes, per team, fed by the workspace informer: one {@code workspace}
 * event (type ADDED, MODIFIED or DELETED plus the workspace) per change the cache sees.
 */
@Component
public class WorkspaceChanges implements ResourceEventHandler<Workspace> {

  /** One change of a workspace. */
  public record Change(String type, WorkspaceView workspace) {}

  private final Map<String, List<SseEmitter>> subscribers = new ConcurrentHashMap<>();
  private final TeamAccess access;

  public WorkspaceChanges(Caches caches, TeamAccess access) {
    this.access = access;
    caches.workspaceInformer().addEventHandler(this);
  }

  /** A stream of the team's workspace changes; the caller must be able to see the team. */
  public SseEmitter subscribe(CurrentUser user, String team, long timeoutMillis) {
    access.readable(user, team);
    SseEmitter emitter = new SseEmitter(timeoutMillis);
    List<SseEmitter> list = subscribers.computeIfAbsent(Air9.teamNamespace(team), k -> new CopyOnWriteArrayList<>());
    list.add(emitter);
    emitter.onCompletion(() -> list.remove(emitter));
    emitter.onTimeout(() -> list.remove(emitter));
    emitter.onError(e -> list.remove(emitter));
    try {
      emitter.send(SseEmitter.event().comment("subscribed to team " + team));
    } catch (IOException e) {
      list.remove(emitter);
    }
    return emitter;
  }

  @Override
  public void onAdd(Workspace ws) {
    publish("ADDED", ws);
  }

  @Override
  public void onUpdate(Workspace oldWs, Workspace ws) {
    if (!ws.getMetadata().getResourceVersion().equals(oldWs.getMetadata().getResourceVersion())) {
      publish("MODIFIED", ws);
    }
  }

  @Override
  public void onDelete(Workspace ws, boolean deletedFinalStateUnknown) {
    publish("DELETED", ws);
  }

  private void publish(String type, Workspace ws) {
    List<SseEmitter> list = subscribers.get(ws.getMetadata().getNamespace());
    if (list == null || list.isEmpty()) {
      return;
    }
    Change change = new Change(type, WorkspaceView.of(ws));
    for (SseEmitter emitter : list) {
      try {
        emitter.send(SseEmitter.event().name("workspace").id(ws.getMetadata().getResourceVersion())
            .data(change, MediaType.APPLICATION_JSON));
      } catch (IOException | IllegalStateException e) {
        list.remove(emitter);
      }
    }
  }
}
