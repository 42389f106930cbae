package io.air9.platform.sim.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MachineCpuTest {

  private static final long BENCH = 100;
  private static final long OPERATOR = 200;

  @TempDir
  Path proc;

  /** A /proc/PID/stat line with the given CPU ticks (user, system): fields 14 and 15, after the name. */
  private void process(long pid, String comm, long user, long system) throws IOException {
    Files.createDirectories(proc.resolve(Long.toString(pid)));
    Files.writeString(proc.resolve(pid + "/stat"),
        pid + " (" + comm + ") S" + " 0".repeat(10) + " " + user + " " + system + " 0 0 20 0\n");
  }

  private void ended(long pid) throws IOException {
    Files.delete(proc.resolve(pid + "/stat"));
    Files.delete(proc.resolve(Long.toString(pid)));
  }

  @Test
  void namesTheOperatorAndTheBenchmarkByPidAndEveryOtherProcessByItsName() throws IOException {
    process(BENCH, "java", 100, 0);
    process(OPERATOR, "java", 50, 50);
    process(300, "java", 10, 0);
    process(400, "kube-apiserver", 700, 300);
    process(500, "tmux: server (1)", 1, 0); // a name with a space and parentheses
    process(600, "kworker/u8:2-events_unbound", 3, 0);
    process(601, "kworker/0:1-mm_percpu_wq", 2, 0);
    Files.createDirectories(proc.resolve("self"));
    Files.writeString(proc.resolve("uptime"), "1 1\n");

    Map<Long, MachineCpu.ProcessTime> s = MachineCpu.snapshot(proc, BENCH, OPERATOR);

    assertThat(s).containsOnlyKeys(BENCH, OPERATOR, 300L, 400L, 500L, 600L, 601L);
    assertThat(s.get(BENCH)).isEqualTo(new MachineCpu.ProcessTime(MachineCpu.BENCHMARK, 1.0));
    assertThat(s.get(OPERATOR)).isEqualTo(new MachineCpu.ProcessTime(MachineCpu.OPERATOR, 1.0));
    assertThat(s.get(300L).name()).isEqualTo(MachineCpu.OTHER_JAVA);
    assertThat(s.get(400L)).isEqualTo(new MachineCpu.ProcessTime("kube-apiserver", 10.0));
    assertThat(s.get(500L).name()).isEqualTo("tmux: server (1)");
    // the kernel's workers, whose names change with the queue they serve, under one name
    assertThat(s.get(600L).name()).isEqualTo(MachineCpu.KERNEL_WORKERS);
    assertThat(s.get(601L).name()).isEqualTo(MachineCpu.KERNEL_WORKERS);
  }

  @Test
  void countsWhatEachProcessUsedBetweenTwoSnapshots() throws IOException {
    process(BENCH, "java", 100, 0);
    process(400, "kube-apiserver", 700, 300);
    process(401, "etcd", 200, 0);
    process(402, "kubectl", 30, 0);
    process(403, "kwok", 10, 0);
    Map<Long, MachineCpu.ProcessTime> before = MachineCpu.snapshot(proc, BENCH, -1);
    process(BENCH, "java", 150, 10); // +0.6 s
    process(400, "kube-apiserver", 900, 400); // +3 s
    process(401, "etcd", 250, 0); // +0.5 s
    ended(402); // its last seconds are not seen
    process(403, "sh", 5, 0); // the pid reused by another process: counts from 0
    process(404, "kube-apiserver", 20, 0); // new: counts from 0, under its name with the other one
    process(405, "sleep", 0, 0); // used nothing: not listed

    Map<String, Double> used = MachineCpu.between(before, MachineCpu.snapshot(proc, BENCH, -1));

    assertThat(used).containsOnlyKeys(MachineCpu.BENCHMARK, "kube-apiserver", "etcd", "sh");
    assertThat(used.get(MachineCpu.BENCHMARK)).isCloseTo(0.6, within(1e-9));
    assertThat(used.get("kube-apiserver")).isCloseTo(3.2, within(1e-9));
    assertThat(used.get("etcd")).isCloseTo(0.5, within(1e-9));
    assertThat(used.get("sh")).isCloseTo(0.05, within(1e-9));
  }

  @Test
  void perWorkspaceInMillisecondsLargestFirstTheSmallestAsOthers() {
    Map<String, Object> d = MachineCpu.perWorkspace(Map.of("kube-apiserver", 60.0, MachineCpu.OPERATOR, 30.0,
        "etcd", 9.0, "sh", 0.4, "sleep", 0.1), 100);

    assertThat(d.get("totalMsPerWorkspace")).isEqualTo(995.0);
    assertThat(d.get("cpuSeconds")).isEqualTo(99.5);
    @SuppressWarnings("unchecked")
    Map<String, Double> byProcess = (Map<String, Double>) d.get("msPerWorkspaceByProcess");
    assertThat(byProcess).containsExactly(entry("kube-apiserver", 600.0), entry(MachineCpu.OPERATOR, 300.0),
        entry("etcd", 90.0), entry("others", 5.0));
  }
}
