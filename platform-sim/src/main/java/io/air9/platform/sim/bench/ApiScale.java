package io.air9.platform.sim.bench;

import io.air9.platform.model.Air9;
import io.air9.platform.model.Team;
import io.air9.platform.model.TeamMember;
import io.air9.platform.model.TeamQuota;
import io.air9.platform.model.TeamRole;
import io.air9.platform.model.Workspace;
import io.air9.platform.sim.cluster.KubernetesCluster;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API at scale (issue 7, part 5): one team with N workspaces (Workspace custom resources written directly: the
 * API only reads them, so the operator does not run in this scenario and the workspaces have no status), S users who
 * can see it (its members, and beyond the 500 members a team may have, platform admins), and the API's runnable jar as a child process on loopback. Measures the paged list's latency
 * (one client, then several at once), opens one server-sent event stream per user (each starts with the team's
 * snapshot), measures the API's live heap without and with the streams, then changes one workspace a few times and
 * times each change's arrival on every stream.
 */
final class ApiScale {

  static final String TEAM = "scale";
  static final int PAGE_SIZE = 50;
  static final int MAX_MEMBERS = 500;
  private static final Pattern TOTAL = Pattern.compile("\"totalItems\"\\s*:\\s*(\\d+)");
  private static final Pattern TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");

  private final KubernetesCluster cluster;
  private final KubernetesClient client;
  private final Progress progress;
  private final Path dir;
  private final int workspaces;
  private final int streams;
  private final int changes;
  private final int listRequests;
  private final int listClients;
  private final int snapshotSize;
  private final StringBuilder listCsv = new StringBuilder();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();

  ApiScale(KubernetesCluster cluster, KubernetesClient client, Progress progress, Path dir, int workspaces,
      int streams, int changes, int listRequests, int listClients, int snapshotSize) {
    this.cluster = cluster;
    this.client = client;
    this.progress = progress;
    this.dir = dir;
    this.workspaces = workspaces;
    this.streams = streams;
    this.changes = changes;
    this.listRequests = listRequests;
    this.listClients = listClients;
    this.snapshotSize = snapshotSize;
  }

  static String user(int i) {
    return String.format("u%04d", i);
  }

  Map<String, Object> run(Path apiJar, List<String> jvm) throws Exception {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("operator", "not running (the API reads only the Workspace custom resources; they have no status)");
    createTeamAndWorkspaces();
    Path config = writeUsers();
    progress.say("starting the API (%s)", apiJar.getFileName());
    try (AppProcess api = AppProcess.start(apiJar, jvm, List.of(
        "--air9.kubernetes.kubeconfig=" + cluster.kubeconfig(),
        "--spring.config.additional-location=file:" + config.toAbsolutePath()), dir, "api", false,
        progress.epoch())) {
      progress.say("API ready (pid %d)", api.pid());
      List<String> tokens = tokens(api);
      awaitCache(api, tokens.get(0));
      result.put("list", list(api, tokens));
      Map<String, Object> sse = new LinkedHashMap<>();
      result.put("sse", sse);
      sse.put("apiLiveHeapMibBefore", round(api.liveHeapMibAfterFullGc()));
      sse.put("apiRssMibBefore", round(api.rssMib()));
      streams(api, tokens, sse);
      sse.put("apiAlive", api.alive());
      result.put("apiCpuSeconds", round(api.cpuSeconds()));
    }
    return result;
  }

  private void createTeamAndWorkspaces() throws InterruptedException {
    String ns = Air9.teamNamespace(TEAM);
    client.resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
        .fieldManager(Workloads.FIELD_MANAGER).forceConflicts().serverSideApply();
    Team team = new Team();
    team.getMetadata().setName(TEAM);
    team.getSpec().setDisplayName("API scale team");
    List<TeamMember> members = new ArrayList<>();
    for (int i = 1; i <= Math.min(streams, MAX_MEMBERS); i++) {
      members.add(new TeamMember(user(i), i == 1 ? TeamRole.ADMIN : TeamRole.MEMBER));
    }
    team.getSpec().setMembers(members);
    team.getSpec().setQuota(new TeamQuota("100000", "400000Gi", 0, "1000Ti", 1000));
    client.resource(team).fieldManager(Workloads.FIELD_MANAGER).forceConflicts().serverSideApply();
    progress.say("writing %d workspaces into %s (operator off)", workspaces, ns);
    ExecutorService writers = Executors.newFixedThreadPool(Workloads.WRITERS);
    try {
      List<Future<?>> writes = new ArrayList<>();
      for (int i = 1; i <= workspaces; i++) {
        String name = Workloads.workspaceName(i);
        writes.add(writers.submit(() -> client.resource(Workloads.workspace(ns, name, "jupyterlab"))
            .fieldManager(Workloads.FIELD_MANAGER).forceConflicts().serverSideApply()));
      }
      int done = 0;
      for (Future<?> f : writes) {
        try {
          f.get(5, TimeUnit.MINUTES);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
          throw new IllegalStateException("a workspace write failed", e);
        }
        if (++done % 1000 == 0) {
          progress.say("written %d/%d", done, workspaces);
        }
      }
    } finally {
      writers.shutdownNow();
    }
  }

  /**
   * Demo users u0001..uS (password = name) for the API's built-in token issuer. A team has at most
   * {@value #MAX_MEMBERS} members (the CRD's limit): the users after them see the team as platform admins.
   */
  private Path writeUsers() throws IOException {
    StringBuilder yaml = new StringBuilder("""
        air9:
          security:
            local-issuer:
              enabled: true
              issuer: air9-bench
              users:
        """);
    for (int i = 1; i <= streams; i++) {
      yaml.append("        - {name: ").append(user(i)).append(", password: ").append(user(i))
          .append(i > MAX_MEMBERS ? ", groups: [air9-admins]}\n" : "}\n");
    }
    Path file = dir.resolve("api-users.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  private List<String> tokens(AppProcess api) throws IOException, InterruptedException {
    List<String> tokens = new ArrayList<>();
    for (int i = 1; i <= streams; i++) {
      String form = "grant_type=password&username=" + user(i) + "&password=" + URLEncoder.encode(user(i),
          StandardCharsets.UTF_8);
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(api.uri("/demo/token"))
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
      Matcher m = TOKEN.matcher(r.body());
      if (r.statusCode() != 200 || !m.find()) {
        throw new IllegalStateException("no token for " + user(i) + ": " + r.statusCode() + " " + r.body());
      }
      tokens.add(m.group(1));
    }
    progress.say("%d users signed in", tokens.size());
    return tokens;
  }

  private HttpResponse<String> page(AppProcess api, String token, int page) throws IOException,
      InterruptedException {
    return http.send(HttpRequest.newBuilder(api.uri("/api/v1/teams/" + TEAM + "/workspaces?page=" + page
        + "&size=" + PAGE_SIZE)).header("Authorization", "Bearer " + token).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Waits until the API's cache holds every workspace (the list's totalItems). */
  private void awaitCache(AppProcess api, String token) throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
    while (true) {
      HttpResponse<String> r = page(api, token, 0);
      Matcher m = TOTAL.matcher(r.body());
      long total = r.statusCode() == 200 && m.find() ? Long.parseLong(m.group(1)) : -1;
      if (total == workspaces) {
        return;
      }
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("the API's list has " + total + " of " + workspaces + " workspaces");
      }
      Thread.sleep(500);
    }
  }

  /** Paged list latency: warm-up, then one client, then {@link #listClients} clients at once. */
  private Map<String, Object> list(AppProcess api, List<String> tokens) throws Exception {
    int pages = (workspaces + PAGE_SIZE - 1) / PAGE_SIZE;
    progress.say("paged list: warm-up (%d requests)", listRequests / 4);
    for (int i = 0; i < listRequests / 4; i++) {
      page(api, tokens.get(i % tokens.size()), i % pages);
    }
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("pageSize", PAGE_SIZE);
    d.put("pages", pages);
    progress.say("paged list: %d requests, one client", listRequests);
    d.put("oneClient", timedPages(api, tokens, pages, 1));
    progress.say("paged list: %d requests, %d clients at once", listRequests, listClients);
    d.put(listClients + "Clients", timedPages(api, tokens, pages, listClients));
    return d;
  }

  private Map<String, Object> timedPages(AppProcess api, List<String> tokens, int pages, int clients)
      throws Exception {
    List<Double> millis = java.util.Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    Instant begin = Instant.now();
    try {
      List<Future<?>> all = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        int client = c;
        all.add(pool.submit(() -> {
          for (int i = client; i < listRequests; i += clients) {
            long t0 = System.nanoTime();
            HttpResponse<String> r = page(api, tokens.get(i % tokens.size()), i % pages);
            millis.add((System.nanoTime() - t0) / 1e6);
            if (r.statusCode() != 200) {
              throw new IllegalStateException("list answered " + r.statusCode());
            }
          }
          return null;
        }));
      }
      for (Future<?> f : all) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    double seconds = Duration.between(begin, Instant.now()).toMillis() / 1000.0;
    StringBuilder csv = new StringBuilder(listCsv.length() == 0 ? "clients,ms\n" : "");
    millis.forEach(m -> csv.append(clients).append(',').append(String.format(java.util.Locale.ROOT, "%.3f", m))
        .append('\n'));
    listCsv.append(csv);
    Files.writeString(dir.resolve("api-list-latencies.csv"), listCsv);
    Map<String, Object> d = percentiles(new ArrayList<>(millis), "Ms");
    d.put("requestsPerSecond", round(millis.size() / seconds));
    progress.say("  p50 %.1f ms, p99 %.1f ms, max %.1f ms, %.0f requests/s", d.get("p50Ms"), d.get("p99Ms"),
        d.get("maxMs"), d.get("requestsPerSecond"));
    return d;
  }

  /** One stream per user; then {@link #changes} changes of one workspace, each timed to every stream. */
  private void streams(AppProcess api, List<String> tokens, Map<String, Object> sse) throws Exception {
    Map<String, long[]> arrivals = new ConcurrentHashMap<>(); // resourceVersion -> arrival nanos per stream
    CountDownLatch snapshots = new CountDownLatch(tokens.size());
    java.util.concurrent.atomic.AtomicInteger failed = new java.util.concurrent.atomic.AtomicInteger();
    Semaphore opening = new Semaphore(50);
    List<CompletableFuture<HttpResponse<Void>>> open = new ArrayList<>();
    List<Lines> all = new ArrayList<>();
    Instant begin = Instant.now();
    progress.say("opening %d event streams (one per user)", tokens.size());
    for (int i = 0; i < tokens.size(); i++) {
      opening.acquire();
      int stream = i;
      java.util.function.Consumer<Boolean> snapshot = ok -> {
        if (!ok) {
          failed.incrementAndGet();
        }
        snapshots.countDown();
        opening.release();
      };
      Lines lines = new Lines(stream, tokens.size(), snapshot, arrivals);
      all.add(lines);
      open.add(http.sendAsync(HttpRequest.newBuilder(api.uri("/api/v1/teams/" + TEAM + "/workspace-events?size="
          + snapshotSize)).header("Authorization", "Bearer " + tokens.get(i))
          .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.fromLineSubscriber(lines)));
      if ((i + 1) % 200 == 0) {
        progress.say("  %d streams asked for, %d snapshots in", i + 1, tokens.size() - snapshots.getCount());
      }
    }
    boolean allIn = snapshots.await(10, TimeUnit.MINUTES);
    double openSeconds = Duration.between(begin, Instant.now()).toMillis() / 1000.0;
    sse.put("streams", tokens.size());
    sse.put("snapshotSize", snapshotSize);
    sse.put("streamsWithSnapshot", tokens.size() - snapshots.getCount() - failed.get());
    sse.put("streamsFailed", failed.get());
    sse.put("secondsToOpenAll", round(openSeconds));
    progress.say("%d streams open with their snapshot in %.1f s%s", tokens.size() - snapshots.getCount(),
        openSeconds, allIn ? "" : " (not all)");
    Map<String, Integer> causes = failureCauses(all, open);
    sse.put("failureCauses", causes);
    if (!causes.isEmpty()) {
      progress.say("  streams that ended before their snapshot, by cause: %s", causes);
    }
    sse.put("apiLiveHeapMibWithStreams", round(api.liveHeapMibAfterFullGc()));
    sse.put("apiRssMibWithStreams", round(api.rssMib()));
    sse.put("liveHeapKibPerStream", round(((double) sse.get("apiLiveHeapMibWithStreams")
        - (double) sse.get("apiLiveHeapMibBefore")) * 1024 / tokens.size()));

    List<Map<String, Object>> perChange = new ArrayList<>();
    StringBuilder deliveryCsv = new StringBuilder("change,stream,ms\n");
    List<Double> allMillis = new ArrayList<>();
    long missing = 0;
    for (int c = 1; c <= changes; c++) {
      Thread.sleep(2000);
      String value = Integer.toString(c);
      long t0 = System.nanoTime();
      Workspace changed = client.resources(Workspace.class).inNamespace(Air9.teamNamespace(TEAM))
          .withName(Workloads.workspaceName(1)).edit(w -> {
            Map<String, String> labels = w.getMetadata().getLabels() == null ? new LinkedHashMap<>()
                : new LinkedHashMap<>(w.getMetadata().getLabels());
            labels.put("bench.air9.io/change", value);
            w.getMetadata().setLabels(labels);
            return w;
          });
      long[] times = arrivals.computeIfAbsent(changed.getMetadata().getResourceVersion(),
          k -> new long[tokens.size()]);
      Instant deadline = Instant.now().plusSeconds(30);
      while (java.util.Arrays.stream(times).anyMatch(t -> t == 0) && Instant.now().isBefore(deadline)) {
        Thread.sleep(50);
      }
      List<Double> millis = new ArrayList<>();
      for (long t : times) {
        if (t != 0) {
          millis.add(Math.max(0, t - t0) / 1e6);
        }
      }
      missing += tokens.size() - millis.size();
      for (int i = 0; i < times.length; i++) {
        deliveryCsv.append(c).append(',').append(i).append(',').append(times[i] == 0 ? "NaN"
            : String.format(java.util.Locale.ROOT, "%.3f", Math.max(0, times[i] - t0) / 1e6)).append('\n');
      }
      Files.writeString(dir.resolve("api-sse-delivery.csv"), deliveryCsv);
      allMillis.addAll(millis);
      Map<String, Object> d = percentiles(millis, "Ms");
      d.put("delivered", millis.size());
      d.put("deliveredWithin2s", millis.stream().filter(m -> m <= 2000).count());
      perChange.add(d);
      progress.say("change %d: delivered to %d/%d streams, p50 %.0f ms, p99 %.0f ms, last %.0f ms", c,
          millis.size(), tokens.size(), d.get("p50Ms"), d.get("p99Ms"), d.get("maxMs"));
    }
    sse.put("changes", perChange);
    Map<String, Object> overall = percentiles(allMillis, "Ms");
    overall.put("notDelivered", missing);
    overall.put("deliveredWithin2s", allMillis.stream().filter(m -> m <= 2000).count());
    overall.put("deliveries", (long) changes * tokens.size());
    sse.put("delivery", overall);
    sse.put("streamsStillOpen", open.stream().filter(f -> !f.isDone()).count());
    open.forEach(f -> f.cancel(true));
  }

  /**
   * Why the streams that ended before their snapshot ended: the HTTP status (and the start of the answer's body
   * when the body was read) or the client's exception, with how many streams each.
   */
  private static Map<String, Integer> failureCauses(List<Lines> lines,
      List<CompletableFuture<HttpResponse<Void>>> open) {
    Map<String, Integer> causes = new java.util.TreeMap<>();
    for (int i = 0; i < lines.size(); i++) {
      Lines l = lines.get(i);
      if (!l.failed) {
        continue;
      }
      String cause;
      CompletableFuture<HttpResponse<Void>> f = open.get(i);
      if (f.isCompletedExceptionally()) {
        Throwable t = f.handle((r, e) -> e).join();
        while (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) {
          t = t.getCause();
        }
        cause = t.getClass().getSimpleName() + ": " + t.getMessage();
      } else if (f.isDone()) {
        HttpResponse<Void> r = f.join();
        cause = "HTTP " + r.statusCode() + (l.firstLine == null ? "" : " " + l.firstLine);
      } else {
        cause = l.error == null ? "ended without an answer" : l.error.getClass().getSimpleName() + ": "
            + l.error.getMessage();
      }
      causes.merge(cause, 1, Integer::sum);
    }
    return causes;
  }

  /** One stream's lines: counts its snapshot, and notes when the event of each awaited resourceVersion came. */
  private static final class Lines implements Flow.Subscriber<String> {
    private final int stream;
    private final int streams;
    private final java.util.function.Consumer<Boolean> snapshot;
    private final Map<String, long[]> arrivals;
    private boolean snapshotSeen;
    private String event = "";
    volatile boolean failed;
    volatile Throwable error;
    volatile String firstLine;

    Lines(int stream, int streams, java.util.function.Consumer<Boolean> snapshot, Map<String, long[]> arrivals) {
      this.stream = stream;
      this.streams = streams;
      this.snapshot = snapshot;
      this.arrivals = arrivals;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(String line) {
      if (firstLine == null && !line.isEmpty()) {
        firstLine = line.length() > 120 ? line.substring(0, 120) : line;
      }
      if (line.startsWith("event:")) {
        event = line.substring(6).trim();
      } else if (line.startsWith("id:") && "workspace".equals(event)) {
        long now = System.nanoTime();
        arrivals.computeIfAbsent(line.substring(3).trim(), k -> new long[streams])[stream] = now;
      } else if (line.startsWith("data:") && "snapshot".equals(event) && !snapshotSeen) {
        snapshotSeen = true;
        snapshot.accept(true);
      } else if (line.isEmpty()) {
        event = "";
      }
    }

    @Override
    public void onError(Throwable t) {
      if (!snapshotSeen) {
        snapshotSeen = true;
        failed = true;
        error = t;
        snapshot.accept(false);
      }
    }

    @Override
    public void onComplete() {
      onError(null);
    }
  }

  private static Map<String, Object> percentiles(List<Double> values, String unit) {
    List<Double> sorted = values.stream().sorted().toList();
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("count", sorted.size());
    for (int p : new int[] {50, 90, 99}) {
      d.put("p" + p + unit, sorted.isEmpty() ? Double.NaN
          : round(sorted.get(Math.max(0, (int) Math.ceil(p / 100.0 * sorted.size()) - 1))));
    }
    d.put("max" + unit, sorted.isEmpty() ? Double.NaN : round(sorted.get(sorted.size() - 1)));
    return d;
  }

  private static double round(double d) {
    return Double.isNaN(d) ? d : Math.round(d * 100) / 100.0;
  }
}
