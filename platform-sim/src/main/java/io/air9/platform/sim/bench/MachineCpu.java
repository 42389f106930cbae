package io.air9.platform.sim.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The whole machine's CPU by process, from {@code /proc/PID/stat}: the operator's CPU per start alone does not say
 * what a start costs the 2 cores, because the simulated cluster (API server, etcd, controllers, scheduler, KWOK) runs
 * on them too. A snapshot holds every process's CPU seconds so far; {@link #between} is what each process used between
 * two snapshots, by name: the operator and the benchmark (the JVM that is also the bare client) by their pids, every
 * other process by its name as the kernel keeps it ({@code comm}: "kube-apiserver", "etcd", "kube-controller"). A
 * process that started between the snapshots counts from 0; one that ended is not seen (its last seconds are lost),
 * so the figures are lower bounds: the cluster's processes live for the whole run.
 */
final class MachineCpu {

  static final String OPERATOR = "operator";
  static final String BENCHMARK = "benchmark (bare client)";
  static final String OTHER_JAVA = "java (not the benchmark's)";
  static final String KERNEL_WORKERS = "kworker (the kernel's workers)";
  /** This JVM's pid: the benchmark's, which on the baseline side is the bare client. */
  static final long BENCHMARK_PID = ProcessHandle.current().pid();

  /** One process: its name and its CPU seconds (user + system) so far. */
  record ProcessTime(String name, double cpuSeconds) {}

  private MachineCpu() {}

  /**
   * Every process under {@code proc}, by pid; the operator's and the benchmark's named as such, other Java processes
   * (a build, another tool) as {@value #OTHER_JAVA}, so that a run shows what else took the cores.
   */
  static Map<Long, ProcessTime> snapshot(Path proc, long benchmarkPid, long operatorPid) {
    Map<Long, ProcessTime> all = new HashMap<>();
    try (Stream<Path> entries = Files.list(proc)) {
      for (Path p : (Iterable<Path>) entries::iterator) {
        String file = p.getFileName().toString();
        if (!file.chars().allMatch(Character::isDigit)) {
          continue;
        }
        long pid = Long.parseLong(file);
        try {
          String stat = Files.readString(p.resolve("stat"));
          all.put(pid, new ProcessTime(name(pid, stat, benchmarkPid, operatorPid), ThreadCpu.cpuSeconds(stat)));
        } catch (IOException | RuntimeException e) {
          // ended while being read
        }
      }
    } catch (IOException e) {
      return Map.of();
    }
    return all;
  }

  private static String name(long pid, String stat, long benchmarkPid, long operatorPid) {
    if (pid == benchmarkPid) {
      return BENCHMARK;
    }
    if (pid == operatorPid) {
      return OPERATOR;
    }
    String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    // the kernel's workers rename themselves after the queue they serve ("kworker/u8:2-events_unbound")
    return "java".equals(comm) ? OTHER_JAVA : comm.startsWith("kworker/") ? KERNEL_WORKERS : comm;
  }

  /** What each process name used between two snapshots (a pid new in {@code after}, or reused, counts from 0). */
  static Map<String, Double> between(Map<Long, ProcessTime> before, Map<Long, ProcessTime> after) {
    Map<String, Double> byName = new HashMap<>();
    after.forEach((pid, now) -> {
      ProcessTime then = before.get(pid);
      double used = then != null && then.name().equals(now.name()) && then.cpuSeconds() <= now.cpuSeconds()
          ? now.cpuSeconds() - then.cpuSeconds() : now.cpuSeconds();
      if (used > 0) {
        byName.merge(now.name(), used, Double::sum);
      }
    });
    return byName;
  }

  /**
   * A phase's account for result.json: milliseconds of CPU per workspace by process name, largest first, the names
   * below 0.5% of the whole as "others", and the whole as {@code totalMsPerWorkspace}.
   */
  static Map<String, Object> perWorkspace(Map<String, Double> byName, int workspaces) {
    double total = byName.values().stream().mapToDouble(Double::doubleValue).sum();
    Map<String, Object> byProcess = new LinkedHashMap<>();
    double others = 0;
    for (Map.Entry<String, Double> e : byName.entrySet().stream()
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed()).toList()) {
      if (e.getValue() >= 0.005 * total) {
        byProcess.put(e.getKey(), round(e.getValue() * 1000 / workspaces));
      } else {
        others += e.getValue();
      }
    }
    if (others > 0) {
      byProcess.put("others", round(others * 1000 / workspaces));
    }
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("totalMsPerWorkspace", round(total * 1000 / workspaces));
    d.put("cpuSeconds", round(total));
    d.put("msPerWorkspaceByProcess", byProcess);
    return d;
  }

  private static double round(double d) {
    return Math.round(d * 100) / 100.0;
  }
}
