package io.air9.platform.operator.workspace;

import io.air9.platform.model.Air9;
import io.air9.platform.model.Workspace;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import java.util.Map;
import java.util.Objects;

/**
 * Which updates of a Workspace start a reconcile: a new generation (a spec change), a deletion, and a change of the
 * keep-alive annotation, which moves status.cullAt at once (the API answers with the new schedule, the dashboard
 * waits for it). Not the operator's own status writes, and not {@code air9.io/last-activity}: activity is frequent
 * and only matters at the deadline, where the reconcile is scheduled anyway. JOSDK's generation-aware filtering is
 * switched off for the workspace controller because a filter can only narrow it (JOSDK ands the two).
 */
public final class WorkspaceUpdates implements OnUpdateFilter<Workspace> {

  @Override
  public boolean accept(Workspace updated, Workspace old) {
    return !Objects.equals(updated.getMetadata().getGeneration(), old.getMetadata().getGeneration())
        || updated.isMarkedForDeletion()
        || !Objects.equals(keepAlive(updated), keepAlive(old));
  }

  private static String keepAlive(Workspace ws) {
    Map<String, String> annotations = ws.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(Air9.ANNOTATION_KEEP_ALIVE_UNTIL);
  }
}
