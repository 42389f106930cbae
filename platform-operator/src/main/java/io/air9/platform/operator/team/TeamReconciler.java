package io.air9.platform.operator.team;

import io.air9.platform.model.Air9;
import io.air9.platform.model.Team;
import io.air9.platform.model.TeamStatus;
import io.air9.platform.operator.common.Conditions;
import io.air9.platform.operator.team.TeamDependents.AdminsDependent;
import io.air9.platform.operator.team.TeamDependents.AllowDependent;
import io.air9.platform.operator.team.TeamDependents.DefaultDenyDependent;
import io.air9.platform.operator.team.TeamDependents.LimitRangeDependent;
import io.air9.platform.operator.team.TeamDependents.MembersDependent;
import io.air9.platform.operator.team.TeamDependents.NamespaceDependent;
import io.air9.platform.operator.team.TeamDependents.QuotaDependent;
import io.air9.platform.operator.team.TeamDependents.QuotaReady;
import io.air9.platform.operator.team.TeamDependents.ViewersDependent;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** A Team gets its namespace with quota, default limits, member RoleBindings and network isolation. */
@Workflow(dependents = {
    @Dependent(name = "namespace", type = NamespaceDependent.class),
    @Dependent(name = "quota", type = QuotaDependent.class, dependsOn = "namespace",
        readyPostcondition = QuotaReady.class),
    @Dependent(name = "limits", type = LimitRangeDependent.class, dependsOn = "namespace"),
    @Dependent(name = "default-deny", type = DefaultDenyDependent.class, dependsOn = "namespace"),
    @Dependent(name = "allow", type = AllowDependent.class, dependsOn = "namespace"),
    @Dependent(name = "admins", type = AdminsDependent.class, dependsOn = "namespace"),
    @Dependent(name = "members", type = MembersDependent.class, dependsOn = "namespace"),
    @Dependent(name = "viewers", type = ViewersDependent.class, dependsOn = "namespace"),
})
@ControllerConfiguration(name = "team")
public class TeamReconciler implements Reconciler<Team> {

  @Override
  public UpdateControl<Team> reconcile(Team team, Context<Team> context) {
    TeamStatus previous = team.getStatus() == null ? new TeamStatus() : team.getStatus();
    boolean ready = context.managedWorkflowAndDependentResourceContext().getWorkflowReconcileResult()
        .map(r -> r.allDependentResourcesReady() && r.getErroredDependents().isEmpty()).orElse(false);
    TeamStatus status = new TeamStatus();
    status.setObservedGeneration(team.getMetadata().getGeneration());
    status.setNamespace(Air9.teamNamespace(team.getMetadata().getName()));
    status.setPhase(ready ? "Active" : "Pending");
    status.setConditions(List.of(Conditions.of(previous.getConditions(), "Ready", ready,
        ready ? "Provisioned" : "Provisioning",
        ready ? "namespace " + status.getNamespace() + " with quota, RBAC and network policies"
            : "creating the team's namespace", team.getMetadata().getGeneration(), Instant.now())));
    if (Objects.equals(status, team.getStatus())) {
      return UpdateControl.noUpdate();
    }
    Team fresh = new Team();
    fresh.setMetadata(new ObjectMetaBuilder().withName(team.getMetadata().getName()).build());
    fresh.setStatus(status);
    return UpdateControl.patchStatus(fresh);
  }
}
