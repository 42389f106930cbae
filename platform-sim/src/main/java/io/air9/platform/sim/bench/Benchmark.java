package io.air9.platform.sim.bench;

import io.air9.platform.model.Air9;
import io.air9.platform.model.DesiredState;
import io.air9.platform.sim.cluster.ClusterProviders;
import io.air9.platform.sim.cluster.KubernetesCluster;
import io.air9.platform.sim.cluster.SimulatedClusterProvider;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The platform's benchmark. Starts its own simulated cluster and the operator's jar as a child process, runs a
 * scenario once through a bare client (the operator's own child objects applied directly: the baseline) and once
 * through the operator, on the same cluster in the same run, and writes figures (JSON, CSV) for the charts.
 *
 * <pre>deploy/sim/bench burst --workspaces 1000 --teams 10</pre>
 *
 * Scenarios: {@code burst} (N workspaces over T teams created at once), {@code steady} (burst, then M minutes with
 * all Running: the API server's write requests per minute by verb and resource), {@code stop-start} (burst, then
 * stop all, then start all), {@code login-rush} (N arrivals spread evenly over M minutes: creation-to-Running
 * percentiles per minute of arrival) and {@code day} (a working day replayed faster than real time:
 * {@link WorkingDay}). See docs/benchmarks.md.
 */
public final class Benchmark {

  record Options(String scenario, int workspaces, int teams, String workspaceClass, int nodes, int maxPods,
      double steadyMinutes, Duration timeout, Path operatorJar, List<String> operatorJvm, boolean jfr,
      boolean baseline, String clusterName, Path out, Api api, double arrivalMinutes, double dayMinutes,
      int gpuNodes, double gpuShare, int events, List<Integer> fillerBytes, List<EventCost.Kind> eventKinds,
      int writes, List<WriteCost.Mode> writeModes, int writeRounds) {

    /** Options of the api scenario. */
    record Api(Path jar, List<String> jvm, int streams, int changes, int listRequests, int listClients,
        int snapshotSize) {}


    static Options parse(String[] args) {
      if (args.length == 0 || args[0].startsWith("-")) {
        throw new IllegalArgumentException(USAGE);
      }
      Map<String, String> o = new LinkedHashMap<>();
      for (int i = 1; i < args.length; i++) {
        String a = args[i];
        if (!a.startsWith("--")) {
          throw new IllegalArgumentException("unexpected argument " + a + "\n" + USAGE);
        }
        boolean flag = List.of("--jfr", "--no-baseline").contains(a);
        o.put(a.substring(2), flag ? "true" : args[++i]);
      }
      int n = Integer.parseInt(o.getOrDefault("workspaces", "1000"));
      String scenario = args[0];
      if (!List.of("burst", "steady", "stop-start", "volumes", "api", "login-rush", "day", "events", "writes")
          .contains(scenario)) {
        throw new IllegalArgumentException("unknown scenario " + scenario + "\n" + USAGE);
      }
      Path root = ClusterProviders.repoRoot();
      return new Options(scenario, n, Integer.parseInt(o.getOrDefault("teams", "10")),
          o.getOrDefault("class", "jupyterlab"),
          // 500m CPU and 1Gi per workspace on 16-CPU, 64Gi fake nodes: 32 fit by CPU; 25 leave room
          Integer.parseInt(o.getOrDefault("nodes", Integer.toString("api".equals(scenario) ? 1
              : Math.max(4, (n + 24) / 25)))),
          Integer.parseInt(o.getOrDefault("max-pods", "110")),
          Double.parseDouble(o.getOrDefault("steady-minutes", "5")),
          Duration.ofMinutes(Long.parseLong(o.getOrDefault("timeout-minutes", "15"))),
          o.containsKey("operator-jar") ? Path.of(o.get("operator-jar")) : findJar(root, "platform-operator"),
          o.containsKey("operator-jvm") ? jvmOptions(o.get("operator-jvm")) : DeployedOperator.jvmOptions(root),
          o.containsKey("jfr"), !o.containsKey("no-baseline"), o.getOrDefault("cluster-name", "bench"),
          Path.of(o.getOrDefault("out", root.resolve("target/bench").toString())),
          new Api(o.containsKey("api-jar") ? Path.of(o.get("api-jar")) : findJar(root, "platform-api"),
              o.containsKey("api-jvm") ? jvmOptions(o.get("api-jvm")) : List.of(),
              Integer.parseInt(o.getOrDefault("streams", "1000")),
              Integer.parseInt(o.getOrDefault("changes", "5")),
              Integer.parseInt(o.getOrDefault("list-requests", "2000")),
              Integer.parseInt(o.getOrDefault("list-clients", "8")),
              Integer.parseInt(o.getOrDefault("snapshot-size", "500"))),
          Double.parseDouble(o.getOrDefault("arrival-minutes", "10")),
          Double.parseDouble(o.getOrDefault("day-minutes", "20")),
          Integer.parseInt(o.getOrDefault("gpu-nodes", "day".equals(scenario) ? "2" : "0")),
          Double.parseDouble(o.getOrDefault("gpu-share", "0.2")),
          Integer.parseInt(o.getOrDefault("events", "2000")),
          Arrays.stream(o.getOrDefault("filler-bytes", "0,8192").split(",")).map(String::trim)
              .map(Integer::valueOf).toList(),
          EventCost.kinds(o.getOrDefault("event-kind", "statefulsets")), // refused here, not after the burst
          Integer.parseInt(o.getOrDefault("writes", "3000")),
          WriteCost.modes(o.getOrDefault("write-mode", "ssa,json-patch,merge")),
          Integer.parseInt(o.getOrDefault("write-rounds", "2")));
    }
  }

  private static final Path PROC = ThreadCpu.PROC;
  private static final long SELF = MachineCpu.BENCHMARK_PID;

  static final String USAGE = """
      usage: deploy/sim/bench SCENARIO [options]
        SCENARIO            burst | steady | stop-start | volumes (N claims to Bound, the cluster alone)
                            | login-rush (N users arriving evenly over --arrival-minutes)
                            | day (a working day of N users replayed in --day-minutes)
                            | api (N workspaces in one team, operator off: paged list, one event stream per user)
                            | events (N workspaces Running, then the operator's CPU per watch event it drops)
                            | writes (N workspaces Running, the operator stopped, then the machine's CPU per
                              status write, by how it is written)
        --workspaces N      workspaces (default 1000)
        --teams T           teams they are spread over (default 10)
        --class C           workspace class (default jupyterlab)
        --nodes K           fake CPU nodes (default max(4, N/50)); --max-pods P pods per node (default 110)
        --steady-minutes M  steady-state window (default 5)
        --arrival-minutes A login-rush: the N arrivals spread evenly over A minutes (default 10)
        --day-minutes D     day: 24 simulated hours in D minutes of wall time (default 20; 07:00-24:00 is replayed)
        --gpu-nodes G       fake GPU nodes of 4 GPUs (default 2 for day, else 0)
        --gpu-share S       day: share of the users who ask for a GPU (default 0.2)
        --events E          events: annotations of the workspaces' children, one event each (default 2000)
        --filler-bytes B,.. events: the annotation's size in each round (default 0,8192)
        --event-kind K,..   events: statefulsets (default, 9 KB as read), serviceaccounts (1.5 KB), or both
                            (one round per kind and filler size, in the same run)
        --writes W          writes: status writes per round (default 3000)
        --write-mode M,..   writes: ssa (JOSDK's default), json-patch (JOSDK without SSA), merge (a JSON merge
                            patch of the status); one round each, in order (default all three)
        --write-rounds R    writes: times the modes are run in turn (default 2)
        --timeout-minutes X bound of each phase (default 15)
        --operator-jar J    the operator's runnable jar (default platform-operator/target/*-exec.jar)
        --operator-jvm "O"  JVM options of the operator instead of the deployed ones (default: its image's
                            JAVA_TOOL_OPTIONS and -XX:MaxRAM of its memory limit in deploy/operator;
                            "" for the JVM's defaults)
        --jfr               record the operator with JFR (settings=profile) into the output folder
        --no-baseline       skip the bare-client baseline (profiling runs only: no ratio)
        --streams S         api: users, each with one event stream (default 1000)
        --changes C         api: changes of one workspace timed to every stream (default 5)
        --list-requests R   api: paged list requests per measurement (default 2000)
        --list-clients K    api: clients at once in the second list measurement (default 8)
        --snapshot-size Z   api: workspaces in each stream's snapshot (default 500, what the dashboard asks)
        --api-jar J         api: the API's runnable jar (default platform-api/target/platform-api-*.jar)
        --api-jvm "O"       api: JVM options of the API
        --cluster-name N    simulated cluster name (default bench); stopped at the end
        --out DIR           output folder (default target/bench)""";

  private final Options options;
  private final Progress progress = new Progress(Instant.now());
  private final Map<String, Object> report = new LinkedHashMap<>();
  /** Per operator-side phase: did any workspace pass through Failed (issue 7's "no false failures"). */
  private final Map<String, String> noFalseFailures = new LinkedHashMap<>();
  private final Path dir;

  private Benchmark(Options options) {
    this.options = options;
    String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
    this.dir = options.out().resolve(options.scenario() + "-" + options.workspaces() + "x" + options.teams() + "-"
        + stamp);
  }

  public static void main(String[] args) throws Exception {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    new Benchmark(options).run();
  }

  private void run() throws Exception {
    Files.createDirectories(dir);
    progress.say("%s: %d workspaces over %d teams, %d fake nodes x %d pods, results in %s", options.scenario(),
        options.workspaces(), options.teams(), options.nodes(), options.maxPods(), dir);
    report.put("scenario", options.scenario());
    report.put("workspaces", options.workspaces());
    report.put("teams", options.teams());
    report.put("class", options.workspaceClass());
    report.put("nodes", options.nodes());
    report.put("maxPodsPerNode", options.maxPods());
    report.put("operatorJvm", options.operatorJvm());
    if ("login-rush".equals(options.scenario())) {
      report.put("arrivalMinutes", options.arrivalMinutes());
    }
    report.put("machine", Map.of("cpus", Runtime.getRuntime().availableProcessors(),
        "memTotalMib", memTotalMib()));
    Path root = ClusterProviders.repoRoot();
    Map<String, String> env = Map.of("AIR9_SIM_NODES", Integer.toString(options.nodes()),
        "AIR9_SIM_GPU_NODES", Integer.toString(options.gpuNodes()), "AIR9_SIM_MAX_PODS", Integer.toString(options.maxPods()),
        "AIR9_SIM_POD_DELAY_MS", "0");
    progress.say("starting simulated cluster '%s'", options.clusterName());
    KubernetesCluster cluster = new SimulatedClusterProvider(root, options.clusterName(), env).start();
    try (KubernetesClient client = cluster.newClient()) {
      install(cluster, root);
      Workloads work = new Workloads(client, progress);
      if ("api".equals(options.scenario())) {
        Options.Api a = options.api();
        report.put("phases", Map.of("api", new ApiScale(cluster, client, progress, dir, options.workspaces(),
            a.streams(), a.changes(), a.listRequests(), a.listClients(), a.snapshotSize()).run(a.jar(), a.jvm())));
      } else if ("volumes".equals(options.scenario())) {
        Map<String, Object> results = new LinkedHashMap<>();
        report.put("phases", results);
        phaseResult(results, "volumes").put("cluster",
            describe(work.volumes("volumes", options.workspaces(), options.timeout()), "cluster-volumes"));
      } else if ("events".equals(options.scenario())) {
        eventCost(cluster, client, work);
      } else if ("writes".equals(options.scenario())) {
        writeCost(cluster, client, work);
      } else {
        runPhases(cluster, client, work);
      }
    } finally {
      Files.writeString(dir.resolve("result.json"), io.fabric8.kubernetes.client.utils.Serialization
          .asJson(report));
      progress.say("stopping the simulated cluster");
      cluster.close();
    }
    progress.say("done: %s", dir.resolve("result.json"));
    printSummary();
  }

  /** The scenario's phases, first through the bare client (the baseline), then through the operator. */
  private void runPhases(KubernetesCluster cluster, KubernetesClient client, Workloads work) throws Exception {
    List<String> phases = switch (options.scenario()) {
      case "steady" -> List.of("burst", "steady");
      case "stop-start" -> List.of("burst", "stop", "start");
      case "login-rush" -> List.of("rush");
      case "day" -> List.of("day");
      default -> List.of("burst");
    };
    Map<String, Object> results = new LinkedHashMap<>();
    report.put("phases", results);

    progress.say("template: one workspace through the operator, to copy its child objects");
    ChildTemplate template;
    try (AppProcess op = startOperator(cluster, "template")) {
      template = work.template(options.workspaceClass(), options.workspaces() / options.teams());
    }
    progress.say("template: %d child objects per workspace", template.workspaceObjectCount());

    List<String> baseTeams = Workloads.teamNames("base", options.teams());
    int perTeam = options.workspaces() / options.teams();
    WorkingDay day = null;
    if ("day".equals(options.scenario())) {
      day = new WorkingDay(client, progress, dir, options.dayMinutes());
      day.createClass(options.workspaceClass());
      report.put("dayMinutes", options.dayMinutes());
      report.put("gpuNodes", options.gpuNodes());
      report.put("gpuShare", options.gpuShare());
    }
    if (options.baseline()) {
      progress.say("== baseline: bare client, no operator ==");
      work.createBaselineTeams(template, baseTeams);
      for (String phase : phases) {
        SpeedProbe speed = SpeedProbe.start(); // its warm-up before the phase's counters
        String metricsBefore = client.raw("/metrics"); // the API server's counters: writes and reads
        var machineBefore = MachineCpu.snapshot(PROC, SELF, -1);
        ThreadCpu.Snapshot selfBefore = ThreadCpu.read(PROC, SELF);
        Object r = switch (phase) {
          case "burst" -> work.baselineBurst(template, baseTeams, perTeam, options.timeout(), 0);
          case "rush" -> work.baselineBurst(template, baseTeams, perTeam, options.timeout(), spacing());
          case "day" -> day.baseline(WorkingDay.users(baseTeams, perTeam, options.gpuShare(), 42), template);
          case "steady" -> steady(client, null);
          case "stop" -> work.baselineScale(baseTeams, perTeam, 0, options.timeout());
          default -> work.baselineScale(baseTeams, perTeam, 1, options.timeout());
        };
        speed.close();
        Map<String, Object> d = describe(r, "baseline-" + phase);
        if (r instanceof Latencies) {
          d.put("speedProbe", speed.describe());
          String metricsAfter = client.raw("/metrics");
          putWritesPerWorkspace(d, ApiWrites.parse(metricsBefore), ApiWrites.parse(metricsAfter));
          putReadsPerWorkspace(d, "baseline " + phase, metricsBefore, metricsAfter);
          putMachineCpu(d, "baseline " + phase, machineBefore, MachineCpu.snapshot(PROC, SELF, -1));
          // the bare client's CPU by thread, as the operator's: its JIT compilers apart from its HTTP client
          Map<String, Double> self = new java.util.HashMap<>();
          ThreadCpu.add(self, selfBefore, ThreadCpu.read(PROC, SELF));
          d.put("benchmarkCpuByThread", ThreadCpu.describe(self, 12));
          progress.say("baseline %s: the benchmark's (bare client's) CPU %.1f s by thread: %s", phase,
              self.values().stream().mapToDouble(Double::doubleValue).sum(), ThreadCpu.summary(self));
        }
        phaseResult(results, phase).put("baseline", d);
      }
      work.deleteAndWait(baseTeams, false, Duration.ofMinutes(10));
    }

    progress.say("== operator ==");
    List<String> teams = Workloads.teamNames("bench", options.teams());
    try (AppProcess op = startOperator(cluster, options.scenario())) {
      work.createTeams(teams, perTeam);
      for (String phase : phases) {
        double cpuBefore = op.cpuSeconds();
        PhaseLog log = new PhaseLog(teams.stream().map(Air9::teamNamespace).collect(Collectors.toSet()));
        Map<String, Double> reconcilesBefore = op.reconcilesStarted();
        Map<String, Double> threadsBefore = op.cpuByThread();
        SpeedProbe speed = SpeedProbe.start(); // its warm-up before the phase's counters
        String metricsBefore = client.raw("/metrics"); // the API server's counters: writes and reads
        var machineBefore = MachineCpu.snapshot(PROC, SELF, op.pid());
        Object r = switch (phase) {
          case "burst" -> work.operatorBurst(teams, perTeam, options.workspaceClass(), options.timeout(), 0, log);
          case "rush" -> work.operatorBurst(teams, perTeam, options.workspaceClass(), options.timeout(), spacing(),
              log);
          case "day" -> day.operator(WorkingDay.users(teams, perTeam, options.gpuShare(), 42), log);
          case "steady" -> steady(client, op);
          case "stop" -> work.operatorSetState(teams, perTeam, DesiredState.Stopped, options.timeout(), log);
          default -> work.operatorSetState(teams, perTeam, DesiredState.Running, options.timeout(), log);
        };
        speed.close();
        double cpu = op.cpuSeconds() - cpuBefore;
        Map<String, Double> byThread = ThreadCpu.between(threadsBefore, op.cpuByThread());
        String metricsAfter = client.raw("/metrics");
        Map<String, Double> writes = ApiWrites.perMinute(ApiWrites.parse(metricsBefore, true),
            ApiWrites.parse(metricsAfter, true), 1);
        Map<String, Object> d = describe(r, "operator-" + phase);
        if (!"steady".equals(phase)) { // the steady window times nothing: its workspaces stay Running
          d.putAll(log.describe());
          // the status writes the API server accepted, to compare with the status changes the watch delivered
          d.put("workspaceStatusWrites", round(writes.entrySet().stream()
              .filter(e -> e.getKey().endsWith(" workspaces/status")).mapToDouble(Map.Entry::getValue).sum()));
          progress.say("%s: the API server accepted %s status writes of workspaces, the watch saw %d status changes",
              phase, d.get("workspaceStatusWrites"), log.statusChanges());
          if (!log.runningSeenLag().isEmpty()) {
            progress.say("%s: the watch showed Running after the operator's Ready transition: %s", phase,
                log.runningSeenLag());
          }
          noFalseFailures.put(phase, log.verdict());
          progress.say("%s: phases passed through %s; NO FALSE FAILURES: %s", phase, log.passedThrough(),
              log.verdict());
          log.examples().forEach(f -> progress.say("  passed through Failed: %s: %s: %s", f.key(), f.reason(),
              f.message()));
        }
        d.put("operatorCpuSeconds", round(cpu));
        if (r instanceof Latencies) {
          d.put("operatorCpuMsPerWorkspace", round(cpu * 1000 / options.workspaces()));
          putWritesPerWorkspace(d, ApiWrites.parse(metricsBefore), ApiWrites.parse(metricsAfter));
          putReadsPerWorkspace(d, "operator " + phase, metricsBefore, metricsAfter);
          putMachineCpu(d, "operator " + phase, machineBefore, MachineCpu.snapshot(PROC, SELF, op.pid()));
          d.put("speedProbe", speed.describe());
          Map<String, Double> reconciles = ApiWrites.perWorkspace(reconcilesBefore, op.reconcilesStarted(),
              options.workspaces());
          d.put("reconcilesPerWorkspace", rounded(reconciles));
          progress.say("%s: reconciles started per workspace: %s", phase, rounded(reconciles));
        }
        d.put("operatorCpuByThread", ThreadCpu.describe(byThread, 12));
        writeThreadCpu(byThread, "operator-" + phase);
        progress.say("%s: operator CPU %.1f s by thread: %s", phase, cpu, ThreadCpu.summary(byThread));
        if (!"stop".equals(phase)) {
          progress.say("live heap: full GC in the operator");
          d.put("operatorLiveHeapMibAfterFullGc", round(op.liveHeapMibAfterFullGc()));
          op.classHistogram(dir.resolve("operator-" + phase + "-histogram.txt"));
        }
        d.put("operatorRssMib", round(op.rssMib()));
        d.put("operatorAlive", op.alive());
        phaseResult(results, phase).put("operator", d);
        Map<String, Object> pr = phaseResult(results, phase);
        if (pr.get("baseline") instanceof Map<?, ?> b && b.get("allReadySeconds") instanceof Double base
            && d.get("allReadySeconds") instanceof Double opAll) {
          pr.put("ratioAllReady", round(opAll / base));
        }
        if (pr.get("baseline") instanceof Map<?, ?> b && b.get("p50Seconds") instanceof Double b50
            && d.get("p50Seconds") instanceof Double o50 && b.get("p99Seconds") instanceof Double b99
            && d.get("p99Seconds") instanceof Double o99) {
          pr.put("ratioP50", round(o50 / b50));
          pr.put("ratioP99", round(o99 / b99));
        }
        if (pr.get("baseline") instanceof Map<?, ?> b && b.get("startP50Seconds") instanceof Double b50
            && d.get("startP50Seconds") instanceof Double o50 && b.get("startP99Seconds") instanceof Double b99
            && d.get("startP99Seconds") instanceof Double o99) {
          pr.put("ratioStartP50", round(o50 / b50));
          pr.put("ratioStartP99", round(o99 / b99));
        }
        if (pr.get("baseline") instanceof Map<?, ?> b && b.get("machineCpu") instanceof Map<?, ?> bm
            && d.get("machineCpu") instanceof Map<?, ?> om) {
          double base = (Double) bm.get("totalMsPerWorkspace");
          double opm = (Double) om.get("totalMsPerWorkspace");
          pr.put("ratioMachineCpuPerWorkspace", round(opm / base));
          progress.say("%s: the machine's CPU per workspace: baseline %.1f ms, operator %.1f ms (%.2fx)", phase,
              base, opm, opm / base);
        }
        if (pr.get("baseline") instanceof Map<?, ?> b && b.get("apiWritesPerWorkspace") instanceof Map<?, ?> bw
            && d.get("apiWritesPerWorkspace") instanceof Map<?, ?> ow) {
          double base = (Double) b.get("apiWritesPerWorkspaceTotal");
          double opw = (Double) d.get("apiWritesPerWorkspaceTotal");
          pr.put("ratioApiWritesPerWorkspace", round(opw / base));
          progress.say("%s: API server writes per workspace: baseline %.2f, operator %.2f (%.2fx)", phase, base, opw,
              opw / base);
          java.util.Set<Object> keys = new java.util.TreeSet<>(bw.keySet());
          keys.addAll(ow.keySet());
          keys.forEach(k -> progress.say("  %8s %8s  %s", bw.containsKey(k) ? bw.get(k) : "-",
              ow.containsKey(k) ? ow.get(k) : "-", k));
        }
        if (pr.get("baseline") instanceof Map<?, ?> b && b.get("speedProbe") instanceof Map<?, ?> bs
            && d.get("speedProbe") instanceof Map<?, ?> os) {
          SpeedProbe.slowdown(bs, os).ifPresent(slowdown -> {
            pr.put("machineSlowdown", round(slowdown));
            for (String ratio : List.of("ratioAllReady", "ratioMachineCpuPerWorkspace")) {
              if (pr.get(ratio) instanceof Double x) {
                pr.put(ratio + "AtEqualSpeed", round(x / slowdown));
              }
            }
            progress.say("%s: the probe's work took %.2fx the CPU on the operator's side as on the baseline's: "
                + "at equal speed, all Running %sx, the machine's CPU per workspace %sx", phase, slowdown,
                pr.get("ratioAllReadyAtEqualSpeed"), pr.get("ratioMachineCpuPerWorkspaceAtEqualSpeed"));
          });
        }
      }
      report.put("noFalseFailures", noFalseFailures);
      report.put("statefulSetsAtEnd", work.statefulSets());
      writeSamples(op.samples());
      report.put("operatorPeakRssMib", round(op.samples().stream().mapToDouble(AppProcess.Sample::rssMib)
          .filter(d -> !Double.isNaN(d)).max().orElse(Double.NaN)));
      report.put("operatorPeakHeapUsedMib", round(op.samples().stream()
          .mapToDouble(AppProcess.Sample::heapUsedMib).filter(d -> !Double.isNaN(d)).max().orElse(Double.NaN)));
    }
  }

  /**
   * The events scenario: the operator's workspaces started ({@link #startedBurst}), then {@link EventCost}. No
   * baseline: a bare client has no informers to compare with; the figure is the operator's CPU per event itself.
   */
  private void eventCost(KubernetesCluster cluster, KubernetesClient client, Workloads work) throws Exception {
    Map<String, Object> results = new LinkedHashMap<>();
    report.put("phases", results);
    List<String> teams = Workloads.teamNames("bench", options.teams());
    try (AppProcess op = startOperator(cluster, options.scenario())) {
      startedBurst(work, teams, results);
      phaseResult(results, "events").put("operator", new EventCost(client, progress, op)
          .run(EventCost.namespaces(teams), options.eventKinds(), options.events(),
              options.fillerBytes()));
      writeSamples(op.samples());
    }
  }

  /**
   * The writes scenario: the operator's workspaces started ({@link #startedBurst}), the operator stopped, then
   * {@link WriteCost}: the machine's CPU per status write, by how it is written. No baseline.
   */
  private void writeCost(KubernetesCluster cluster, KubernetesClient client, Workloads work) throws Exception {
    Map<String, Object> results = new LinkedHashMap<>();
    report.put("phases", results);
    List<String> teams = Workloads.teamNames("bench", options.teams());
    try (AppProcess op = startOperator(cluster, options.scenario())) {
      startedBurst(work, teams, results);
      progress.say("stopping the operator: nothing but the benchmark writes the workspaces now");
    }
    phaseResult(results, "writes").put("cluster", new WriteCost(client, progress)
        .run(EventCost.namespaces(teams), options.writeModes(), options.writes(), options.writeRounds()));
  }

  /** The operator's burst before the events and writes scenarios: timed, with the phases each passed through. */
  private void startedBurst(Workloads work, List<String> teams, Map<String, Object> results) throws Exception {
    int perTeam = options.workspaces() / options.teams();
    work.createTeams(teams, perTeam);
    PhaseLog log = new PhaseLog(teams.stream().map(Air9::teamNamespace).collect(Collectors.toSet()));
    Map<String, Object> burst = describe(work.operatorBurst(teams, perTeam, options.workspaceClass(),
        options.timeout(), 0, log), "operator-burst");
    burst.putAll(log.describe());
    phaseResult(results, "burst").put("operator", burst);
    noFalseFailures.put("burst", log.verdict());
    report.put("noFalseFailures", noFalseFailures);
    progress.say("burst: all Running at %s s; phases passed through %s; NO FALSE FAILURES: %s",
        burst.get("allReadySeconds"), log.passedThrough(), log.verdict());
  }

  /**
   * The API server's write requests of a timed phase per workspace started (all of them, refused ones too: each
   * costs the API server), by "VERB resource[/subresource]", and their sum. Its whole window: the cluster's own
   * writes (leases, the controllers' and KWOK's status writes of pods and claims) count on both sides.
   */
  private void putWritesPerWorkspace(Map<String, Object> d, Map<String, Double> before, Map<String, Double> after) {
    Map<String, Double> per = ApiWrites.perWorkspace(before, after, options.workspaces());
    d.put("apiWritesPerWorkspace", rounded(per));
    d.put("apiWritesPerWorkspaceTotal", round(per.values().stream().mapToDouble(Double::doubleValue).sum()));
  }

  /**
   * What else the API server served in a timed phase, per workspace: reads by verb and resource, and the watch events
   * it sent to all watchers by kind, with their kilobytes ({@link ApiWrites#parseReads}), and the sums of each.
   */
  private void putReadsPerWorkspace(Map<String, Object> d, String label, String before, String after) {
    Map<String, Double> per = ApiWrites.perWorkspace(ApiWrites.parseReads(before), ApiWrites.parseReads(after),
        options.workspaces());
    d.put("apiReadsPerWorkspace", rounded(per));
    double reads = per.entrySet().stream().filter(e -> !e.getKey().startsWith("events ")
        && !e.getKey().startsWith("KB ")).mapToDouble(Map.Entry::getValue).sum();
    double events = per.entrySet().stream().filter(e -> e.getKey().startsWith("events "))
        .mapToDouble(Map.Entry::getValue).sum();
    double kb = per.entrySet().stream().filter(e -> e.getKey().startsWith("KB "))
        .mapToDouble(Map.Entry::getValue).sum();
    d.put("apiReadsPerWorkspaceTotal", round(reads));
    d.put("watchEventsPerWorkspaceTotal", round(events));
    d.put("watchEventKbPerWorkspaceTotal", round(kb));
    progress.say("%s: the API server's reads per workspace %.2f, watch events sent %.1f (%.0f KB)", label, reads,
        events, kb);
  }

  /**
   * The whole machine's CPU in a timed phase per workspace, by process ({@link MachineCpu}): what a start costs the
   * cores the cluster and the operator share, on both sides, the benchmark's own JVM included (on the baseline side
   * it is the bare client).
   */
  private void putMachineCpu(Map<String, Object> d, String label, Map<Long, MachineCpu.ProcessTime> before,
      Map<Long, MachineCpu.ProcessTime> after) {
    Map<String, Object> m = MachineCpu.perWorkspace(MachineCpu.between(before, after), options.workspaces());
    d.put("machineCpu", m);
    progress.say("%s: the machine's CPU per workspace %s ms: %s", label, m.get("totalMsPerWorkspace"),
        m.get("msPerWorkspaceByProcess"));
  }

  private static Map<String, Double> rounded(Map<String, Double> m) {
    Map<String, Double> r = new java.util.TreeMap<>();
    m.forEach((k, v) -> r.put(k, round(v)));
    return r;
  }

  /** A phase's operator CPU by thread: one line per thread name pattern with its group, seconds and share. */
  private void writeThreadCpu(Map<String, Double> byThread, String label) throws IOException {
    double total = byThread.values().stream().mapToDouble(Double::doubleValue).sum();
    StringBuilder csv = new StringBuilder("group,thread,cpu_s,share\n");
    byThread.forEach((name, cpu) -> csv.append(String.format(Locale.ROOT, "%s,%s,%.2f,%.4f%n", ThreadCpu.group(name),
        name.replace(',', ' '), cpu, total > 0 ? cpu / total : Double.NaN)));
    Files.writeString(dir.resolve(label + "-cpu-by-thread.csv"), csv);
  }

  /** login-rush: seconds between two arrivals. */
  private double spacing() {
    return options.arrivalMinutes() * 60 / options.workspaces();
  }

  private AppProcess startOperator(KubernetesCluster cluster, String label) throws Exception {
    progress.say("starting the operator (%s)", options.operatorJar().getFileName());
    AppProcess op = AppProcess.operator(options.operatorJar(), cluster.kubeconfig(), options.operatorJvm(),
        dir, label, options.jfr() && !"template".equals(label), progress.epoch());
    progress.say("operator ready (pid %d)", op.pid());
    return op;
  }

  /** The steady-state window: write requests per minute, and the operator's CPU in it. */
  private Map<String, Object> steady(KubernetesClient client, AppProcess op) throws InterruptedException {
    progress.say("steady state: settling 30 s, then %.1f minutes of counting", options.steadyMinutes());
    Thread.sleep(30_000);
    Map<String, Double> before = ApiWrites.scrape(client);
    double cpuBefore = op == null ? 0 : op.cpuSeconds();
    Instant begin = Instant.now();
    Instant end = begin.plusMillis((long) (options.steadyMinutes() * 60_000));
    while (Instant.now().isBefore(end)) {
      Thread.sleep(Math.min(30_000, Math.max(1, Duration.between(Instant.now(), end).toMillis())));
      progress.say("steady state: %.0f s of %.0f", Duration.between(begin, Instant.now()).toMillis() / 1000.0,
          options.steadyMinutes() * 60);
    }
    double minutes = Duration.between(begin, Instant.now()).toMillis() / 60_000.0;
    Map<String, Double> rate = ApiWrites.perMinute(before, ApiWrites.scrape(client), minutes);
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("minutes", round(minutes));
    d.put("writesPerMinute", rate);
    d.put("workspaceStatusWritesPerMinute", round(rate.entrySet().stream()
        .filter(e -> e.getKey().endsWith(" workspaces/status")).mapToDouble(Map.Entry::getValue).sum()));
    if (op != null) {
      d.put("operatorCpuSecondsPerMinute", round((op.cpuSeconds() - cpuBefore) / minutes));
    }
    rate.forEach((k, v) -> progress.say("  %8.1f/min %s", v, k));
    return d;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> phaseResult(Map<String, Object> results, String phase) {
    return (Map<String, Object>) results.computeIfAbsent(phase, k -> new LinkedHashMap<String, Object>());
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> describe(Object r, String label) throws IOException {
    if (r instanceof Latencies l) {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("workspaces", l.samples().size());
      d.put("notReady", l.notReady());
      d.put("allReadySeconds", round(l.allReadyAt()));
      for (int p : new int[] {50, 90, 99, 100}) {
        d.put("p" + p + "Seconds", round(l.percentile(p)));
      }
      if ("login-rush".equals(options.scenario())) {
        d.put("byArrivalMinute", l.byArrivalMinute().stream().map(m -> Map.of("minute", m.minute(), "arrivals",
            m.arrivals(), "p50Seconds", round(m.p50()), "p90Seconds", round(m.p90()), "p99Seconds", round(m.p99()),
            "notReady", m.notReady())).toList());
      }
      StringBuilder csv = new StringBuilder("workspace,created_s,ready_s,latency_s\n");
      l.samples().forEach(s -> csv.append(String.format(Locale.ROOT, "%s,%.3f,%.3f,%.3f%n", s.key(),
          s.createdAt(), s.readyAt(), s.latency())));
      Files.writeString(dir.resolve("latencies-" + label + ".csv"), csv);
      return d;
    }
    return new LinkedHashMap<>((Map<String, Object>) r);
  }

  private void writeSamples(List<AppProcess.Sample> samples) throws IOException {
    // and the CPU since the operator got ready by thread group: cpu_jit_compiler_s, cpu_gc_s, ...
    List<String> groups = samples.stream().flatMap(s -> s.cpuByGroup().keySet().stream()).distinct().sorted().toList();
    StringBuilder csv = new StringBuilder("t_s,cpu_s,rss_mib,heap_used_mib,heap_committed_mib");
    groups.forEach(g -> csv.append(",cpu_").append(g.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_")
        .replaceAll("^_|_$", "")).append("_s"));
    csv.append('\n');
    samples.forEach(s -> {
      csv.append(String.format(Locale.ROOT, "%.1f,%.2f,%.1f,%.1f,%.1f", s.t(), s.cpuSeconds(), s.rssMib(),
          s.heapUsedMib(), s.heapCommittedMib()));
      groups.forEach(g -> csv.append(String.format(Locale.ROOT, ",%.2f", s.cpuByGroup().getOrDefault(g, 0.0))));
      csv.append('\n');
    });
    Files.writeString(dir.resolve("operator-samples.csv"), csv);
  }

  private void install(KubernetesCluster cluster, Path root) {
    progress.say("installing CRDs and workspace classes");
    cluster.kubectl().run("apply", "--server-side", "--field-manager=air9-installer", "-f",
        root.resolve("deploy/crds").toString()).orThrow();
    cluster.kubectl().run("wait", "--for", "condition=Established", "crd", "--all", "--timeout=60s").orThrow();
    cluster.kubectl().run("apply", "--server-side", "--field-manager=air9-installer", "-k",
        root.resolve("deploy/classes").toString()).orThrow();
  }

  private void printSummary() {
    System.out.println();
    System.out.println(io.fabric8.kubernetes.client.utils.Serialization.asYaml(report));
    noFalseFailures.forEach((phase, verdict) -> System.out.printf(Locale.ROOT, "NO FALSE FAILURES (%s, operator): %s%n",
        phase, verdict));
  }

  /** Options given on the command line, split at blanks; none for a blank value. */
  static List<String> jvmOptions(String value) {
    return value.isBlank() ? List.of() : Arrays.asList(value.trim().split("\\s+"));
  }

  /**
   * The module's runnable jar in its target folder: {@code <module>-*-exec.jar} where the plain jar is kept for
   * other modules (the operator), else the repackaged {@code <module>-*.jar} (the API).
   */
  static Path findJar(Path root, String module) {
    try (Stream<Path> files = Files.list(root.resolve(module + "/target"))) {
      return files.filter(p -> p.getFileName().toString().matches(module + "-[^-]+(-SNAPSHOT)?(-exec)?\\.jar"))
          .max(java.util.Comparator.comparing(p -> p.getFileName().toString().endsWith("-exec.jar")))
          .orElseThrow(() -> new IllegalStateException("no " + module + " jar: build it (./mvnw -B -pl " + module
              + " -am package -DskipTests)"));
    } catch (IOException e) {
      throw new IllegalStateException("no jar in " + module + "/target: build it first", e);
    }
  }

  private static long memTotalMib() {
    try {
      return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:"))
          .mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024).findFirst().orElse(-1);
    } catch (IOException e) {
      return -1;
    }
  }

  private static double round(double d) {
    return Double.isNaN(d) ? d : Math.round(d * 100) / 100.0;
  }
}
