package io.air9.platform.operator.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.time.Instant;
import java.util.List;
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

  private static Event pulled(String name, String podUid, String first, String eventTime) {
    return new EventBuilder().withNewMetadata().withName(name).withNamespace("team-a").withResourceVersion("7")
        .withUid("e-" + name).withLabels(java.util.Map.of("x", "y")).endMetadata()
        .withNewInvolvedObject().withKind("Pod").withNamespace("team-a").withName("alice-0").withUid(podUid)
        .withFieldPath("spec.containers{workspace}").endInvolvedObject()
        .withReason(WorkspaceObserver.PULLED).withType("Normal")
        .withMessage("Successfully pulled image \"quay.io/jupyter/scipy-notebook\" in 1.2s. Image size: 1234567 bytes.")
        .withFirstTimestamp(first).withLastTimestamp(first)
        .withEventTime(eventTime == null ? null : new MicroTime(eventTime)).withCount(1)
        .withNewSource().withComponent("kubelet").withHost("node-1").endSource().build();
  }

  @Test
  void thePulledEventsCacheKeepsThePodAndTheTimesAndNotTheMessage() {
    Event e = pulled("alice-0.1", "pod-uid-1", "2026-12-02T20:00:01Z", null);

    Event kept = WorkspaceObserver.pulledOnly(e);

    assertThat(kept.getInvolvedObject().getUid()).isEqualTo("pod-uid-1");
    assertThat(kept.getInvolvedObject().getName()).isEqualTo("alice-0");
    assertThat(kept.getInvolvedObject().getFieldPath()).isNull();
    assertThat(kept.getReason()).isEqualTo(WorkspaceObserver.PULLED);
    assertThat(kept.getFirstTimestamp()).isEqualTo("2026-12-02T20:00:01Z");
    assertThat(kept.getMessage()).isNull();
    assertThat(kept.getSource()).isNull();
    assertThat(kept.getMetadata().getLabels()).isNullOrEmpty();
    // the event it came from is not changed (the informer hands the store what it read)
    assertThat(e.getMessage()).startsWith("Successfully pulled");
    assertThat(WorkspaceObserver.podUid(kept)).containsExactly("pod-uid-1");
    assertThat(WorkspaceObserver.podUid(new Event())).isEmpty();
  }

  @Test
  void theImageWasPulledAtTheFirstOfItsPodsPulledEvents() {
    // a pull after a restart comes as a second event (or the same one counted again): the start's is the first
    List<Event> events = List.of(WorkspaceObserver.pulledOnly(pulled("b", "u", "2026-12-02T20:05:00Z", null)),
        WorkspaceObserver.pulledOnly(pulled("a", "u", "2026-12-02T20:00:01Z", null)),
        // an events.k8s.io event: no firstTimestamp, its eventTime
        WorkspaceObserver.pulledOnly(pulled("c", "u", null, "2026-12-02T20:03:00.000000Z")));

    assertThat(WorkspaceObserver.pulledAt(events)).isEqualTo(Instant.parse("2026-12-02T20:00:01Z"));
    assertThat(WorkspaceObserver.pulledAt(List.of())).as("none yet: the step waits").isNull();
  }
}
