package io.air9.platform.sim.junit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class that runs against a Kubernetes cluster, started once per test run and shared by all such
 * classes. Test methods and constructors may take a {@link io.air9.platform.sim.cluster.KubernetesCluster}
 * or a Fabric8 {@link io.fabric8.kubernetes.client.KubernetesClient} parameter.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Tag("cluster")
@ExtendWith(KubernetesClusterExtension.class)
public @interface KubernetesClusterTest {

  /**
   * The provider (sim, k3s or kubeconfig); empty means the one chosen by {@code air9.cluster} /
   * {@code AIR9_CLUSTER}, the simulated cluster by default. A test that names k3s is skipped, with the
   * reason, where no Docker engine runs; the simulated cluster is never skipped.
   */
  String provider() default "";
}
