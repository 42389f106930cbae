package io.air9.platform.sim.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs an image's own command in its unpacked root file system, as a container runtime would but with
 * util-linux only (no container engine): new mount and PID namespaces, a fresh /proc, /dev/null, zero, random and
 * urandom bound in, chroot into the root, and the given UID with group 0 (what OpenShift's restricted-v2 does with
 * an arbitrary UID). The network is the host's: the app listens and connects on loopback. Needs root.
 */
public final class UnpackedContainer implements AutoCloseable {

  /** Run by the host's sh in the new namespaces: host tools by absolute path, then the image's command. */
  private static final String SETUP = """
      mount=$1; chroot=$2; root=$3; userspec=$4; shift 4
      for d in null zero random urandom; do
        : > "$root/dev/$d" && "$mount" --bind "/dev/$d" "$root/dev/$d" || exit 125
      done
      exec "$chroot" --userspec="$userspec" "$root" "$@"
      """;

  private final Process process;
  private final Path log;

  private UnpackedContainer(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** Whether this machine can run one: Linux, root, with unshare and chroot. */
  public static Optional<String> unsupportedReason() {
    if (!"root".equals(System.getProperty("user.name"))) {
      return Optional.of("running an unpacked image needs root (namespaces, chroot); user is "
          + System.getProperty("user.name"));
    }
    for (String tool : List.of("unshare", "chroot", "mount")) {
      if (tool(tool).isEmpty()) {
        return Optional.of(tool + " (util-linux/coreutils) is not installed");
      }
    }
    return Optional.empty();
  }

  /**
   * Starts {@code config.command()} in {@code root} with the image's environment plus {@code env}, as {@code uid}
   * in group 0. Output goes to {@code log}.
   */
  public static UnpackedContainer start(Path root, OciImage.Config config, Map<String, String> env, long uid,
      Path log) throws IOException {
    Files.createDirectories(root.resolve("proc"));
    Files.createDirectories(root.resolve("dev"));
    List<String> command = new ArrayList<>(List.of(tool("unshare").orElseThrow().toString(), "--mount", "--pid",
        "--fork", "--mount-proc=" + root.resolve("proc"), "/bin/sh", "-c", SETUP, "sh",
        tool("mount").orElseThrow().toString(), tool("chroot").orElseThrow().toString(), root.toString(),
        uid + ":0"));
    command.addAll(config.command());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().clear();
    builder.environment().putAll(config.envMap());
    builder.environment().putAll(env);
    return new UnpackedContainer(builder.start(), log);
  }

  /** The image's main process (PID 1 in its namespace; the set-up shell until it has exec'd the command). */
  public Optional<ProcessHandle> mainProcess() {
    return process.descendants().findFirst();
  }

  /** The real UID of the image's main process, from /proc. */
  public Optional<Long> mainProcessUid() throws IOException {
    Optional<ProcessHandle> main = mainProcess();
    if (main.isEmpty()) {
      return Optional.empty();
    }
    try (Stream<String> lines = Files.lines(Path.of("/proc", Long.toString(main.get().pid()), "status"))) {
      return lines.filter(l -> l.startsWith("Uid:")).findFirst()
          .map(l -> Long.parseLong(l.split("\\s+")[1]));
    }
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** What the container printed so far. */
  public String log() throws IOException {
    return Files.readString(log);
  }

  /** SIGTERM to the main process (a JVM shuts down cleanly), then SIGKILL after 20 s. */
  @Override
  public void close() throws InterruptedException {
    process.descendants().forEach(ProcessHandle::destroy);
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static Optional<Path> tool(String name) {
    return Stream.of("/usr/bin", "/usr/sbin", "/bin", "/sbin").map(dir -> Path.of(dir, name))
        .filter(Files::isExecutable).findFirst();
  }
}
