package io.air9.platform.operator.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import org.junit.jupiter.api.Test;

class WorkspaceObserverTest {

  private static StatefulSet sts(long generation, Long observed, Integer replicas) {
    StatefulSetBuilder b = new StatefulSetBuilder().withNewMetadata().withName("alice").withGeneration(generation)
        .endMetadata();
    if (observed != null) {
      b.withNewStatus().withObservedGeneration(observed).withReplicas(replicas).endStatus();
    }
    return b.build();
  }

  @Test
  void warningsAreLookedUpOnlyOnceTheControllerTriedAndCountsNoPod() {
    assertThat(WorkspaceObserver.podNotCreated(sts(1, null, null))).as("not seen by the controller yet").isFalse();
    assertThat(WorkspaceObserver.podNotCreated(sts(2, 1L, 0))).as("the controller is behind").isFalse();
    assertThat(WorkspaceObserver.podNotCreated(sts(2, 2L, 1))).as("pod created, cache behind").isFalse();
    assertThat(WorkspaceObserver.podNotCreated(sts(2, 2L, 0))).as("tried, no pod: quota or admission").isTrue();
    StatefulSet held = sts(2, 2L, 0);
    held.setSpec(new io.fabric8.kubernetes.api.model.apps.StatefulSetSpec());
    held.getSpec().setReplicas(0);
    assertThat(WorkspaceObserver.podNotCreated(held)).as("held at 0 (queued, start failed): no pod is asked for")
        .isFalse();
  }
}
