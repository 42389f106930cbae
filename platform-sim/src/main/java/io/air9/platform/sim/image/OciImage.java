package io.air9.platform.sim.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * A container image as an OCI image-layout tarball (what {@code jib:buildTar} writes with format OCI), read without
 * a container runtime: its config (user, entrypoint, ports, labels) and its layers, which {@link #unpack} applies
 * in order into a root file system (with OCI whiteouts), keeping the modes the image gives its files.
 */
public final class OciImage implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The run configuration of the image (the "config" object of the OCI image config). */
  public record Config(String user, List<String> entrypoint, List<String> cmd, List<String> env,
      Set<String> exposedPorts, Map<String, String> labels, String workingDir) {

    /** The command a runtime starts: entrypoint then cmd. */
    public List<String> command() {
      List<String> command = new ArrayList<>(entrypoint);
      command.addAll(cmd);
      return command;
    }

    /** The environment as a map (later entries win, as in a runtime). */
    public Map<String, String> envMap() {
      Map<String, String> map = new LinkedHashMap<>();
      env.forEach(e -> map.put(e.substring(0, e.indexOf('=')), e.substring(e.indexOf('=') + 1)));
      return map;
    }
  }

  private final Path layout;
  private final String reference;
  private final Config config;
  private final List<Path> layers = new ArrayList<>();

  private OciImage(Path layout) throws IOException {
    this.layout = layout;
    JsonNode index = JSON.readTree(layout.resolve("index.json").toFile());
    JsonNode descriptor = index.path("manifests").path(0);
    reference = descriptor.path("annotations").path("org.opencontainers.image.ref.name").asText(null);
    JsonNode manifest = JSON.readTree(blob(descriptor.path("digest").asText()).toFile());
    for (JsonNode layer : manifest.path("layers")) {
      layers.add(blob(layer.path("digest").asText()));
    }
    JsonNode c = JSON.readTree(blob(manifest.path("config").path("digest").asText()).toFile()).path("config");
    Set<String> ports = new TreeSet<>();
    c.path("ExposedPorts").fieldNames().forEachRemaining(ports::add);
    Map<String, String> labels = new LinkedHashMap<>();
    c.path("Labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
    config = new Config(c.path("User").asText(""), strings(c.path("Entrypoint")), strings(c.path("Cmd")),
        strings(c.path("Env")), ports, labels, c.path("WorkingDir").asText(""));
  }

  /** Extracts the tarball into a temporary directory and reads its index, manifest and config. */
  public static OciImage open(Path tarball) throws IOException {
    Path layout = Files.createTempDirectory("oci-layout");
    try (InputStream in = Files.newInputStream(tarball)) {
      extract(in, layout);
    }
    return new OciImage(layout);
  }

  /** The image name the tarball was built for (annotation org.opencontainers.image.ref.name). */
  public String reference() {
    return reference;
  }

  public Config config() {
    return config;
  }

  /** Sizes of the compressed layers, in bytes, in order. */
  public List<Long> layerSizes() {
    return layers.stream().map(p -> {
      try {
        return Files.size(p);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }).toList();
  }

  /** Applies the layers in order into {@code root}, as a container runtime prepares the root file system. */
  public void unpack(Path root) throws IOException {
    Files.createDirectories(root);
    Files.setPosixFilePermissions(root, permissions(0755)); // a runtime's root; a layer's "./" entry may change it
    for (Path layer : layers) {
      try (InputStream in = new GZIPInputStream(Files.newInputStream(layer), 1 << 16)) {
        extract(in, root);
      }
    }
  }

  private static void extract(InputStream in, Path root) throws IOException {
    TarArchiveInputStream tar = new TarArchiveInputStream(in);
    for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
      String name = entry.getName().replaceFirst("^(\\./|/)+", "");
      Path target = root.resolve(name.isEmpty() ? "." : name).normalize();
      if (!target.startsWith(root)) {
        throw new IOException("layer entry outside the root: " + entry.getName());
      }
      String file = target.getFileName().toString();
      if (file.equals(".wh..wh..opq")) { // opaque directory: earlier layers' contents are hidden
        deleteContents(target.getParent());
        continue;
      }
      if (file.startsWith(".wh.")) { // whiteout: the file of earlier layers is removed
        delete(target.resolveSibling(file.substring(4)));
        continue;
      }
      if (target.equals(root)) {
        // "./": only its mode applies
      } else if (entry.isDirectory()) {
        Files.createDirectories(target);
      } else {
        Files.createDirectories(target.getParent());
        Files.deleteIfExists(target);
        if (entry.isSymbolicLink()) {
          Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
          continue;
        } else if (entry.isLink()) {
          Files.createLink(target, root.resolve(entry.getLinkName().replaceFirst("^(\\./|/)+", "")));
        } else {
          Files.copy(tar, target);
        }
      }
      Files.setPosixFilePermissions(target, permissions(entry.getMode()));
    }
  }

  private static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] bits = {PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
        PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
        PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
        PosixFilePermission.OWNER_READ};
    for (int i = 0; i < bits.length; i++) {
      if ((mode & (1 << i)) != 0) {
        set.add(bits[i]);
      }
    }
    return set;
  }

  private Path blob(String digest) {
    return layout.resolve("blobs").resolve(digest.replace(':', '/'));
  }

  private static List<String> strings(JsonNode array) {
    List<String> list = new ArrayList<>();
    array.forEach(n -> list.add(n.asText()));
    return list;
  }

  private static void deleteContents(Path dir) throws IOException {
    if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      try (Stream<Path> children = Files.list(dir)) {
        for (Path child : children.toList()) {
          delete(child);
        }
      }
    }
  }

  /** Deletes a file or a directory tree (symbolic links are removed, not followed). */
  static void delete(Path path) throws IOException {
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** Deletes the extracted layout. */
  @Override
  public void close() throws IOException {
    delete(layout);
  }
}
