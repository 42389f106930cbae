package io.air9.platform.sim.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated cluster: a real control plane built from Go modules plus KWOK, run by
 * {@code deploy/sim/air9-sim}. The first start on a machine builds the binaries (minutes); later
 * starts take seconds.
 */
public final class SimulatedClusterProvider implements ClusterProvider {

  private static final Logger log = LoggerFactory.getLogger(SimulatedClusterProvider.class);

  private final Path script;
  private final String name;
  private final Map<String, String> env;

  public SimulatedClusterProvider(Path repoRoot, String name) {
    this(repoRoot, name, Map.of());
  }

  /** With environment variables for air9-sim, e.g. AIR9_SIM_NODES (see the script's help). */
  public SimulatedClusterProvider(Path repoRoot, String name, Map<String, String> env) {
    this.script = repoRoot.resolve("deploy/sim/air9-sim");
    this.name = name;
    this.env = Map.copyOf(env);
  }

  @Override
  public String id() {
    return "sim";
  }

  @Override
  public Optional<String> unavailableReason() {
    if (!Files.isExecutable(script)) {
      return Optional.of("the simulated cluster script is missing: " + script);
    }
    return Optional.empty();
  }

  /**
   * Starts the cluster; a start that fails (a component that could not bind a port another cluster took meanwhile,
   * nodes not ready in time) is torn down and tried once more, and torn down again if it fails again, so that a
   * failed start leaves no process behind.
   */
  private List<String> upOrCleanUp() {
    for (int attempt = 1; ; attempt++) {
      try {
        return run("up");
      } catch (RuntimeException failed) {
        try {
          run("down");
        } catch (RuntimeException notDown) {
          failed.addSuppressed(notDown);
        }
        if (attempt == 2) {
          throw failed;
        }
        log.info("starting cluster '{}' failed ({}); it was stopped, starting it again", name, failed.getMessage());
      }
    }
  }

  @Override
  public KubernetesCluster start() {
    unavailableReason().ifPresent(reason -> {
      throw new IllegalStateException(reason);
    });
    List<String> out = upOrCleanUp();
    Path kubeconfig = Path.of(out.get(out.size() - 1).strip());
    Path bin = Path.of(run("bin").get(0).strip());
    AtomicBoolean stopped = new AtomicBoolean();
    Runnable stop = () -> {
      if (stopped.compareAndSet(false, true)) {
        run("down");
      }
    };
    // Stop the cluster even when the JVM ends without closing it (Ctrl-C, a failed test run).
    Thread hook = new Thread(stop, "air9-sim-stop-" + name);
    Runtime.getRuntime().addShutdownHook(hook);
    return new StartedCluster(id(), kubeconfig, null, bin.resolve("kubectl"), () -> {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException alreadyShuttingDown) {
        // the hook runs or ran already
      }
      stop.run();
    });
  }

  /** Runs the script; its progress (stderr) goes to the log as it comes, its stdout is returned. */
  private List<String> run(String command) {
    try {
      ProcessBuilder builder = new ProcessBuilder(script.toString(), command, "--name", name)
          .redirectError(ProcessBuilder.Redirect.PIPE);
      builder.environment().putAll(env);
      Process process = builder.start();
      Thread progress = new Thread(() -> {
        try (var reader = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
          reader.lines().forEach(line -> log.info("{}", line.replaceAll("\u001B\\[[;\\d]*m", "")));
        } catch (IOException e) {
          log.debug("progress stream closed", e);
        }
      }, "air9-sim-progress");
      progress.setDaemon(true);
      progress.start();
      List<String> lines = new ArrayList<>();
      try (var reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        reader.lines().forEach(lines::add);
      }
      int exit = process.waitFor();
      progress.join();
      if (exit != 0) {
        throw new IllegalStateException("air9-sim " + command + " failed with exit code " + exit + " (see the log above)");
      }
      return lines;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running air9-sim " + command, e);
    }
  }
}
