package io.air9.platform.sim.fault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Crashes and restarts one component of the simulated cluster (kwokctl's binary runtime): the process named in the
 * cluster's {@code pids/COMPONENT.pid} is killed (SIGKILL) and started again with the same command line and working
 * directory, its output appended to {@code logs/COMPONENT.log}, its new pid written back (so {@code air9-sim down}
 * stops it). kwokctl 0.7 restarts only whole clusters; this restarts one component, as a crash-looping pod would.
 */
public final class ControlPlane {

  private final Path clusterDir;

  /** @param kubeconfig the cluster's kubeconfig ({@code .../kwok/clusters/NAME/kubeconfig.yaml}) */
  public ControlPlane(Path kubeconfig) {
    this.clusterDir = kubeconfig.toAbsolutePath().getParent();
  }

  public boolean available() {
    return Files.isRegularFile(clusterDir.resolve("pids/kube-apiserver.pid"));
  }

  /** Kills {@code component} (kube-apiserver, etcd, ...) and starts it again; returns once it was started. */
  public void crashAndRestart(String component) {
    try {
      Path pidFile = clusterDir.resolve("pids/" + component + ".pid");
      long pid = Long.parseLong(Files.readString(pidFile).trim());
      ProcessHandle process = ProcessHandle.of(pid)
          .orElseThrow(() -> new IllegalStateException(component + " (pid " + pid + ") is not running"));
      List<String> command = Arrays.asList(new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline")),
          StandardCharsets.UTF_8).split("\0"));
      Path cwd = Files.readSymbolicLink(Path.of("/proc/" + pid + "/cwd"));
      process.destroyForcibly();
      process.onExit().get(30, TimeUnit.SECONDS);
      Process restarted = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(clusterDir.resolve("logs/" + component + ".log").toFile()))
          .start();
      Files.writeString(pidFile, Long.toString(restarted.pid()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(component + " did not stop", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
