package io.air9.platform.model.capacity;

import io.air9.platform.model.Air9;
import io.air9.platform.model.StartDeadline;
import io.air9.platform.model.Team;
import io.air9.platform.model.Workspace;
import io.air9.platform.model.WorkspaceClass;
import io.air9.platform.model.WorkspaceClassSpec;
import io.air9.platform.model.WorkspaceNames;
import io.air9.platform.model.capacity.Admission.Decision;
import io.air9.platform.model.capacity.Admission.Demand;
import io.air9.platform.model.capacity.Admission.Quota;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What an admission evaluation reads, collected from what the caches show (pure): the nodes with what their bound
 * pods request, what each team's pods request, the teams' quotas, and a {@link Demand} for every workspace that
 * should run (not stopped, not being deleted, not failed past its start deadline, of a known class). The one builder
 * of the queue's inputs for the operator's admission and the API's fit check; each side brings only its
 * {@link Knowledge}.
 */
public record AdmissionInputs(List<NodeRoom> nodes, Map<String, Amounts> teamPods, Map<String, Quota> quotas,
    List<Demand> demands) {

  /** What a caller brings beyond the caches: how it reads requests and what it remembers of the queue. */
  public interface Knowledge {

    /** What a pod requests (the operator remembers it per pod version). */
    default Amounts podRequests(Pod pod) {
      return NodeRoom.requests(pod);
    }

    /** What a workspace of this class requests. */
    Amounts request(Workspace ws, WorkspaceClassSpec cls);

    /** Admitted before, by the caller's own memory (the operator's), even where the world does not show it yet. */
    default boolean admittedBefore(String key) {
      return false;
    }

    /** When a workspace not admitted began to wait (first come first served inside its team). */
    Instant waitingSince(String key, Workspace ws);
  }

  /** The inputs for these caches. {@code classes} gives the class of a name, null when unknown. */
  public static AdmissionInputs of(Collection<Node> nodes, Collection<Pod> pods, Collection<Team> teams,
      Collection<Workspace> workspaces, Function<String, WorkspaceClass> classes, Knowledge knowledge) {
    Map<String, Pod> podByKey = new HashMap<>();
    Map<String, Amounts> teamPods = new HashMap<>();
    for (Pod p : pods) {
      if (!NodeRoom.holdsResources(p)) {
        continue;
      }
      podByKey.put(p.getMetadata().getNamespace() + "/" + p.getMetadata().getName(), p);
      String team = Air9.teamOfNamespace(p.getMetadata().getNamespace());
      if (team != null) {
        teamPods.merge(team, knowledge.podRequests(p), Amounts::plus);
      }
    }
    Map<String, Quota> quotas = new HashMap<>();
    for (Team t : teams) {
      quotas.put(t.getMetadata().getName(), Quota.of(t.getSpec() == null ? null : t.getSpec().getQuota()));
    }
    List<Demand> demands = new ArrayList<>();
    for (Workspace ws : workspaces) {
      if (ws.getSpec() == null || ws.getSpec().isStopped() || ws.getMetadata().getDeletionTimestamp() != null
          || StartDeadline.failed(ws)) {
        continue;
      }
      WorkspaceClass cls = classes.apply(ws.getSpec().getWorkspaceClass());
      if (cls == null || cls.getSpec() == null) {
        continue;
      }
      Pod pod = podByKey.get(ws.getMetadata().getNamespace() + "/" + WorkspaceNames.pod(ws.getMetadata().getName()));
      String key = key(ws);
      demands.add(demand(ws, cls.getSpec(), pod, knowledge.admittedBefore(key) || shownAdmitted(ws, pod),
          knowledge));
    }
    return new AdmissionInputs(NodeRoom.of(nodes, pods, knowledge::podRequests), teamPods, quotas, demands);
  }

  /** namespace/name: how the queue names a workspace. */
  public static String key(Workspace ws) {
    return ws.getMetadata().getNamespace() + "/" + ws.getMetadata().getName();
  }

  /**
   * One workspace that should run as a demand: its pod (null when none) exists when it holds resources, and is bound
   * when it also has a node ({@link NodeRoom#bound}); a pod not scheduled yet holds no node's room.
   */
  public static Demand demand(Workspace ws, WorkspaceClassSpec cls, Pod pod, boolean admitted, Knowledge knowledge) {
    String key = key(ws);
    return new Demand(key, Air9.teamOfNamespace(ws.getMetadata().getNamespace()), knowledge.request(ws, cls),
        Placement.of(cls), admitted ? null : knowledge.waitingSince(key, ws), admitted,
        pod != null && NodeRoom.holdsResources(pod), pod != null && NodeRoom.bound(pod));
  }

  /**
   * Whether the world shows this workspace was admitted before (to a reader such as the API, or after an operator
   * restart): its pod holds resources, or its phase says it was let in ({@link Admission#shownAdmitted}).
   */
  public static boolean shownAdmitted(Workspace ws, Pod pod) {
    return Admission.shownAdmitted(ws.getStatus() == null ? null : ws.getStatus().getPhase(),
        pod != null && NodeRoom.holdsResources(pod));
  }

  /** The decisions for these inputs ({@link Admission#evaluate}). */
  public Admission.Result evaluate() {
    return Admission.evaluate(nodes, teamPods, quotas, demands);
  }

  /** Where a workspace not asked for yet would go ({@link Admission#place}). */
  public Decision place(Demand candidate) {
    return Admission.place(nodes, teamPods, quotas, demands, candidate);
  }
}
