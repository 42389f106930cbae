package io.air9.platform.sim.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.air9.platform.model.OperatorThreads;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThreadCpuTest {

  private static final long PID = 4242;

  @TempDir
  Path proc;

  /** A /proc stat line of a task with the given CPU ticks (user, system): fields 14 and 15. */
  private static String stat(long id, String name, long user, long system) {
    return id + " (" + name + ") S" + " 0".repeat(10) + " " + user + " " + system + " 0 0 20 0\n";
  }

  private void process(long user, long system) throws IOException {
    Files.createDirectories(proc.resolve(PID + "/task"));
    Files.writeString(proc.resolve(PID + "/stat"), stat(PID, "java", user, system));
  }

  private void thread(long tid, String name, long user, long system) throws IOException {
    Path task = Files.createDirectories(proc.resolve(PID + "/task/" + tid));
    Files.writeString(task.resolve("comm"), name + "\n");
    Files.writeString(task.resolve("stat"), stat(tid, name, user, system));
  }

  private void ended(long tid) throws IOException {
    Path task = proc.resolve(PID + "/task/" + tid);
    Files.delete(task.resolve("comm"));
    Files.delete(task.resolve("stat"));
    Files.delete(task);
  }

  @Test
  void threadNamesOfALiveOperatorFallIntoTheirGroups() {
    // as /proc/PID/task/*/comm showed them on a running operator (the first 15 characters of each name)
    Map<String, String> groups = Map.ofEntries(Map.entry("C2 CompilerThre", "JIT compiler"),
        Map.entry("C1 CompilerThre", "JIT compiler"), Map.entry("GC Thread#1", "GC"), Map.entry("G1 Refine#0", "GC"),
        Map.entry("G1 Main Marker", "GC"), Map.entry("VM Thread", "GC"), Map.entry("VM Periodic Tas", "other"),
        Map.entry("air9-reconcile-", "reconcile"), Map.entry("air9-reconcile-3", "reconcile"),
        Map.entry("ReconcilerExecu", "reconcile"),
        Map.entry("air9-workflow-1", "dependents (workflow)"), Map.entry("air9-admission", "admission queue"),
        Map.entry("HttpClient-1-Se", "HTTP client"), Map.entry("JdkHttpClientFa", "HTTP client"),
        Map.entry("-2141849216-poo", "informers/watch"), Map.entry("2141849216-pool", "informers/watch"),
        Map.entry("CachedSingleThr", "informers/watch"), Map.entry("http-nio-127.0.", "HTTP server (actuator)"),
        Map.entry("Catalina-utilit", "HTTP server (actuator)"), Map.entry("pool-6-thread-1", "other"),
        Map.entry("ForkJoinPool.co", "other"), Map.entry("java", "other"), Map.entry(ThreadCpu.ENDED, ThreadCpu.ENDED));
    groups.forEach((name, group) -> assertThat(ThreadCpu.group(name)).as(name).isEqualTo(group));
    // the operator's pools, by the names it gives them: whole within the 15 characters Linux keeps
    Map.of(OperatorThreads.RECONCILE, "reconcile", OperatorThreads.WORKFLOW, "dependents (workflow)",
        OperatorThreads.ADMISSION, "admission queue").forEach((pool, group) -> {
          assertThat(pool.prefix()).hasSizeLessThan(15);
          assertThat(ThreadCpu.group(pool.prefix() + "-1")).as(pool.prefix()).isEqualTo(group);
        });
    assertThat(ThreadCpu.pattern("pool-5-thread-12")).isEqualTo("pool-N-thread-N");
    assertThat(ThreadCpu.pattern("G1 Refine#0")).isEqualTo("G1 Refine#N");
    assertThat(ThreadCpu.pattern("C2 CompilerThre")).isEqualTo("C2 CompilerThre");
  }

  @Test
  void eachThreadsCpuBetweenTwoSnapshotsIsCountedByNameAndTheEndedThreadsAsTheRemainder() throws IOException {
    process(900, 100); // 10.00 s
    thread(PID, "java", 300, 0);
    thread(11, "C2 CompilerThre", 200, 50);
    thread(12, "air9-reconcile-1", 100, 0); // will be renamed by JOSDK while it reconciles
    thread(13, "air9-reconcile-2", 100, 0); // will end
    thread(14, "pool-6-thread-1", 40, 0); // will end, and its id be reused
    ThreadCpu.Snapshot first = ThreadCpu.read(proc, PID);
    assertThat(first.processCpuSeconds()).isEqualTo(10.0);
    assertThat(first.threads()).hasSize(5);

    process(2000, 200); // 22.00 s: 12 s more
    thread(PID, "java", 300, 0);
    thread(11, "C2 CompilerThre", 600, 150); // +5 s
    thread(12, "ReconcilerExecu", 300, 0); // the same thread renamed: +2 s, not all of its 3 s
    ended(13);
    thread(14, "air9-workflow-1", 30, 0); // less CPU than the thread that had the id: a new one, all of its 0.3 s
    thread(15, "HttpClient-1-Se", 50, 0); // started: all of its 0.5 s
    Map<String, Double> byName = new HashMap<>();
    ThreadCpu.add(byName, first, ThreadCpu.read(proc, PID));

    assertThat(byName).containsOnlyKeys("C2 CompilerThre", "ReconcilerExecu", "air9-workflow-N",
        "HttpClient-N-Se", ThreadCpu.ENDED);
    assertThat(byName.get("C2 CompilerThre")).isCloseTo(5.0, within(1e-9));
    assertThat(byName.get("ReconcilerExecu")).isCloseTo(2.0, within(1e-9));
    assertThat(byName.get("air9-workflow-N")).isCloseTo(0.3, within(1e-9));
    assertThat(byName.get("HttpClient-N-Se")).isCloseTo(0.5, within(1e-9));
    // what the threads that ended used in the window: the process's 12 s less the live threads' 7.8 s
    assertThat(byName.get(ThreadCpu.ENDED)).isCloseTo(12.0 - 7.8, within(1e-9));

    Map<String, Object> d = ThreadCpu.describe(byName, 2);
    assertThat(d.get("cpuSeconds")).isEqualTo(12.0);
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Double>> groups = (Map<String, Map<String, Double>>) d.get("byGroup");
    assertThat(groups.keySet()).containsExactly("JIT compiler", ThreadCpu.ENDED, "reconcile", "HTTP client",
        "dependents (workflow)");
    assertThat(groups.get("JIT compiler")).containsEntry("cpuSeconds", 5.0).containsEntry("share", 0.417);
    assertThat(groups.values().stream().mapToDouble(g -> g.get("cpuSeconds")).sum()).isCloseTo(12.0, within(1e-9));
    assertThat(d.get("topThreadNames").toString()).isEqualTo("{C2 CompilerThre=5.0, ended threads=4.2}");
    assertThat(ThreadCpu.summary(byName)).startsWith("JIT compiler 42% (5.0 s), ended threads 35% (4.2 s)");
  }

  @Test
  void aPhaseIsTheDifferenceOfTwoAccumulatedTotals() {
    Map<String, Double> before = Map.of("C2 CompilerThre", 4.0, "air9-reconcile-N", 1.0);
    Map<String, Double> after = Map.of("C2 CompilerThre", 4.0, "air9-reconcile-N", 3.5, "GC Thread#N", 0.25);
    assertThat(ThreadCpu.between(before, after)).containsOnly(Map.entry("air9-reconcile-N", 2.5),
        Map.entry("GC Thread#N", 0.25));
  }

  @Test
  void aProcessThatIsGoneReadsAsNoSnapshot() {
    assertThat(ThreadCpu.read(proc, PID)).isNull();
  }
}
