package io.air9.platform.operator.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import io.air9.platform.model.Team;
import io.air9.platform.model.Workspace;
import io.air9.platform.model.WorkspaceClassSpec;
import io.air9.platform.model.WorkspaceStatus;
import io.air9.platform.operator.OperatorSettings;
import io.air9.platform.operator.team.TeamModel;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The operator hands its reconcilers the cached objects themselves, not copies ({@code Air9Operator.NO_COPY}; the
 * children come from the informers' caches as they are). So what a reconcile builds from them (the children's desired
 * state, the new status) must share nothing mutable with them: a later change of the built object (JOSDK's matcher,
 * the status patch, a builder) would otherwise change the cache for every later reconcile. Each case builds from
 * cached objects, then changes every string, map and list reachable from what it built, and checks the cached
 * objects are as they were.
 */
class CachedObjectsTest {

  private static final KubernetesSerialization JSON = new KubernetesSerialization();
  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  private final WorkspaceClassSpec cls = Fixtures.jupyter();
  private final Workspace ws = rich(Fixtures.workspace("alice"));

  private static Workspace rich(Workspace ws) {
    ws.getMetadata().setLabels(new java.util.HashMap<>(Map.of("air9.io/team", "a", "owner", "alice")));
    ws.getMetadata().setAnnotations(new java.util.HashMap<>(Map.of("note", "keep")));
    ws.getSpec().setDataConnections(new ArrayList<>(List.of("snowflake")));
    return ws;
  }

  @Test
  void theChildrenBuiltFromAWorkspaceShareNothingWithIt() {
    String before = JSON.asJson(ws);
    WorkspaceModel m = new WorkspaceModel(Fixtures.resolved(ws, cls));
    List<HasMetadata> children = List.of(m.serviceAccount(), m.tokenSecret("t"), m.homeClaim(), m.service(),
        m.ingress(), m.networkPolicy(), m.statefulSet(), m.sparkRole(), m.sparkRoleBinding(), m.sparkConfig());
    children.forEach(CachedObjectsTest::changeEverything);
    assertThat(JSON.asJson(ws)).isEqualTo(before);
  }

  @Test
  void theStatusBuiltFromAWorkspaceAndItsCachedChildrenSharesNothingWithThem() {
    StatefulSet sts = new WorkspaceModel(Fixtures.resolved(ws, cls)).statefulSet();
    sts.getMetadata().setGeneration(1L);
    sts.setStatus(new io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder().withObservedGeneration(1L)
        .withReplicas(1).withUpdateRevision("r1").build());
    PersistentVolumeClaim claim = new PersistentVolumeClaimBuilder().withNewMetadata().withName("home-alice")
        .endMetadata().withNewStatus().withPhase("Bound").endStatus().build();
    Pod pod = new PodBuilder().withNewMetadata().withName("alice-0").addToLabels("controller-revision-hash", "r1")
        .endMetadata().withNewSpec().withNodeName("kwok-node-0").endSpec()
        .withNewStatus().withPhase("Running")
        .addNewCondition().withType("PodScheduled").withStatus("True").withLastTransitionTime("2026-01-01T09:59:00Z")
        .endCondition()
        .addNewCondition().withType("Ready").withStatus("False").endCondition()
        .endStatus().build();
    // a status written before (starting), then one computed from the same caches (the pod now Ready)
    ws.setStatus(WorkspaceStatusAggregator.aggregate(observation(sts, pod, claim, T0.minusSeconds(5))));
    pod.getStatus().getConditions().get(1).setStatus("True");
    sts.getStatus().setReadyReplicas(1);
    List<Object> cached = List.of(ws, sts, pod, claim);
    List<String> before = cached.stream().map(JSON::asJson).toList();

    WorkspaceStatus next = WorkspaceStatusAggregator.aggregate(observation(sts, pod, claim, T0));
    assertThat(next).as("a status that changed: the case where the previous one could be reused")
        .isNotEqualTo(ws.getStatus());
    changeEverything(next);
    assertThat(cached.stream().map(JSON::asJson).toList()).isEqualTo(before);
  }

  @Test
  void theChildrenBuiltFromATeamShareNothingWithIt() {
    Team team = JSON.unmarshal("""
        {"apiVersion":"air9.io/v1alpha1","kind":"Team","metadata":{"name":"a","labels":{"x":"y"}},
         "spec":{"displayName":"Team A","members":[{"name":"alice","role":"admin"}],
                 "quota":{"cpu":"8","memory":"32Gi","gpu":1,"storage":"100Gi","maxWorkspaces":10}}}""", Team.class);
    String before = JSON.asJson(team);
    TeamModel m = new TeamModel(team, OperatorSettings.defaults());
    List.of(m.namespaceResource(), m.resourceQuota(), m.limitRange(), m.defaultDeny(), m.allowWorkspaces(),
            m.roleBinding(io.air9.platform.model.TeamRole.ADMIN))
        .forEach(CachedObjectsTest::changeEverything);
    assertThat(JSON.asJson(team)).isEqualTo(before);
  }

  @Test
  void theCheckSeesEachKindOfShareItLooksFor() {
    // positive controls: a map, a list and a model object (a quantity, as in the first share found) that a built
    // object shares with a cached one are changed through it, so the checks above can fail
    Workspace cached = rich(Fixtures.workspace("bob"));
    String before = JSON.asJson(cached);
    Pod pod = new PodBuilder().withNewMetadata().withName("bob-0").endMetadata().build();
    pod.getMetadata().setLabels(cached.getMetadata().getLabels());
    changeEverything(pod);
    assertThat(JSON.asJson(cached)).as("a shared map").isNotEqualTo(before);

    cached = rich(Fixtures.workspace("bob"));
    before = JSON.asJson(cached);
    io.air9.platform.model.WorkspaceSpec spec = new io.air9.platform.model.WorkspaceSpec();
    spec.setDataConnections(cached.getSpec().getDataConnections());
    changeEverything(spec);
    assertThat(JSON.asJson(cached)).as("a shared list").isNotEqualTo(before);

    cached.getSpec().setStorage(new io.fabric8.kubernetes.api.model.Quantity("10Gi"));
    before = JSON.asJson(cached);
    io.fabric8.kubernetes.api.model.ResourceQuota quota = new io.fabric8.kubernetes.api.model.ResourceQuotaBuilder()
        .withNewSpec().endSpec().build();
    quota.getSpec().setHard(new java.util.HashMap<>(Map.of("requests.storage", cached.getSpec().getStorage())));
    changeEverything(quota);
    assertThat(JSON.asJson(cached)).as("a shared quantity").isNotEqualTo(before);
  }

  private WorkspaceObservation observation(StatefulSet sts, Pod pod, PersistentVolumeClaim claim, Instant now) {
    return new WorkspaceObservation(ws, null, List.of(), sts, pod, claim, List.of(), List.of(), List.of(), null, null,
        "http://air9.localtest.me/ws/team-a/alice/", "img", now, null, null);
  }

  /**
   * Changes every string property, map and list reachable through the getters of a model object (Fabric8's and
   * AIR9's), in place. Unmodifiable collections are left: nothing can change them through the built object either.
   */
  static void changeEverything(Object root) {
    change(root, Collections.newSetFromMap(new IdentityHashMap<>()));
  }

  private static void change(Object o, Set<Object> seen) {
    if (o == null || !seen.add(o)) {
      return;
    }
    if (o instanceof Map<?, ?> map) {
      new ArrayList<>(map.values()).forEach(v -> change(v, seen));
      try {
        @SuppressWarnings("unchecked")
        Map<Object, Object> writable = (Map<Object, Object>) map;
        writable.put("air9-test-added", "x");
      } catch (UnsupportedOperationException | ClassCastException e) {
        // unmodifiable: cannot be changed through here
      }
      return;
    }
    if (o instanceof List<?> list) {
      new ArrayList<>(list).forEach(v -> change(v, seen));
      try {
        list.clear();
      } catch (UnsupportedOperationException e) {
        // unmodifiable
      }
      return;
    }
    String pkg = o.getClass().getPackageName();
    if (!pkg.startsWith("io.fabric8.kubernetes.api.model") && !pkg.startsWith("io.air9.platform.model")) {
      return;
    }
    for (Method getter : o.getClass().getMethods()) {
      if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
          || !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class) {
        continue;
      }
      try {
        Object value = getter.invoke(o);
        if (value instanceof String s) {
          o.getClass().getMethod("set" + getter.getName().substring(3), String.class).invoke(o, s + "~changed");
        } else {
          change(value, seen);
        }
      } catch (ReflectiveOperationException | RuntimeException e) {
        // no setter, or a getter that computes: nothing to change here
      }
    }
  }
}
