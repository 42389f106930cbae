package io.air9.platform.sim.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/** k3s in a container through Testcontainers: only where a Docker engine runs. */
public final class K3sClusterProvider implements ClusterProvider {

  public static final String DEFAULT_IMAGE = "rancher/k3s:v1.34.1-k3s1";

  private final String image;

  public K3sClusterProvider(String image) {
    this.image = image;
  }

  @Override
  public String id() {
    return "k3s";
  }

  @Override
  public Optional<String> unavailableReason() {
    try {
      Class.forName("org.testcontainers.DockerClientFactory");
    } catch (ClassNotFoundException e) {
      return Optional.of("Testcontainers (testcontainers-k3s) is not on the class path");
    }
    try {
      if (DockerClientFactory.instance().isDockerAvailable()) {
        return Optional.empty();
      }
    } catch (RuntimeException e) {
      return Optional.of("no Docker engine is reachable (" + e.getMessage() + "); k3s needs one");
    }
    return Optional.of("no Docker engine is reachable; k3s through Testcontainers needs one");
  }

  @Override
  public KubernetesCluster start() {
    unavailableReason().ifPresent(reason -> {
      throw new IllegalStateException(reason);
    });
    K3sContainer container = new K3sContainer(DockerImageName.parse(image));
    container.start();
    try {
      Path kubeconfig = Files.createTempFile("air9-k3s-", ".yaml");
      Files.writeString(kubeconfig, container.getKubeConfigYaml());
      return new StartedCluster(id(), kubeconfig, null, null, () -> {
        container.stop();
        try {
          Files.deleteIfExists(kubeconfig);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException e) {
      container.stop();
      throw new UncheckedIOException(e);
    }
  }
}
