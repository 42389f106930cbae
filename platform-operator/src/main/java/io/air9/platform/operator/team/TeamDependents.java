package io.air9.platform.operator.team;

import io.air9.platform.model.Team;
import io.air9.platform.model.TeamRole;
import io.air9.platform.operator.OperatorSettings;
import io.air9.platform.operator.common.ChildUpdates;
import io.air9.platform.operator.common.Labels;
import io.air9.platform.operator.common.PrunedItemStore;
import io.air9.platform.operator.common.ModelDependent;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.Matcher.Result;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** A team's dependent resources; each adapts one {@link TeamModel} builder. */
public final class TeamDependents {

  /** Settings of the running operator (the dependents are created by JOSDK, so they read them from here). */
  static volatile OperatorSettings settings = OperatorSettings.defaults();

  private TeamDependents() {}

  public static void configure(OperatorSettings operatorSettings) {
    settings = operatorSettings;
  }

  abstract static class Child<R extends HasMetadata> extends ModelDependent<R, Team, TeamModel> {
    Child(Class<R> type, Function<TeamModel, R> builder) {
      super(type, builder);
    }

    @Override
    protected TeamModel model(Team primary, Context<Team> context) {
      return new TeamModel(primary, settings);
    }
  }

  @KubernetesDependent(informer = @Informer(labelSelector = Labels.TEAM_CHILDREN, itemStore = PrunedItemStore.class))
  public static class NamespaceDependent extends Child<Namespace> {
    public NamespaceDependent() {
      super(Namespace.class, TeamModel::namespaceResource);
    }
  }

  @KubernetesDependent(informer = @Informer(labelSelector = Labels.TEAM_CHILDREN, itemStore = PrunedItemStore.class,
      onUpdateFilter = QuotaDependent.Updates.class))
  public static class QuotaDependent extends Child<ResourceQuota> {
    public QuotaDependent() {
      super(ResourceQuota.class, TeamModel::resourceQuota);
    }

    /**
     * The API server keeps a quantity in its canonical spelling ("100000" as "100k", "2048Mi" as "2Gi") and JOSDK's
     * matcher compares spellings, so a quota spelled otherwise was applied again on every change of its usage (376
     * applies for 10 teams in a burst of 300): the desired amounts are compared spelled as the cluster spells them
     * where they are equal in value.
     */
    @Override
    public Result<ResourceQuota> match(ResourceQuota actual, ResourceQuota desired, Team primary,
        Context<Team> context) {
      return super.match(actual, spelledAs(desired, actual), primary, context);
    }

    /** The desired quota, each hard limit equal in value to the actual one spelled as the actual one (pure). */
    static ResourceQuota spelledAs(ResourceQuota desired, ResourceQuota actual) {
      Map<String, Quantity> have = actual.getSpec() == null ? null : actual.getSpec().getHard();
      if (have == null || desired.getSpec() == null || desired.getSpec().getHard() == null) {
        return desired;
      }
      Map<String, Quantity> hard = new LinkedHashMap<>();
      desired.getSpec().getHard().forEach((name, want) -> {
        Quantity is = have.get(name);
        hard.put(name, is != null && sameAmount(is, want) ? is : want);
      });
      return new ResourceQuotaBuilder(desired).editSpec().withHard(hard).endSpec().build();
    }

    /**
     * Which updates of the quota start a reconcile of its team: those that change what the operator owns
     * ({@link ChildUpdates#owned}) or what {@link QuotaReady} reads ({@link QuotaReady#reads}), not the usage alone.
     * The API server's quota admission rewrites {@code status.used} at every pod, claim, Service and workspace created
     * in the namespace: 2.5 team reconciles per workspace started in a burst of 1000, each finding nothing to do.
     */
    public static final class Updates implements OnUpdateFilter<ResourceQuota> {
      @Override
      public boolean accept(ResourceQuota updated, ResourceQuota old) {
        return ChildUpdates.owned(updated.getMetadata(), old.getMetadata())
            || !QuotaReady.reads(updated).equals(QuotaReady.reads(old));
      }
    }

    /** Fabric8's equality of quantities is by value; one it cannot read (the API server would refuse it) is unequal. */
    private static boolean sameAmount(Quantity a, Quantity b) {
      try {
        return a.equals(b);
      } catch (ArithmeticException | IllegalArgumentException e) {
        return false;
      }
    }
  }

  /** The quota admits pods only once the quota controller has computed its usage. */
  public static class QuotaReady implements Condition<ResourceQuota, Team> {
    @Override
    public boolean isMet(DependentResource<ResourceQuota, Team> dependent, Team primary, Context<Team> context) {
      return dependent.getSecondaryResource(primary, context)
          .map(q -> q.getStatus() != null && q.getStatus().getHard() != null && q.getStatus().getUsed() != null
              && q.getStatus().getHard().keySet().equals(q.getSpec().getHard().keySet())
              // count/workspaces.air9.io is computed only once the quota controller has discovered the CRD
              && q.getStatus().getUsed().keySet().containsAll(q.getSpec().getHard().keySet()))
          .orElse(false);
    }

    /** What {@link #isMet} reads of a quota: its limits, and which of them the quota controller has computed. */
    static List<Object> reads(ResourceQuota q) {
      var status = q.getStatus();
      return Arrays.asList(q.getSpec() == null ? null : q.getSpec().getHard(),
          status == null || status.getHard() == null ? null : status.getHard().keySet(),
          status == null || status.getUsed() == null ? null : status.getUsed().keySet());
    }
  }

  @KubernetesDependent(informer = @Informer(labelSelector = Labels.TEAM_CHILDREN, itemStore = PrunedItemStore.class))
  public static class LimitRangeDependent extends Child<LimitRange> {
    public LimitRangeDependent() {
      super(LimitRange.class, TeamModel::limitRange);
    }
  }

  @KubernetesDependent(informer = @Informer(labelSelector = Labels.TEAM_CHILDREN, itemStore = PrunedItemStore.class))
  public static class DefaultDenyDependent extends Child<NetworkPolicy> {
    public DefaultDenyDependent() {
      super(NetworkPolicy.class, TeamModel::defaultDeny);
    }
  }

  @KubernetesDependent(informer = @Informer(labelSelector = Labels.TEAM_CHILDREN, itemStore = PrunedItemStore.class))
  public static class AllowDependent extends Child<NetworkPolicy> {
    public AllowDependent() {
      super(NetworkPolicy.class, TeamModel::allowWorkspaces);
    }
  }

  @KubernetesDependent(informer = @Informer(labelSelector = Labels.TEAM_CHILDREN, itemStore = PrunedItemStore.class))
  public static class AdminsDependent extends Child<RoleBinding> {
    public AdminsDependent() {
      super(RoleBinding.class, m -> m.roleBinding(TeamRole.ADMIN));
    }
  }

  @KubernetesDependent(informer = @Informer(labelSelector = Labels.TEAM_CHILDREN, itemStore = PrunedItemStore.class))
  public static class MembersDependent extends Child<RoleBinding> {
    public MembersDependent() {
      super(RoleBinding.class, m -> m.roleBinding(TeamRole.MEMBER));
    }
  }

  @KubernetesDependent(informer = @Informer(labelSelector = Labels.TEAM_CHILDREN, itemStore = PrunedItemStore.class))
  public static class ViewersDependent extends Child<RoleBinding> {
    public ViewersDependent() {
      super(RoleBinding.class, m -> m.roleBinding(TeamRole.VIEWER));
    }
  }
}
