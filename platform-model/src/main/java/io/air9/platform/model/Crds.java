package io.air9.platform.model;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The generated CRDs of the platform (from this module's class path), and how to install them. */
public final class Crds {

  public static final List<String> FILES =
      List.of("workspaces.air9.io-v1.yml", "workspaceclasses.air9.io-v1.yml", "teams.air9.io-v1.yml");

  private Crds() {}

  public static List<CustomResourceDefinition> load() {
    return FILES.stream().map(Crds::load).toList();
  }

  private static CustomResourceDefinition load(String file) {
    try (InputStream in = Crds.class.getResourceAsStream("/META-INF/fabric8/" + file)) {
      if (in == null) {
        throw new IllegalStateException("generated CRD missing from the class path: " + file);
      }
      return io.fabric8.kubernetes.client.utils.Serialization.unmarshal(in, CustomResourceDefinition.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Server-side applies the CRDs and waits until the API server serves them. */
  public static void install(KubernetesClient client) {
    for (CustomResourceDefinition crd : load()) {
      client.apiextensions().v1().customResourceDefinitions().resource(crd)
          .fieldManager("air9-installer").forceConflicts().serverSideApply();
    }
    for (CustomResourceDefinition crd : load()) {
      client.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName())
          .waitUntilCondition(c -> c != null && c.getStatus() != null && c.getStatus().getConditions() != null
              && c.getStatus().getConditions().stream()
              .anyMatch(cond -> "Established".equals(cond.getType()) && "True".equals(cond.getStatus())),
              30, TimeUnit.SECONDS);
    }
  }
}
