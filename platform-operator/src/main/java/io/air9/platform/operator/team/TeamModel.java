package io.air9.platform.operator.team;

import io.air9.platform.model.Air9;
import io.air9.platform.model.Team;
import io.air9.platform.model.TeamMember;
import io.air9.platform.model.TeamQuota;
import io.air9.platform.model.TeamRole;
import io.air9.platform.model.WorkspaceNames;
import io.air9.platform.operator.OperatorSettings;
import io.air9.platform.operator.common.Labels;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.LimitRangeBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Desired state of a team's namespace and its guard rails (pure). */
public final class TeamModel {

  public static final String QUOTA = "air9-team-quota";
  public static final String LIMITS = "air9-defaults";
  public static final String DEFAULT_DENY = "air9-default-deny";
  public static final String ALLOW = "air9-allow-workspaces";
  public static final String MAX_WORKSPACES_QUOTA = "count/statefulsets.apps";
  public static final String GPU_QUOTA = "requests.nvidia.com/gpu";

  private final Team team;
  private final OperatorSettings settings;
  private final String name;
  private final String namespace;

  public TeamModel(Team team, OperatorSettings settings) {
    this.team = team;
    this.settings = settings;
    this.name = team.getMetadata().getName();
    this.namespace = Air9.teamNamespace(name);
  }

  public static String roleBindingName(TeamRole role) {
    return "air9-team-" + role.name().toLowerCase(Locale.ROOT);
  }

  /** Built-in ClusterRole per team role (air9.io resources are aggregated into them by deploy/rbac). */
  public static String clusterRole(TeamRole role) {
    return switch (role) {
      case ADMIN -> "admin";
      case MEMBER -> "edit";
      case VIEWER -> "view";
    };
  }

  public String namespace() {
    return namespace;
  }

  private ObjectMeta meta(String childName, String component) {
    return new ObjectMetaBuilder().withName(childName).withNamespace(namespace)
        .withLabels(Labels.team(name, component)).build();
  }

  public Namespace namespaceResource() {
    Map<String, String> labels = Labels.team(name, "namespace");
    labels.put("pod-security.kubernetes.io/enforce", "restricted");
    labels.put("pod-security.kubernetes.io/enforce-version", "latest");
    labels.put("pod-security.kubernetes.io/warn", "restricted");
    labels.put("pod-security.kubernetes.io/audit", "restricted");
    return new NamespaceBuilder().withNewMetadata().withName(namespace).withLabels(labels).endMetadata().build();
  }

  public ResourceQuota resourceQuota() {
    TeamQuota q = team.getSpec().getQuota() == null ? new TeamQuota() : team.getSpec().getQuota();
    Map<String, Quantity> hard = new LinkedHashMap<>();
    if (q.getCpu() != null) {
      hard.put("requests.cpu", copy(q.getCpu()));
      hard.put("limits.cpu", copy(q.getCpu()));
    }
    if (q.getMemory() != null) {
      hard.put("requests.memory", copy(q.getMemory()));
      hard.put("limits.memory", copy(q.getMemory()));
    }
    if (q.getGpu() != null) {
      hard.put(GPU_QUOTA, new Quantity(Integer.toString(q.getGpu())));
    }
    if (q.getStorage() != null) {
      hard.put("requests.storage", copy(q.getStorage()));
    }
    if (q.getMaxWorkspaces() != null) {
      // One StatefulSet per workspace, running or stopped. (An object-count quota on workspaces.air9.io itself
      // depends on the quota controller discovering the CRD, which can take minutes; the API also checks this.)
      hard.put(MAX_WORKSPACES_QUOTA, new Quantity(Integer.toString(q.getMaxWorkspaces())));
    }
    return new ResourceQuotaBuilder().withMetadata(meta(QUOTA, "quota"))
        .withNewSpec().withHard(hard).endSpec().build();
  }

  /** A quantity of its own: the Team given is the cached one, shared by every reconcile (Air9Operator.NO_COPY). */
  private static Quantity copy(Quantity q) {
    return new Quantity(q.getAmount(), q.getFormat());
  }

  /** Defaults for pods that set no resources (Spark executors, jobs), so the quota admits them. */
  public LimitRange limitRange() {
    return new LimitRangeBuilder().withMetadata(meta(LIMITS, "quota"))
        .withNewSpec().addNewLimit().withType("Container")
        .addToDefault("cpu", new Quantity("1")).addToDefault("memory", new Quantity("2Gi"))
        .addToDefaultRequest("cpu", new Quantity("250m")).addToDefaultRequest("memory", new Quantity("512Mi"))
        .endLimit().endSpec().build();
  }

  public RoleBinding roleBinding(TeamRole role) {
    List<Subject> subjects = team.getSpec().getMembers().stream()
        .filter(m -> m.getRole() == role)
        .map(TeamMember::getName)
        .sorted()
        .map(user -> new SubjectBuilder().withApiGroup("rbac.authorization.k8s.io").withKind("User")
            .withName(user).build())
        .toList();
    return new RoleBindingBuilder().withMetadata(meta(roleBindingName(role), "rbac"))
        .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole")
        .withName(clusterRole(role)).endRoleRef()
        .withSubjects(subjects)
        .build();
  }

  /** Nothing in or out unless another policy allows it. */
  public NetworkPolicy defaultDeny() {
    return new NetworkPolicyBuilder().withMetadata(meta(DEFAULT_DENY, "network"))
        .withNewSpec().withNewPodSelector().endPodSelector().withPolicyTypes("Ingress", "Egress").endSpec().build();
  }

  /**
   * What workspaces need: traffic inside the namespace (Spark driver and executors, MLflow), from the ingress
   * controller, from the operator's pods to the app's port (named {@code http}: the activity probe before a cull), DNS, the Kubernetes API (Spark on Kubernetes), and HTTPS/database ports outside the cluster for data
   * connections.
   */
  public NetworkPolicy allowWorkspaces() {
    return new NetworkPolicyBuilder().withMetadata(meta(ALLOW, "network"))
        .withNewSpec().withNewPodSelector().endPodSelector().withPolicyTypes("Ingress", "Egress")
        .addNewIngress().addNewFrom().withNewPodSelector().endPodSelector().endFrom().endIngress()
        .addNewIngress().addNewFrom().withNewNamespaceSelector()
        .addToMatchLabels("kubernetes.io/metadata.name", settings.ingressNamespace()).endNamespaceSelector()
        .endFrom().endIngress()
        .addNewIngress().addNewFrom()
        .withNewNamespaceSelector()
        .addToMatchLabels("kubernetes.io/metadata.name", settings.operatorNamespace()).endNamespaceSelector()
        .withNewPodSelector().addToMatchLabels(OperatorSettings.POD_LABELS).endPodSelector()
        .endFrom()
        .addNewPort().withProtocol("TCP").withPort(new IntOrString(WorkspaceNames.appPort())).endPort()
        .endIngress()
        .addNewEgress().addNewTo().withNewPodSelector().endPodSelector().endTo().endEgress()
        .addNewEgress().addNewTo().withNewNamespaceSelector()
        .addToMatchLabels("kubernetes.io/metadata.name", "kube-system").endNamespaceSelector().endTo()
        .addNewPort().withProtocol("UDP").withPort(new IntOrString(53)).endPort()
        .addNewPort().withProtocol("TCP").withPort(new IntOrString(53)).endPort()
        .endEgress()
        .addNewEgress()
        .addNewPort().withProtocol("TCP").withPort(new IntOrString(443)).endPort()
        .addNewPort().withProtocol("TCP").withPort(new IntOrString(6443)).endPort()
        .addNewPort().withProtocol("TCP").withPort(new IntOrString(5432)).endPort()
        .endEgress()
        .endSpec().build();
  }
}
