package io.air9.platform.operator.workspace;

import io.air9.platform.model.validation.WorkspaceValidator;

/**
 * Step 2 of a reconcile: the shared {@link WorkspaceValidator} (the rules the API applies too), against the class and
 * the home volume's current size (it can grow, never shrink). An invalid spec changes no child.
 */
final class WorkspaceValidation {

  private WorkspaceValidation() {}

  static WorkspaceObservation validate(WorkspaceObservation observed) {
    return observed.withViolations(WorkspaceValidator.validate(observed.workspace().getSpec(),
        observed.workspaceClass(), observed.currentStorage()));
  }
}
