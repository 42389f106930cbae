package io.air9.platform.api.workspace;

import io.air9.platform.api.common.PageView;
import io.air9.platform.api.kube.Caches;
import io.air9.platform.api.problem.ApiException;
import io.air9.platform.api.security.CurrentUser;
import io.air9.platform.api.team.TeamAccess;
import io.air9.platform.model.Air9;
import io.air9.platform.model.Workspace;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-sent events of workspace changes, per team, fed by the workspace informer. A stream starts with a
 * {@code retry} of {@value #RETRY_MILLIS} ms and one {@code snapshot} event (the first page of the team's workspaces
 * now, with their number and the cursor of the next page), then sends
 * one {@code workspace} event (type ADDED, MODIFIED or DELETED plus the workspace; id its resourceVersion) per
 * change the cache sees. A client that lost its stream (an API restart, a network cut) reconnects, as a browser's
 * EventSource does, and the snapshot (plus the list's further pages) brings it up to date, deletions included: no
 * Last-Event-ID replay is needed.
 * A comment every {@value #KEEP_ALIVE_SECONDS} s keeps idle streams open through proxies and drops dead clients; a
 * subscriber who leaves the team stops getting events. When the API shuts down, the streams end at once (they
 * would otherwise hold a graceful shutdown until its timeout), so that clients reconnect to the next instance.
 * Events are written by a small pool of sender threads from a bounded queue per stream ({@link Outbox}), never by
 * the informer's thread: a client that stops reading holds back no one else, and one more than
 * {@value #OUTBOX_CAPACITY} events behind is dropped with a last {@code overflow} event (its client reconnects).
 */
@Component
public class WorkspaceChanges implements ResourceEventHandler<Workspace>, DisposableBean {

  static final long KEEP_ALIVE_SECONDS = 20;
  static final long RETRY_MILLIS = 1000;

  /** The last event of a stream that fell too far behind: it ends, and the client reconnects. */
  public record Overflow(String message) {}

  static final String OVERFLOW_MESSAGE =
      "this stream fell too far behind and was dropped; reconnect for a fresh snapshot";

  /** One change of a workspace. */
  public record Change(String type, WorkspaceView workspace) {}

  /**
   * The first page of the team's workspaces (sorted by name) when the stream (re)started, how many the team has, the
   * cursor of the next page ({@code after} of the list; null when this page holds them all) and the cache's
   * resourceVersion. A team of 5000 sends 50, not 5000: the client pages through the list for the rest.
   */
  public record Snapshot(List<WorkspaceView> workspaces, long totalItems, String next, String resourceVersion) {}

  /** Workspaces in a snapshot unless the client asks for another size (at most {@link PageView#MAX_SIZE}). */
  public static final int SNAPSHOT_SIZE = 50;

  /** Events a stream may fall behind by before it is dropped (with a last {@code overflow} event). */
  static final int OUTBOX_CAPACITY = 500;

  private record Subscriber(CurrentUser user, String team, SseEmitter emitter,
      Outbox<SseEmitter.SseEventBuilder> outbox) {}

  private final Map<String, List<Subscriber>> subscribers = new ConcurrentHashMap<>();
  private final TeamAccess access;
  private final Caches caches;
  private final ScheduledExecutorService keepAlive = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "sse-keep-alive");
    t.setDaemon(true);
    return t;
  });
  /** Writes the streams' events (a stream's events in order, one stream at a time per thread). */
  private final ExecutorService senders = Executors.newFixedThreadPool(4, r -> {
    Thread t = new Thread(r, "sse-sender");
    t.setDaemon(true);
    return t;
  });

  public WorkspaceChanges(Caches caches, TeamAccess access, MeterRegistry meters) {
    this.access = access;
    this.caches = caches;
    Gauge.builder("air9.api.sse.subscribers", subscribers, m -> m.values().stream().mapToInt(List::size).sum())
        .description("Open server-sent event streams of workspace changes")
        .register(meters);
    caches.workspaceInformer().addEventHandler(this);
    keepAlive.scheduleAtFixedRate(this::keepAlive, KEEP_ALIVE_SECONDS, KEEP_ALIVE_SECONDS, TimeUnit.SECONDS);
  }

  /**
   * A stream of the team's workspace changes; the caller must be able to see the team. The snapshot holds the first
   * {@code snapshotSize} workspaces.
   */
  public SseEmitter subscribe(CurrentUser user, String team, int snapshotSize, long timeoutMillis) {
    if (!caches.synced()) {
      // A snapshot from a cache that has not listed everything yet would tell clients that workspaces vanished
      // (and the team cache could not tell members yet).
      throw ApiException.unavailable("Starting", "the API is still loading its caches; reconnect in a moment", 1);
    }
    access.readable(user, team);
    SseEmitter emitter = new SseEmitter(timeoutMillis);
    List<Subscriber> list = subscribers.computeIfAbsent(Air9.teamNamespace(team), k -> new CopyOnWriteArrayList<>());
    AtomicReference<Subscriber> self = new AtomicReference<>();
    Outbox<SseEmitter.SseEventBuilder> outbox = new Outbox<>(OUTBOX_CAPACITY, senders, new Outbox.Sink<>() {
      @Override
      public void send(SseEmitter.SseEventBuilder event) throws IOException {
        emitter.send(event);
      }

      @Override
      public void end() {
        emitter.complete();
      }

      @Override
      public void closed() {
        list.remove(self.get());
      }
    }, () -> SseEmitter.event().name("overflow").data(new Overflow(OVERFLOW_MESSAGE), MediaType.APPLICATION_JSON));
    Subscriber subscriber = new Subscriber(user, team, emitter, outbox);
    self.set(subscriber);
    list.add(subscriber);
    emitter.onCompletion(() -> list.remove(subscriber));
    emitter.onTimeout(() -> list.remove(subscriber));
    emitter.onError(e -> list.remove(subscriber));
    // Read after the subscription, so a change the snapshot misses arrives after it (one it holds may come again).
    // Sent on the request thread (buffered until the emitter is initialised, which writes and commits the response
    // there): a sender thread writing the first bytes would commit the response while this thread's filters still
    // write headers (Tomcat's headers are not thread-safe: seen as a NullPointerException with 1000 streams).
    String version = caches.workspaceInformer().lastSyncResourceVersion();
    PageView<WorkspaceView> first = PageView.of(caches.workspaces(Air9.teamNamespace(team)),
        w -> w.getMetadata().getName(), WorkspaceView::of, 0, snapshotSize, null);
    Snapshot snapshot = new Snapshot(first.items(), first.totalItems(), first.next(), version);
    try {
      emitter.send(SseEmitter.event().reconnectTime(RETRY_MILLIS).comment("subscribed to team " + team));
      emitter.send(SseEmitter.event().name("snapshot").data(snapshot, MediaType.APPLICATION_JSON));
      // Only now the changes that came since the subscription: a sender thread could otherwise write one first.
      outbox.open();
    } catch (IOException | IllegalStateException e) {
      list.remove(subscriber);
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
    List<Subscriber> list = subscribers.get(ws.getMetadata().getNamespace());
    if (list == null || list.isEmpty()) {
      return;
    }
    Change change = new Change(type, WorkspaceView.of(ws));
    for (Subscriber s : list) {
      if (stillMember(list, s)) {
        s.outbox().offer(SseEmitter.event().name("workspace").id(ws.getMetadata().getResourceVersion())
            .data(change, MediaType.APPLICATION_JSON));
      }
    }
  }

  private void keepAlive() {
    subscribers.values().forEach(list -> list.forEach(s -> {
      if (stillMember(list, s)) {
        s.outbox().offer(SseEmitter.event().comment("keep-alive"));
      }
    }));
  }

  private boolean stillMember(List<Subscriber> list, Subscriber s) {
    try {
      access.readable(s.user(), s.team());
      return true;
    } catch (ApiException e) {
      list.remove(s);
      s.emitter().complete();
      return false;
    }
  }

  /** Ends every stream as soon as the context starts closing, before the web server's graceful shutdown waits. */
  @EventListener(ContextClosedEvent.class)
  public void closing() {
    destroy();
  }

  @Override
  public void destroy() {
    keepAlive.shutdownNow();
    senders.shutdownNow();
    subscribers.values().forEach(list -> {
      list.forEach(s -> s.emitter().complete());
      list.clear();
    });
  }
}
