package io.air9.platform.api.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * A client of the workspace event stream that behaves as a browser's EventSource: it parses the event stream
 * format (event, data, id, retry), and when the stream ends or cannot be opened it waits the server's
 * {@code retry} time and reconnects, sending {@code Last-Event-ID}. It keeps the team's workspaces as the stream
 * describes them: a {@code snapshot} replaces them, a {@code workspace} event changes one.
 */
final class SseClient implements AutoCloseable {

  private final HttpClient http = HttpClient.newHttpClient();
  private final URI uri;
  private final Supplier<String> token;
  private final Thread thread;
  private volatile boolean closed;
  private volatile Stream<String> body;
  private volatile long retryMillis = 3000; // EventSource's usual default until the server says otherwise
  private volatile String lastEventId;

  /** The workspaces by name, as the stream last described them. */
  final Map<String, JsonNode> workspaces = new ConcurrentHashMap<>();
  /** When each snapshot arrived: the first connection and every reconnection. */
  final List<Instant> snapshots = new CopyOnWriteArrayList<>();
  /** Failed connection attempts (refused, or an answer other than 200). */
  final List<String> failures = new CopyOnWriteArrayList<>();

  SseClient(URI uri, Supplier<String> token) {
    this.uri = uri;
    this.token = token;
    this.thread = new Thread(this::run, "sse-client");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  private void run() {
    while (!closed) {
      try {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream")
            .header("Authorization", "Bearer " + token.get());
        if (lastEventId != null) {
          request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<Stream<String>> response = http.send(request.build(), HttpResponse.BodyHandlers.ofLines());
        if (response.statusCode() != 200) {
          failures.add("HTTP " + response.statusCode());
          response.body().close();
        } else {
          body = response.body();
          read(body.iterator());
        }
      } catch (IOException | RuntimeException e) {
        // refused while the API is down, a cut stream, or no token yet (the identity provider is the API here)
        failures.add(e.getClass().getSimpleName());
      } catch (InterruptedException e) {
        return;
      }
      if (!closed) {
        try {
          Thread.sleep(retryMillis); // the reconnection delay of the protocol, as the server set it
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  private void read(Iterator<String> lines) {
    String event = "message";
    StringBuilder data = new StringBuilder();
    while (lines.hasNext()) {
      String line = lines.next();
      if (line.isEmpty()) {
        if (!data.isEmpty()) {
          dispatch(event, data.toString());
        }
        event = "message";
        data.setLength(0);
        continue;
      }
      if (line.startsWith(":")) {
        continue;
      }
      int colon = line.indexOf(':');
      String field = colon < 0 ? line : line.substring(0, colon);
      String value = colon < 0 ? "" : line.substring(colon + 1);
      value = value.startsWith(" ") ? value.substring(1) : value;
      switch (field) {
        case "event" -> event = value;
        case "data" -> data.append(data.isEmpty() ? "" : "\n").append(value);
        case "id" -> lastEventId = value;
        case "retry" -> retryMillis = Long.parseLong(value);
        default -> { }
      }
    }
  }

  private void dispatch(String event, String data) {
    JsonNode json = ApiOnCluster.JSON.readTree(data);
    if (event.equals("snapshot")) {
      workspaces.clear();
      json.get("workspaces").forEach(w -> workspaces.put(w.get("name").asString(), w));
      snapshots.add(Instant.now());
    } else if (event.equals("workspace")) {
      JsonNode w = json.get("workspace");
      if ("DELETED".equals(json.get("type").asString())) {
        workspaces.remove(w.get("name").asString());
      } else {
        workspaces.put(w.get("name").asString(), w);
      }
    }
  }

  long retryMillis() {
    return retryMillis;
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    Stream<String> b = body;
    if (b != null) {
      b.close();
    }
  }
}
