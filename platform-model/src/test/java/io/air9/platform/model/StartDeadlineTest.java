package io.air9.platform.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class StartDeadlineTest {

  private static Workspace failed(long observedGeneration, long generation) {
    Workspace ws = new Workspace();
    ws.setMetadata(new ObjectMetaBuilder().withName("w").withNamespace("team-a").withGeneration(generation).build());
    WorkspaceStatus s = new WorkspaceStatus();
    s.setObservedGeneration(observedGeneration);
    s.setStartTimeline(List.of(new StartStep(StartStep.Name.Accepted, "2026-12-01T10:00:00Z", 0.0)));
    s.setConditions(List.of(new ConditionBuilder().withType("Ready").withStatus("False")
        .withReason(StartDeadline.REASON).build()));
    ws.setStatus(s);
    return ws;
  }

  @Test
  void aStartIsFailedWhileTheStatusOfItsGenerationRecordsIt() {
    assertThat(StartDeadline.failed(failed(3, 3))).isTrue();
    assertThat(StartDeadline.failed(failed(3, 4))).as("stopped, started or changed since: a new start").isFalse();
    Workspace other = failed(3, 3);
    other.getStatus().getConditions().get(0).setReason("WaitingForVolume");
    assertThat(StartDeadline.failed(other)).isFalse();
    Workspace none = failed(3, 3);
    none.setStatus(null);
    assertThat(StartDeadline.failed(none)).isFalse();
  }
}
