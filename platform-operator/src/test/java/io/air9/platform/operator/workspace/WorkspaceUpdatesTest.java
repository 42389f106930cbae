package io.air9.platform.operator.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import io.air9.platform.model.Air9;
import io.air9.platform.model.Workspace;
import io.air9.platform.model.WorkspaceStatus;
import java.util.HashMap;
import org.junit.jupiter.api.Test;

/** A spec change, a deletion or a keep-alive start a reconcile; the operator's status writes and activity do not. */
class WorkspaceUpdatesTest {

  private final WorkspaceUpdates filter = new WorkspaceUpdates();

  private static Workspace ws() {
    Workspace ws = Fixtures.workspace("alice");
    ws.getMetadata().setAnnotations(new HashMap<>());
    return ws;
  }

  @Test
  void keepAliveAndSpecChangesReconcileStatusAndActivityDoNot() {
    Workspace old = ws();
    Workspace status = ws();
    status.setStatus(new WorkspaceStatus());
    assertThat(filter.accept(status, old)).as("a status write").isFalse();

    Workspace active = ws();
    active.getMetadata().getAnnotations().put(Air9.ANNOTATION_LAST_ACTIVITY, "2026-12-01T10:00:00Z");
    assertThat(filter.accept(active, old)).as("activity").isFalse();

    Workspace kept = ws();
    kept.getMetadata().getAnnotations().put(Air9.ANNOTATION_KEEP_ALIVE_UNTIL, "2026-12-01T18:00:00Z");
    assertThat(filter.accept(kept, old)).as("keep-alive").isTrue();

    Workspace changed = ws();
    changed.getMetadata().setGeneration(2L);
    assertThat(filter.accept(changed, old)).as("a spec change").isTrue();

    Workspace deleted = ws();
    deleted.getMetadata().setDeletionTimestamp("2026-12-01T10:00:00Z");
    assertThat(filter.accept(deleted, old)).as("a deletion").isTrue();
  }
}
