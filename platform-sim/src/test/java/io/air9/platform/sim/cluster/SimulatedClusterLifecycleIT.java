package io.air9.platform.sim.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Start, stop, start again: the stop leaves no process and frees the API server's port. */
class SimulatedClusterLifecycleIT {

  private static final String NAME = "it-lifecycle";

  @Test
  void stopLeavesNoProcessAndASecondStartWorks() throws Exception {
    SimulatedClusterProvider provider = new SimulatedClusterProvider(ClusterProviders.repoRoot(), NAME);

    URI server;
    Path clusterDir;
    try (KubernetesCluster cluster = provider.start()) {
      clusterDir = cluster.kubeconfig().getParent();
      try (KubernetesClient client = cluster.newClient()) {
        server = URI.create(client.getConfiguration().getMasterUrl());
        assertThat(client.nodes().list().getItems()).isNotEmpty();
      }
      assertThat(processesOf(clusterDir))
          .as("control-plane processes of the running cluster")
          .hasSizeGreaterThanOrEqualTo(5);
      assertThat(portOpen(server)).isTrue();
    }

    assertThat(processesOf(clusterDir)).as("processes left after stop").isEmpty();
    assertThat(portOpen(server)).as("API server port still open after stop").isFalse();
    assertThat(clusterDir).doesNotExist();

    try (KubernetesCluster again = provider.start(); KubernetesClient client = again.newClient()) {
      assertThat(client.namespaces().withName("default").get()).isNotNull();
    }
    assertThat(processesOf(clusterDir)).isEmpty();
  }

  /** Live (not zombie) processes whose command line mentions the cluster's folder. */
  private static List<String> processesOf(Path clusterDir) throws IOException {
    List<String> found = new ArrayList<>();
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
        try {
          String cmdline = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8)
              .replace('\0', ' ');
          String stat = Files.readString(proc.resolve("stat"));
          String state = stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
          if (cmdline.contains(clusterDir.toString()) && !state.equals("Z")) {
            found.add(proc.getFileName() + " " + cmdline);
          }
        } catch (IOException | StringIndexOutOfBoundsException gone) {
          // the process ended while we looked
        }
      }
    }
    return found;
  }

  private static boolean portOpen(URI server) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(server.getHost(), server.getPort()), 500);
      return true;
    } catch (IOException refused) {
      return false;
    }
  }
}
