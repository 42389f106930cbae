package io.air9.platform.operator.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.air9.platform.model.ComputeResources;
import io.air9.platform.model.DesiredState;
import io.air9.platform.model.Team;
import io.air9.platform.model.Workspace;
import io.air9.platform.model.WorkspaceClass;
import io.air9.platform.model.WorkspacePhase;
import io.air9.platform.model.WorkspaceStatus;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The operator's side of the queue, on fake caches: fast admission, queueing, release on stop, restart evidence. */
class WorkspaceAdmissionTest {

  final List<Workspace> workspaces = new ArrayList<>();
  final List<Node> nodes = new ArrayList<>(List.of(node("gpu-0", 1)));
  final WorkspaceClass cls = new WorkspaceClass();
  final WorkspaceAdmission admission = new WorkspaceAdmission();

  WorkspaceAdmissionTest() {
    cls.setMetadata(new ObjectMetaBuilder().withName("jupyterlab").build());
    cls.getSpec().setDefaultResources(new ComputeResources("1", "2Gi", 0));
    admission.use(new WorkspaceAdmission.Caches(() -> workspaces, name -> cls, () -> nodes, List::<Pod>of,
        List::<Team>of));
    // No background evaluations: the test evaluates when it says so.
    admission.close();
  }

  static Node node(String name, int gpus) {
    return new NodeBuilder().withNewMetadata().withName(name).endMetadata()
        .withNewStatus().addNewCondition().withType("Ready").withStatus("True").endCondition()
        .withAllocatable(Map.of("cpu", new Quantity("16"), "memory", new Quantity("64Gi"),
            "nvidia.com/gpu", new Quantity(Integer.toString(gpus))))
        .endStatus().build();
  }

  Workspace gpuWorkspace(String team, String name) {
    Workspace ws = new Workspace();
    ws.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("team-" + team).build());
    ws.getSpec().setWorkspaceClass("jupyterlab");
    ws.getSpec().setResources(new ComputeResources("1", "2Gi", 1));
    workspaces.add(ws);
    return ws;
  }

  @Test
  void admitsAtOnceWhileThereIsRoomThenQueuesAndAdmitsWhenOneStops() {
    Workspace first = gpuWorkspace("a", "first");
    assertThat(admission.decide(first, cls.getSpec(), null)).as("room: admitted in its first reconcile").isNull();
    Workspace second = gpuWorkspace("b", "second");
    Queueing waiting = admission.decide(second, cls.getSpec(), null);
    assertThat(waiting).isNotNull();
    assertThat(waiting.position()).as("not placed before the next evaluation").isZero();
    assertThat(waiting.message()).contains("being evaluated");

    assertThat(admission.evaluate()).containsExactly("team-b/second");
    Queueing placed = admission.decide(second, cls.getSpec(), null);
    assertThat(placed.message()).isEqualTo("waiting for 1 GPU; 1st in the queue");
    assertThat(placed.since()).isEqualTo(waiting.since());
    assertThat(admission.evaluate()).as("nothing changed: nobody to wake").isEmpty();

    first.getSpec().setState(DesiredState.Stopped);
    assertThat(admission.decide(first, cls.getSpec(), null)).isNull();
    assertThat(admission.evaluate()).containsExactly("team-b/second");
    assertThat(admission.decide(second, cls.getSpec(), null)).as("admitted").isNull();
    first.getSpec().setState(DesiredState.Running);
    assertThat(admission.decide(first, cls.getSpec(), null)).as("the GPU is taken now").isNotNull();
  }

  @Test
  void evaluatesSoonWhileAWorkspaceWaitsAndLessOftenWhileNobodyDoes() {
    assertThat(admission.debounce()).as("before the first evaluation").isEqualTo(WorkspaceAdmission.DEBOUNCE);
    Workspace one = gpuWorkspace("a", "one");
    assertThat(admission.decide(one, cls.getSpec(), null)).isNull();
    assertThat(admission.debounce()).as("nobody waits: pod events only refresh the room")
        .isEqualTo(WorkspaceAdmission.QUIET_DEBOUNCE);
    Workspace two = gpuWorkspace("b", "two");
    assertThat(admission.decide(two, cls.getSpec(), null)).as("the room does not hold it").isNotNull();
    assertThat(admission.debounce()).as("told to wait for the next evaluation").isEqualTo(WorkspaceAdmission.DEBOUNCE);
    admission.evaluate();
    assertThat(admission.debounce()).as("queued").isEqualTo(WorkspaceAdmission.DEBOUNCE);
    one.getSpec().setState(DesiredState.Stopped);
    admission.decide(one, cls.getSpec(), null);
    assertThat(admission.evaluate()).containsExactly("team-b/two");
    assertThat(admission.debounce()).as("the queue is empty again").isEqualTo(WorkspaceAdmission.QUIET_DEBOUNCE);
  }

  @Test
  void evaluationsTakeAtMostTheirShareOfACore() {
    // A CPU clock that says each evaluation took 20 ms.
    long[] cpu = {0};
    WorkspaceAdmission costly = new WorkspaceAdmission(() -> cpu[0] += 20_000_000L);
    costly.use(new WorkspaceAdmission.Caches(() -> workspaces, name -> cls, () -> nodes, List::<Pod>of,
        List::<Team>of));
    costly.close();
    assertThat(costly.spacing()).as("nothing measured yet").isZero();
    Workspace one = gpuWorkspace("a", "one");
    costly.evaluate();
    assertThat(costly.decide(one, cls.getSpec(), null)).isNull();
    assertThat(costly.spacing()).as("nobody waits: 20 ms is 2% of a core every second")
        .isEqualTo(Duration.ofMillis(1000));
    assertThat(costly.decide(gpuWorkspace("b", "two"), cls.getSpec(), null)).as("no room: waits").isNotNull();
    assertThat(costly.spacing()).as("a workspace waits: 20 ms is 10% of a core every 200 ms")
        .isEqualTo(Duration.ofMillis(200)).isGreaterThan(WorkspaceAdmission.DEBOUNCE);
  }

  @Test
  void aNodeAddedAdmitsTheQueue() {
    admission.decide(gpuWorkspace("a", "one"), cls.getSpec(), null);
    Workspace two = gpuWorkspace("a", "two");
    admission.decide(two, cls.getSpec(), null);
    admission.evaluate();
    assertThat(admission.decide(two, cls.getSpec(), null).position()).isEqualTo(1);
    nodes.add(node("gpu-1", 1));
    assertThat(admission.evaluate()).containsExactly("team-a/two");
    assertThat(admission.decide(two, cls.getSpec(), null)).isNull();
  }

  @Test
  void afterARestartAWorkspaceTheStatusSaysWasLetInStaysAdmitted() {
    Workspace running = gpuWorkspace("a", "running");
    running.setStatus(new WorkspaceStatus());
    running.getStatus().setPhase(WorkspacePhase.Running);
    Workspace queued = gpuWorkspace("b", "queued");
    queued.setStatus(new WorkspaceStatus());
    queued.getStatus().setPhase(WorkspacePhase.Queued);
    queued.getStatus().setQueuedAt("2026-12-01T09:00:00Z");
    assertThat(admission.evaluate()).as("only the waiting one is woken").containsExactly("team-b/queued");
    assertThat(admission.decide(running, cls.getSpec(), null)).isNull();
    Queueing q = admission.decide(queued, cls.getSpec(), null);
    assertThat(q.position()).isEqualTo(1);
    assertThat(q.since()).as("its place in line survives the restart").hasToString("2026-12-01T09:00:00Z");
  }
}
