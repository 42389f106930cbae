package io.air9.platform.sim.fault;

import io.air9.platform.sim.cluster.ClusterProviders;
import io.air9.platform.sim.cluster.KubernetesCluster;
import io.air9.platform.sim.process.JavaProcess;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The fault-injection suite: starts its own simulated cluster (loopback only) and two operator processes from the
 * runnable jar, runs the cases, prints progress and a summary, writes the results as JSON, stops everything, and
 * exits non-zero when a case failed. Every wait is bounded, so it always ends.
 *
 * <pre>./mvnw -B -pl platform-sim,platform-operator -am package -DskipTests
 * java -cp platform-sim/target/platform-sim-0.1.0-SNAPSHOT-exec.jar \
 *     -Dloader.main=io.air9.platform.sim.fault.FaultSuite org.springframework.boot.loader.launch.PropertiesLauncher \
 *     [--cases drift,node-loss,...] [--workspaces 500] [--kills 10] [--per-case 10] \
 *     [--out target/faults]</pre>
 */
public final class FaultSuite {

  public static final List<String> CASES =
      List.of("drift", "node-loss", "team-deletion", "leader-failover", "apiserver-restart", "etcd-restart",
          "operator-sigkill");

  /** Sizes of a run: the burst size and kills of operator-sigkill, and the workspaces of the other cases. */
  public record Sizes(int burst, int kills, int perCase) {
    public static Sizes full() {
      return new Sizes(500, 10, 10);
    }
  }

  private FaultSuite() {}

  /** Runs the named cases in {@code env} (whose operators are prepared) and returns their results. */
  public static List<CaseResult> run(FaultEnvironment env, List<String> cases, Sizes sizes, Consumer<String> progress) {
    FaultCases faults = new FaultCases(env, progress);
    List<CaseResult> results = new ArrayList<>();
    for (String c : cases) {
      results.add(switch (c) {
        case "drift" -> faults.drift(sizes.perCase());
        case "node-loss" -> faults.nodeLoss(sizes.perCase());
        case "team-deletion" -> faults.teamDeletion(sizes.perCase());
        case "leader-failover" -> faults.leaderFailover();
        case "apiserver-restart" -> faults.controlPlaneRestart("kube-apiserver", sizes.perCase());
        case "etcd-restart" -> faults.controlPlaneRestart("etcd", sizes.perCase());
        case "operator-sigkill" -> faults.operatorKills(sizes.burst(), sizes.kills());
        default -> throw new IllegalArgumentException("unknown case " + c + "; cases: " + CASES);
      });
    }
    return results;
  }

  public static void main(String[] args) throws IOException {
    Map<String, String> options = options(args);
    List<String> cases = Arrays.asList(options.getOrDefault("cases", String.join(",", CASES)).split(","));
    Sizes sizes = new Sizes(Integer.parseInt(options.getOrDefault("workspaces", "500")),
        Integer.parseInt(options.getOrDefault("kills", "10")),
        Integer.parseInt(options.getOrDefault("per-case", "10")));
    Path out = Path.of(options.getOrDefault("out", "target/faults"));
    Path repo = ClusterProviders.repoRoot();
    Path jar = JavaProcess.execJar(repo.resolve("platform-operator/target"));
    String simName = options.getOrDefault("cluster-name", "air9-faults");
    Consumer<String> progress = line -> System.out.println(Instant.now() + " " + line);
    progress.accept("fault suite: cases " + cases + ", " + sizes + ", cluster " + simName + ", operator " + jar);
    List<CaseResult> results;
    Instant start = Instant.now();
    try (KubernetesCluster cluster = ClusterProviders.byId("sim", simName).start();
        KubernetesClient client = cluster.newClient();
        FaultEnvironment env = new FaultEnvironment(cluster, client, jar)) {
      env.prepare(repo, 2);
      progress.accept("two operators up, " + env.leaseHolder().orElse("?") + " leads");
      results = run(env, cases, sizes, progress);
    }
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("finishedAt", Instant.now().toString());
    report.put("wallSeconds", java.time.Duration.between(start, Instant.now()).toSeconds());
    report.put("sizes", Map.of("burst", sizes.burst(), "kills", sizes.kills(), "perCase", sizes.perCase()));
    report.put("cases", results.stream().map(CaseResult::asMap).toList());
    Files.createDirectories(out);
    Path json = out.resolve("faults.json");
    Files.writeString(json, Serialization.asJson(report));
    System.out.println();
    results.forEach(r -> System.out.println(r.summary()));
    System.out.println("results: " + json.toAbsolutePath());
    System.exit(results.stream().allMatch(CaseResult::passed) ? 0 : 1);
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("usage: [--cases a,b] [--workspaces N] [--kills K] [--per-case N] "
            + "[--out DIR] [--cluster-name NAME]; got " + args[i]);
      }
      options.put(args[i].substring(2), args[++i]);
    }
    return options;
  }
}
