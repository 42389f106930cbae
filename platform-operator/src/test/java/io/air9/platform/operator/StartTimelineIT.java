package io.air9.platform.operator;

import static io.air9.platform.operator.WorkspaceLifecycleIT.condition;
import static io.air9.platform.operator.WorkspaceLifecycleIT.events;
import static org.assertj.core.api.Assertions.assertThat;

import io.air9.platform.model.StartStep;
import io.air9.platform.model.Workspace;
import io.air9.platform.operator.workspace.WorkspaceStatusAggregator;
import io.air9.platform.sim.junit.KubernetesClusterTest;
import io.fabric8.kubernetes.api.model.Pod;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The start timeline on the simulated cluster: KWOK stage delays set by a class's pod annotations make the image pull
 * and the container start take measurable time; a class whose home volumes can never bind (a StorageClass without a
 * provisioner) fails its starts at its short start deadline, naming the volume.
 */
@KubernetesClusterTest
class StartTimelineIT extends OperatorIT {

  private static final String NS = "team-timeline";
  private static final Duration PULL = Duration.ofSeconds(3);
  private static final Duration CONTAINER = Duration.ofSeconds(2);
  private static final Duration HANG = Duration.ofSeconds(30);

  @BeforeAll
  static void teamAndClasses() {
    team("timeline", "{cpu: \"16\", memory: 64Gi}");
    String jupyter = SamplesIT.read("deploy/classes/jupyterlab.yaml");
    // KWOK takes the larger of a stage's delay and jitter-delay as the bound of its random delay: set both.
    assertOk(apply(jupyter.replace("name: jupyterlab", "name: slow-start").stripTrailing() + """

          podAnnotations:
            pod-image-pulled.stage.kwok.x-k8s.io/delay: %ds
            pod-ready.stage.kwok.x-k8s.io/delay: %ds
            pod-ready.stage.kwok.x-k8s.io/jitter-delay: %ds
        """.formatted(PULL.toSeconds(), CONTAINER.toSeconds(), CONTAINER.toSeconds())));
    assertOk(apply("""
        apiVersion: storage.k8s.io/v1
        kind: StorageClass
        metadata: {name: air9-it-never-binds}
        provisioner: kubernetes.io/no-provisioner
        volumeBindingMode: Immediate
        """));
    // Pods of these two classes become ready 30 s after they are created: past the first class's 15 s deadline.
    String hangs = """

          podAnnotations:
            pod-ready.stage.kwok.x-k8s.io/delay: %ds
            pod-ready.stage.kwok.x-k8s.io/jitter-delay: %ds
        """.formatted(HANG.toSeconds(), HANG.toSeconds());
    assertOk(apply(jupyter.replace("name: jupyterlab", "name: hangs-start")
        .replaceFirst("startDeadline: \\w+", "startDeadline: 15s").stripTrailing() + hangs));
    assertOk(apply(jupyter.replace("name: jupyterlab", "name: hangs-no-deadline")
        .replaceFirst("startDeadline: \\w+", "startDeadline: 0s").stripTrailing() + hangs));
    assertOk(apply(jupyter.replace("name: jupyterlab", "name: stuck-start")
        .replaceFirst("startDeadline: \\w+", "startDeadline: 15s").stripTrailing() + """

          storageClassName: air9-it-never-binds
        """));
  }

  private static Map<StartStep.Name, StartStep> steps(Workspace ws) {
    return ws.getStatus().getStartTimeline().stream()
        .collect(Collectors.toMap(StartStep::getStep, s -> s));
  }

  private static Instant at(StartStep step) {
    return Instant.parse(step.getAt());
  }

  @Test
  void aStartRecordsEachStepInOrderWithThePodsOwnTimesAndAgainAfterARestart() {
    assertOk(apply(workspace(NS, "slow", "slow-start", "")));
    Workspace ws = waitFor(NS, "slow", w -> w.getStatus() != null && w.getStatus().getStartTimeline() != null
        && w.getStatus().getStartTimeline().size() == StartStep.Name.values().length, Duration.ofSeconds(120));
    List<StartStep> timeline = ws.getStatus().getStartTimeline();
    System.out.println("start timeline of slow: " + timeline);
    assertThat(timeline).extracting(StartStep::getStep).containsExactly(StartStep.Name.values());
    for (int i = 1; i < timeline.size(); i++) {
      assertThat(at(timeline.get(i))).isAfterOrEqualTo(at(timeline.get(i - 1)));
      assertThat(timeline.get(i).getSeconds()).isEqualTo(
          Duration.between(at(timeline.get(i - 1)), at(timeline.get(i))).toMillis() / 1000.0);
    }
    Map<StartStep.Name, StartStep> steps = steps(ws);
    // Accepted: when the operator first saw it (no earlier than its creation, stamped to the second)
    assertThat(at(steps.get(StartStep.Name.Accepted)))
        .isAfterOrEqualTo(Instant.parse(ws.getMetadata().getCreationTimestamp())).isBefore(Instant.now());
    Pod pod = client.pods().inNamespace(NS).withName("slow-0").get();
    String podReady = pod.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType())).findFirst()
        .orElseThrow().getLastTransitionTime();
    assertThat(at(steps.get(StartStep.Name.Ready))).isEqualTo(Instant.parse(podReady));
    assertThat(steps.get(StartStep.Name.ContainerStarted).getAt())
        .isEqualTo(pod.getStatus().getContainerStatuses().get(0).getState().getRunning().getStartedAt());
    // The image was pulled when the kubelet's Pulled event of this pod says (KWOK's pull stage, PULL after the sandbox).
    assertThat(at(steps.get(StartStep.Name.ImagePulled))).isEqualTo(pulledEvent(pod));
    // The pull stage waits PULL after the sandbox, which follows scheduling: from the pod's own scheduled time (both
    // stamped to the second, so no truncation shortens it; the Scheduled step may sit later, when the volume was
    // first seen bound after the pod was scheduled), the image takes at least PULL, and Ready PULL + CONTAINER.
    assertThat(Duration.between(scheduledAt(pod), at(steps.get(StartStep.Name.ImagePulled))))
        .isGreaterThanOrEqualTo(PULL);
    assertThat(Duration.between(scheduledAt(pod), at(steps.get(StartStep.Name.Ready))))
        .isGreaterThanOrEqualTo(PULL.plus(CONTAINER));
    Timer pulled = operator.metrics().registry().find("air9.workspace.start.step")
        .tags("step", "ImagePulled", "class", "slow-start").timer();
    assertThat(pulled).isNotNull();
    assertThat(pulled.count()).isGreaterThanOrEqualTo(1);

    // Stopping clears the timeline; starting again records a new one from the restart.
    assertOk(kubectl("patch", "ws", "slow", "-n", NS, "--type", "merge", "-p", "{\"spec\":{\"state\":\"Stopped\"}}"));
    ws = waitForPhase(NS, "slow", "Stopped", Duration.ofSeconds(60));
    assertThat(ws.getStatus().getStartTimeline()).isNull();
    Instant restart = Instant.now();
    assertOk(kubectl("patch", "ws", "slow", "-n", NS, "--type", "merge", "-p", "{\"spec\":{\"state\":\"Running\"}}"));
    ws = waitFor(NS, "slow", w -> w.getStatus() != null && w.getStatus().getStartTimeline() != null
        && w.getStatus().getStartTimeline().size() == StartStep.Name.values().length, Duration.ofSeconds(120));
    System.out.println("start timeline of slow after a restart: " + ws.getStatus().getStartTimeline());
    steps = steps(ws);
    assertThat(at(steps.get(StartStep.Name.Accepted))).isAfterOrEqualTo(restart.minusSeconds(1));
    assertThat(steps.get(StartStep.Name.VolumeBound).getSeconds()).as("the volume was kept: bound at once")
        .isLessThan(2.0);
    Pod restarted = client.pods().inNamespace(NS).withName("slow-0").get();
    assertThat(at(steps.get(StartStep.Name.ImagePulled))).isEqualTo(pulledEvent(restarted));
    assertThat(Duration.between(scheduledAt(restarted), at(steps.get(StartStep.Name.ImagePulled))))
        .isGreaterThanOrEqualTo(PULL);
  }

  /** The pod's own PodScheduled time. */
  private static Instant scheduledAt(Pod pod) {
    return Instant.parse(pod.getStatus().getConditions().stream().filter(c -> "PodScheduled".equals(c.getType()))
        .findFirst().orElseThrow().getLastTransitionTime());
  }

  /** When the kubelet (KWOK's pull stage) says it pulled this pod's image: its Pulled event. */
  private static Instant pulledEvent(Pod pod) {
    return client.v1().events().inNamespace(NS).withField("involvedObject.uid", pod.getMetadata().getUid())
        .withField("reason", "Pulled").list().getItems().stream().map(e -> Instant.parse(e.getFirstTimestamp()))
        .min(java.util.Comparator.naturalOrder()).orElseThrow(() -> new AssertionError("no Pulled event of "
            + pod.getMetadata().getName()));
  }

  @Test
  void aStartWhoseVolumeNeverBindsFailsAtItsDeadlineNamingTheVolumeAndANewStartClearsIt() {
    assertOk(apply(workspace(NS, "stuck", "stuck-start", "")));
    Workspace ws = waitFor(NS, "stuck", w -> w.getStatus() != null && w.getStatus().getConditions().stream()
        .anyMatch(c -> WorkspaceStatusAggregator.REASON_START_DEADLINE_EXCEEDED.equals(c.getReason())),
        Duration.ofSeconds(90));
    assertThat(ws.getStatus().getPhase().name()).isEqualTo("Failed");
    assertThat(condition(ws, WorkspaceStatusAggregator.READY).getMessage())
        .isEqualTo("the start took longer than 15s: the home volume was never bound");
    assertThat(ws.getStatus().getStartTimeline()).extracting(StartStep::getStep)
        .containsExactly(StartStep.Name.Accepted);
    Instant accepted = at(ws.getStatus().getStartTimeline().get(0));
    // When it failed: the Warning Event the operator emitted then (the Ready condition was False before already).
    Instant failed = client.v1().events().inNamespace(NS).withField("involvedObject.name", "stuck").list()
        .getItems().stream().filter(e -> WorkspaceStatusAggregator.REASON_START_DEADLINE_EXCEEDED.equals(e.getReason()))
        .map(e -> Instant.parse(e.getFirstTimestamp())).findFirst().orElseThrow();
    Duration took = Duration.between(accepted.truncatedTo(ChronoUnit.SECONDS), failed);
    System.out.println("stuck failed " + took.toMillis() + " ms after its start (deadline 15 s)");
    assertThat(took).isBetween(Duration.ofSeconds(15), Duration.ofSeconds(20));
    assertThat(events(NS, "stuck")).contains("StartDeadlineExceeded").contains("the home volume was never bound");
    waitForNoPod("stuck");

    // A new start (stop, then start) clears the failure and the deadline counts again from the restart.
    assertOk(kubectl("patch", "ws", "stuck", "-n", NS, "--type", "merge", "-p", "{\"spec\":{\"state\":\"Stopped\"}}"));
    waitForPhase(NS, "stuck", "Stopped", Duration.ofSeconds(60));
    assertOk(kubectl("patch", "ws", "stuck", "-n", NS, "--type", "merge", "-p", "{\"spec\":{\"state\":\"Running\"}}"));
    ws = waitFor(NS, "stuck", w -> w.getStatus() != null && w.getStatus().getStartTimeline() != null
        && at(w.getStatus().getStartTimeline().get(0)).isAfter(failed), Duration.ofSeconds(30));
    assertThat(ws.getStatus().getPhase().name()).isEqualTo("Pending");
    assertThat(condition(ws, WorkspaceStatusAggregator.READY).getReason()).isEqualTo("WaitingForVolume");
  }

  /** The workspace's StatefulSet asks for no pod and its pod is gone: nothing holds quota, a node's room or a GPU. */
  private static void waitForNoPod(String name) {
    client.apps().statefulSets().inNamespace(NS).withName(name).waitUntilCondition(
        sts -> sts != null && sts.getSpec().getReplicas() == 0, 60, java.util.concurrent.TimeUnit.SECONDS);
    client.pods().inNamespace(NS).withName(name + "-0").waitUntilCondition(p -> p == null, 60,
        java.util.concurrent.TimeUnit.SECONDS);
  }

  @Test
  void aStartPastItsDeadlineIsStoppedAndStaysFailedWhenItsPodWouldHaveBecomeReadyAndStopStartBeginsAfresh() {
    // "control" hangs exactly like "hung" but its class sets no deadline: when it is Running, hung's pod would be too.
    assertOk(apply(workspace(NS, "hung", "hangs-start", "")));
    assertOk(apply(workspace(NS, "control", "hangs-no-deadline", "")));
    Workspace ws = waitFor(NS, "hung", w -> w.getStatus() != null && w.getStatus().getConditions().stream()
        .anyMatch(c -> WorkspaceStatusAggregator.REASON_START_DEADLINE_EXCEEDED.equals(c.getReason())),
        Duration.ofSeconds(90));
    assertThat(ws.getStatus().getPhase().name()).isEqualTo("Failed");
    String message = condition(ws, WorkspaceStatusAggregator.READY).getMessage();
    System.out.println("hung failed: " + message + "; timeline " + ws.getStatus().getStartTimeline());
    assertThat(message).startsWith("the start took longer than 15s: ").contains("never");
    List<StartStep> failedTimeline = ws.getStatus().getStartTimeline();
    waitForNoPod("hung");

    waitForPhase(NS, "control", "Running", Duration.ofSeconds(120));
    ws = client.resources(Workspace.class).inNamespace(NS).withName("hung").get();
    assertThat(client.pods().inNamespace(NS).withName("hung-0").get()).as("no pod left after the deadline").isNull();
    assertThat(ws.getStatus().getPhase().name()).as("still Failed when the hung step would have completed")
        .isEqualTo("Failed");
    assertThat(condition(ws, WorkspaceStatusAggregator.READY).getMessage()).isEqualTo(message);
    assertThat(ws.getStatus().getStartTimeline()).as("the failed start's timeline is kept").isEqualTo(failedTimeline);

    // Stop, then start: a new start, with a new timeline, its pod, and a deadline counted from the restart.
    assertOk(kubectl("patch", "ws", "hung", "-n", NS, "--type", "merge", "-p", "{\"spec\":{\"state\":\"Stopped\"}}"));
    waitForPhase(NS, "hung", "Stopped", Duration.ofSeconds(60));
    Instant restart = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    assertOk(kubectl("patch", "ws", "hung", "-n", NS, "--type", "merge", "-p", "{\"spec\":{\"state\":\"Running\"}}"));
    ws = waitFor(NS, "hung", w -> w.getStatus() != null && w.getStatus().getStartTimeline() != null
        && !at(w.getStatus().getStartTimeline().get(0)).isBefore(restart), Duration.ofSeconds(60));
    assertThat(ws.getStatus().getPhase().name()).isIn("Pending", "Provisioning");
    client.pods().inNamespace(NS).withName("hung-0").waitUntilCondition(p -> p != null, 60,
        java.util.concurrent.TimeUnit.SECONDS);
    Instant accepted = at(ws.getStatus().getStartTimeline().get(0));
    ws = waitFor(NS, "hung", w -> w.getStatus() != null && w.getStatus().getConditions().stream()
        .anyMatch(c -> WorkspaceStatusAggregator.REASON_START_DEADLINE_EXCEEDED.equals(c.getReason())),
        Duration.ofSeconds(90));
    // Seen by this test's watch: no earlier than the failure itself.
    Duration took = Duration.between(accepted, Instant.now());
    System.out.println("the new start of hung was seen failed " + took.toMillis() + " ms after it began (deadline 15 s)");
    assertThat(took).as("a fresh deadline").isGreaterThanOrEqualTo(Duration.ofSeconds(14));
    waitForNoPod("hung");
  }
}
