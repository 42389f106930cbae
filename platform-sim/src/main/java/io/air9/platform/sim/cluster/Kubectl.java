package io.air9.platform.sim.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs the real kubectl binary against one cluster, as a user at a terminal would. */
public final class Kubectl {

  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  private final Path binary;
  private final Path kubeconfig;
  private final String context;

  public Kubectl(Path binary, Path kubeconfig) {
    this(binary, kubeconfig, null);
  }

  /** A kubectl that uses the given context of the kubeconfig (null: its current context). */
  public Kubectl(Path binary, Path kubeconfig, String context) {
    this.binary = binary;
    this.kubeconfig = kubeconfig;
    this.context = context;
  }

  /** The result of one kubectl call. */
  public record Result(int exitCode, String stdout, String stderr) {
    public boolean ok() {
      return exitCode == 0;
    }

    /** Fails with kubectl's own message when it exited non-zero. */
    public Result orThrow() {
      if (!ok()) {
        throw new IllegalStateException("kubectl exited " + exitCode + ": " + stderr.strip());
      }
      return this;
    }
  }

  public Result run(String... args) {
    return runWithInput(null, args);
  }

  /** Runs kubectl with the given text on standard input (for {@code apply -f -}). */
  public Result runWithInput(String stdin, String... args) {
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.add("--kubeconfig=" + kubeconfig);
    if (context != null) {
      command.add("--context=" + context);
    }
    command.addAll(List.of(args));
    return Processes.run(command, Map.of(), stdin, TIMEOUT);
  }
}
