package io.air9.platform.sim.bench;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The objects the operator wrote for one template team and workspace, read back from the API server and stripped of
 * what the server adds (uid, resourceVersion, status, owner references, allocated IPs, bound volume names). The bare
 * client baseline creates renamed copies, so it applies exactly the objects the operator applies, without the
 * operator.
 */
final class ChildTemplate {

  static final String TEAM = "tmplteam";
  static final String WORKSPACE = "tmplws";
  static final String MANAGED = "app.kubernetes.io/managed-by=air9-operator";
  private static final String WORKSPACE_LABEL = "air9.io/workspace";
  private static final List<Class<? extends HasMetadata>> TYPES = List.of(ResourceQuota.class, LimitRange.class,
      NetworkPolicy.class, RoleBinding.class, Role.class, ServiceAccount.class, Secret.class, ConfigMap.class,
      PersistentVolumeClaim.class, Service.class, Ingress.class, StatefulSet.class);

  private final KubernetesSerialization json;
  private final String namespace;
  private final String namespaceJson;
  private final List<String> teamObjects;
  private final List<String> workspaceObjects;

  private ChildTemplate(KubernetesSerialization json, String namespace, String namespaceJson, List<String> teamObjects,
      List<String> workspaceObjects) {
    this.json = json;
    this.namespace = namespace;
    this.namespaceJson = namespaceJson;
    this.teamObjects = teamObjects;
    this.workspaceObjects = workspaceObjects;
  }

  /** Reads the children of {@link #WORKSPACE} in the namespace of team {@link #TEAM}. */
  static ChildTemplate capture(KubernetesClient client, String namespace) {
    KubernetesSerialization json = client.getKubernetesSerialization();
    Namespace ns = client.namespaces().withName(namespace).get();
    List<String> team = new ArrayList<>();
    List<String> workspace = new ArrayList<>();
    for (Class<? extends HasMetadata> type : TYPES) {
      for (HasMetadata o : client.resources(type).inNamespace(namespace).withLabel("app.kubernetes.io/managed-by",
          "air9-operator").list().getItems()) {
        boolean ofWorkspace = o.getMetadata().getLabels().containsKey(WORKSPACE_LABEL);
        (ofWorkspace ? workspace : team).add(json.asJson(strip(json, o)));
      }
    }
    if (workspace.stream().noneMatch(s -> s.contains("\"StatefulSet\""))) {
      throw new IllegalStateException("the template workspace has no StatefulSet in " + namespace);
    }
    return new ChildTemplate(json, namespace, json.asJson(strip(json, ns)), List.copyOf(team),
        List.copyOf(workspace));
  }

  int workspaceObjectCount() {
    return workspaceObjects.size();
  }

  /** The namespace and team-level objects of baseline team {@code team}. */
  List<HasMetadata> team(String team) {
    List<HasMetadata> out = new ArrayList<>();
    out.add(rename(namespaceJson, team, null));
    teamObjects.forEach(o -> out.add(rename(o, team, null)));
    return out;
  }

  /** The workspace-level objects of workspace {@code name} of baseline team {@code team}. */
  List<HasMetadata> workspace(String team, String name) {
    return workspaceObjects.stream().map(o -> rename(o, team, name)).toList();
  }

  private HasMetadata rename(String object, String team, String workspace) {
    String s = object.replace(namespace, io.air9.platform.model.Air9.teamNamespace(team)).replace(TEAM, team);
    if (workspace != null) {
      s = s.replace(WORKSPACE, workspace);
    }
    return json.unmarshal(s);
  }

  @SuppressWarnings("unchecked")
  private static HasMetadata strip(KubernetesSerialization json, HasMetadata o) {
    Map<String, Object> m = json.convertValue(o, Map.class);
    m.remove("status");
    Map<String, Object> meta = (Map<String, Object>) m.get("metadata");
    for (String k : List.of("uid", "resourceVersion", "creationTimestamp", "managedFields", "ownerReferences",
        "generation", "finalizers")) {
      meta.remove(k);
    }
    Map<String, Object> annotations = (Map<String, Object>) meta.get("annotations");
    if (annotations != null) {
      annotations.keySet().removeIf(k -> k.startsWith("pv.kubernetes.io/") || k.startsWith("volume.")
          || k.startsWith("kubectl.kubernetes.io/"));
    }
    Map<String, Object> spec = (Map<String, Object>) m.get("spec");
    if (spec != null) {
      if (o instanceof Service && !"None".equals(spec.get("clusterIP"))) {
        // an allocated virtual IP is the server's; a headless Service ("None") is copied as it is
        spec.remove("clusterIP");
        spec.remove("clusterIPs");
      }
      if (o instanceof PersistentVolumeClaim) {
        spec.remove("volumeName");
      }
      if (o instanceof Namespace) {
        m.remove("spec");
      }
    }
    return json.convertValue(m, o.getClass());
  }
}
