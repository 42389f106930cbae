package io.air9.platform.operator.workspace;

import io.air9.platform.model.Air9;
import io.air9.platform.model.Team;
import io.air9.platform.model.Workspace;
import io.air9.platform.model.WorkspaceClass;
import io.air9.platform.model.WorkspaceKind;
import io.air9.platform.model.WorkspaceNames;
import io.air9.platform.model.WorkspacePhase;
import io.air9.platform.model.WorkspaceStatus;
import io.air9.platform.operator.OperatorSettings;
import io.air9.platform.operator.admission.WorkspaceAdmission;
import io.air9.platform.operator.common.Conditions;
import io.air9.platform.operator.common.ErrorMessages;
import io.air9.platform.operator.common.Labels;
import io.air9.platform.operator.common.PrunedItemStore;
import io.air9.platform.operator.workspace.WorkspaceDependents.HomeClaimDependent;
import io.air9.platform.operator.workspace.WorkspaceDependents.IngressDependent;
import io.air9.platform.operator.workspace.WorkspaceDependents.NetworkPolicyDependent;
import io.air9.platform.operator.workspace.WorkspaceDependents.ServiceAccountDependent;
import io.air9.platform.operator.workspace.WorkspaceDependents.ServiceDependent;
import io.air9.platform.operator.workspace.WorkspaceDependents.SparkConfigDependent;
import io.air9.platform.operator.workspace.WorkspaceDependents.SparkEnabled;
import io.air9.platform.operator.workspace.WorkspaceDependents.SparkRoleBindingDependent;
import io.air9.platform.operator.workspace.WorkspaceDependents.SparkRoleDependent;
import io.air9.platform.operator.workspace.WorkspaceDependents.StatefulSetDependent;
import io.air9.platform.operator.workspace.WorkspaceDependents.TokenSecretDependent;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.NodeSpecBuilder;
import io.fabric8.kubernetes.api.model.NodeStatusBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.javaoperatorsdk.operator.api.config.informer.FieldSelector;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import io.javaoperatorsdk.operator.processing.event.source.informer.TransformingItemStore;
import io.javaoperatorsdk.operator.processing.retry.GradualRetry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles a Workspace in four steps (Flink-operator style), each its own part: observe ({@link WorkspaceObserver}:
 * class, connections, MLflow, children, from the caches), validate ({@link WorkspaceValidation}: the shared
 * validator; an invalid spec changes no child), reconcile ({@link WorkspaceChildren}: the JOSDK workflow of
 * dependents, invoked explicitly after validation), status ({@link WorkspaceStatusRecorder}: the aggregator, Events,
 * a patch only when changed); then culling ({@link WorkspaceCuller}). Never blocks: timers use rescheduleAfter.
 */
@Workflow(explicitInvocation = true, handleExceptionsInReconciler = true, dependents = {
    @Dependent(name = "serviceaccount", type = ServiceAccountDependent.class),
    @Dependent(name = "token", type = TokenSecretDependent.class),
    @Dependent(name = "home", type = HomeClaimDependent.class),
    @Dependent(name = "spark-role", type = SparkRoleDependent.class, reconcilePrecondition = SparkEnabled.class),
    @Dependent(name = "spark-rolebinding", type = SparkRoleBindingDependent.class,
        reconcilePrecondition = SparkEnabled.class, dependsOn = "spark-role"),
    @Dependent(name = "spark-config", type = SparkConfigDependent.class, reconcilePrecondition = SparkEnabled.class),
    @Dependent(name = "statefulset", type = StatefulSetDependent.class,
        dependsOn = {"serviceaccount", "token", "home"}, useEventSourceWithName = WorkspaceReconciler.STS_SOURCE),
    @Dependent(name = "service", type = ServiceDependent.class),
    @Dependent(name = "ingress", type = IngressDependent.class, dependsOn = "service"),
    @Dependent(name = "networkpolicy", type = NetworkPolicyDependent.class),
})
// The Workspace cache keeps no managed fields: the operator reads specs and writes a fresh status-only object.
// Updates that reconcile: WorkspaceUpdates (a new generation, a deletion, a keep-alive); JOSDK's generation-aware
// filter is off because a custom filter can only narrow it.
@ControllerConfiguration(name = "workspace", generationAwareEventProcessing = false, informer = @Informer(
    itemStore = PrunedItemStore.WithoutManagedFields.class, onUpdateFilter = WorkspaceUpdates.class))
// A failed reconcile is retried with back-off for as long as it fails (at most a minute apart): the API server may
// refuse a child for a while (admission, quota, an unreachable webhook) and the status must heal when it accepts.
@GradualRetry(maxAttempts = -1, maxInterval = 60_000)
public class WorkspaceReconciler implements Reconciler<Workspace> {

  private static final Logger LOG = LoggerFactory.getLogger(WorkspaceReconciler.class);
  static final String CLASS_INDEX = "air9.class";
  static final String CONNECTION_INDEX = "air9.connection";
  static final String CLASS_SOURCE = "workspaceclasses";
  static final String CONNECTION_SOURCE = "connections";
  static final String POD_SOURCE = "pods";
  static final String MLFLOW_SOURCE = "mlflow-peers";
  static final String NODE_SOURCE = "nodes";
  static final String TEAM_SOURCE = "teams";
  static final String STS_SOURCE = "statefulsets";
  static final String PULLED_SOURCE = "pulled-events";
  /** The longest a starting or failed workspace goes without a look when nothing it watches changes. */
  static final Duration MAX_RECHECK = Duration.ofMinutes(2);

  private final OperatorSettings settings;
  private final WorkspaceMetrics metrics;
  private final WorkspaceChildren children;
  private final WorkspaceStatusRecorder statusRecorder;
  private final WorkspaceCuller culler;
  private final WorkspaceAdmission admission;
  private volatile WorkspaceObserver observer;
  private final StartProgress startProgress = new StartProgress();

  public WorkspaceReconciler(OperatorSettings settings, WorkspaceMetrics metrics, WorkspaceAdmission admission) {
    this.settings = settings;
    this.metrics = metrics;
    this.admission = admission;
    this.children = new WorkspaceChildren(settings);
    this.statusRecorder = new WorkspaceStatusRecorder(metrics, startProgress);
    this.culler = new WorkspaceCuller(settings, metrics);
  }

  @Override
  public List<EventSource<?, Workspace>> prepareEventSources(EventSourceContext<Workspace> context) {
    metrics.countPhasesOf(() -> context.getPrimaryCache().list());
    context.getPrimaryCache().addIndexer(CLASS_INDEX, ws -> List.of(ws.getSpec().getWorkspaceClass()));
    context.getPrimaryCache().addIndexer(CONNECTION_INDEX, ws -> ws.getSpec().getDataConnections().stream()
        .map(c -> ws.getMetadata().getNamespace() + "/" + c).toList());

    InformerEventSource<WorkspaceClass, Workspace> classes = new InformerEventSource<>(InformerEventSourceConfiguration.from(WorkspaceClass.class, Workspace.class)
        .withName(CLASS_SOURCE)
        .withSecondaryToPrimaryMapper(c -> context.getPrimaryCache()
            .byIndex(CLASS_INDEX, c.getMetadata().getName()).stream().map(ResourceID::fromResource)
            .collect(Collectors.toSet()))
        .withPrimaryToSecondaryMapper((Workspace ws) -> Set.of(new ResourceID(ws.getSpec().getWorkspaceClass())))
        .build(), context);
    InformerEventSource<Secret, Workspace> connections = new InformerEventSource<>(InformerEventSourceConfiguration.from(Secret.class, Workspace.class)
        .withName(CONNECTION_SOURCE)
        .withLabelSelector(Air9.LABEL_CONNECTION_TYPE)
        // Key names and versions only: the operator's memory holds no connection value.
        .withItemStore(new PrunedItemStore.SecretKeysOnly())
        .withSecondaryToPrimaryMapper(s -> context.getPrimaryCache()
            .byIndex(CONNECTION_INDEX, s.getMetadata().getNamespace() + "/" + s.getMetadata().getName()).stream()
            .map(ResourceID::fromResource).collect(Collectors.toSet()))
        .withPrimaryToSecondaryMapper((Workspace ws) -> ws.getSpec().getDataConnections().stream()
            .map(c -> new ResourceID(c, ws.getMetadata().getNamespace())).collect(Collectors.toSet()))
        .build(), context);
    // Every pod, not only workspaces': what pods request is the nodes' and the teams' used room, which the
    // admission queue reads (the cache keeps only that and the status: PodFacts). Any pod event marks the queue for
    // evaluation; a workspace's pod re-reconciles it.
    InformerEventSource<Pod, Workspace> pods = new InformerEventSource<>(InformerEventSourceConfiguration.from(Pod.class, Workspace.class)
        .withName(POD_SOURCE)
        .withItemStore(new PrunedItemStore.PodFacts())
        .withSecondaryToPrimaryMapper(p -> {
          admission.changed();
          return workspaceOf(p).map(Set::of).orElse(Set.of());
        })
        .withPrimaryToSecondaryMapper((Workspace ws) -> Set.of(
            new ResourceID(WorkspaceNames.pod(ws.getMetadata().getName()), ws.getMetadata().getNamespace())))
        .build(), context);
    // The kubelet's Pulled events of pods (the ImagePulled start step), filtered by the API server (reason=Pulled)
    // and kept as the pod's uid and the event's times: read from this cache instead of a LIST per start, which
    // cost the API server 17.5 ms of CPU with 1000 Events in a team's namespace (docs/benchmarks.md). Its arrival
    // reconciles the pod's workspace, whose start may wait for it.
    InformerEventSource<Event, Workspace> pulled = new InformerEventSource<>(
        InformerEventSourceConfiguration.from(Event.class, Workspace.class)
            .withName(PULLED_SOURCE)
            .withFieldSelector(new FieldSelector(new FieldSelector.Field("reason", WorkspaceObserver.PULLED),
                new FieldSelector.Field("involvedObject.kind", "Pod")))
            .withItemStore(new TransformingItemStore<>(WorkspaceObserver::pulledOnly))
            .withSecondaryToPrimaryMapper(e -> e.getInvolvedObject() == null ? Set.of()
                : pods.get(new ResourceID(e.getInvolvedObject().getName(), e.getInvolvedObject().getNamespace()))
                    .flatMap(WorkspaceReconciler::workspaceOf).map(Set::of).orElse(Set.of()))
            .withPrimaryToSecondaryMapper((Workspace ws) -> Set.of())
            .build(), context);
    pulled.addIndexers(Map.of(WorkspaceObserver.POD_UID_INDEX, WorkspaceObserver::podUid));
    // The StatefulSet dependent's informer (useEventSourceWithName), made here so that its filters read the pod.
    StatefulSetEvents statefulSetEvents = new StatefulSetEvents(sts -> workspaceOf(sts.getMetadata())
        .flatMap(ws -> pods.get(new ResourceID(WorkspaceNames.pod(ws.getName()), ws.getNamespace().orElse(null))))
        .orElse(null));
    InformerEventSource<StatefulSet, Workspace> statefulSets = new InformerEventSource<>(
        InformerEventSourceConfiguration.from(StatefulSet.class, Workspace.class)
            .withName(STS_SOURCE)
            .withLabelSelector(Labels.MANAGED_SELECTOR)
            .withItemStore(new PrunedItemStore<>())
            .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(Workspace.class))
            .withOnAddFilter(StatefulSetEvents::seenByController)
            .withOnUpdateFilter(statefulSetEvents)
            .build(), context);
    InformerEventSource<Node, Workspace> nodes = new InformerEventSource<>(nodeCapacity()
        .withSecondaryToPrimaryMapper(n -> {
          admission.changed();
          return pods.list(p -> n.getMetadata().getName().equals(p.getSpec().getNodeName()))
              .flatMap(p -> workspaceOf(p).stream()).collect(Collectors.toSet());
        })
        .build(), context);
    // Teams' quotas only feed the admission queue, which re-reconciles the workspaces it admits or moves.
    InformerEventSource<Team, Workspace> teams = new InformerEventSource<>(InformerEventSourceConfiguration.from(Team.class, Workspace.class)
        .withName(TEAM_SOURCE)
        .withSecondaryToPrimaryMapper(t -> {
          admission.changed();
          return Set.of();
        })
        .withPrimaryToSecondaryMapper((Workspace ws) -> Set.of())
        .build(), context);
    admission.use(new WorkspaceAdmission.Caches(() -> context.getPrimaryCache().list().toList(),
        name -> classes.get(new ResourceID(name)).orElse(null), () -> nodes.list(n -> true).toList(),
        () -> pods.list(p -> true).toList(), () -> teams.list(t -> true).toList()));
    observer = new WorkspaceObserver(settings, classes, connections, pods, nodes, pulled, startProgress);
    // A team's MLflow workspace coming, going or changing its Service re-reconciles its team mates
    // (MLFLOW_TRACKING_URI). Watched through the MLflow workspaces' Services (label-scoped: a few per team), not a
    // second cache of every Workspace: the tracking URI is read from the primary cache.
    InformerEventSource<Service, Workspace> mlflowPeers = new InformerEventSource<>(
        InformerEventSourceConfiguration.from(Service.class, Workspace.class)
            .withName(MLFLOW_SOURCE)
            .withLabelSelector(Labels.MANAGED_SELECTOR + "," + Labels.WORKSPACE_KIND + "="
                + Labels.kind(WorkspaceKind.MLFLOW))
            .withSecondaryToPrimaryMapper(s -> context.getPrimaryCache().list(s.getMetadata().getNamespace())
                .filter(other -> !other.getMetadata().getName().equals(
                    s.getMetadata().getLabels().get(Air9.LABEL_WORKSPACE)))
                .map(ResourceID::fromResource).collect(Collectors.toSet()))
            .withPrimaryToSecondaryMapper((Workspace ws) -> Set.of())
            .build(), context);
    return List.of(classes, connections, pods, pulled, statefulSets, nodes, mlflowPeers, teams, admission);
  }

  /** The workspace a pod belongs to, when the operator made it. */
  private static Optional<ResourceID> workspaceOf(Pod p) {
    return workspaceOf(p.getMetadata());
  }

  /** The workspace an object belongs to, when the operator made it (by its labels). */
  private static Optional<ResourceID> workspaceOf(ObjectMeta meta) {
    var labels = meta.getLabels();
    String workspace = labels == null ? null : labels.get(Air9.LABEL_WORKSPACE);
    return workspace == null || !Labels.MANAGER.equals(labels.get(Labels.MANAGED_BY)) ? Optional.empty()
        : Optional.of(new ResourceID(workspace, meta.getNamespace()));
  }

  /**
   * Nodes as capacity, and nothing more: the cache keeps a node's name, labels, taints, cordon, allocatable and Ready
   * condition (not its images, addresses and other conditions). An added node, or a change of those, marks the
   * admission queue for evaluation (heartbeats change nothing kept, so they are no events); a node's deletion is an
   * event for the workspaces whose pods it ran (their pods linger on the vanished node until the pod garbage
   * collector removes them, about 40 s; meanwhile the status says NodeLost).
   */
  InformerEventSourceConfiguration.Builder<Node> nodeCapacity() {
    return InformerEventSourceConfiguration.from(Node.class, Workspace.class)
        .withName(NODE_SOURCE)
        .withItemStore(new TransformingItemStore<>(WorkspaceReconciler::capacityOnly))
        .withOnAddFilter(n -> {
          admission.changed();
          return false;
        })
        .withOnUpdateFilter((n, old) -> {
          if (!capacityOnly(n).equals(capacityOnly(old))) {
            admission.changed();
          }
          return false;
        })
        .withPrimaryToSecondaryMapper((Workspace ws) -> Set.of());
  }

  /** A node reduced to what the node cache keeps (the store itself puts back name and resourceVersion). */
  static Node capacityOnly(Node node) {
    Node pruned = new Node();
    pruned.setMetadata(new ObjectMeta());
    pruned.getMetadata().setName(node.getMetadata() == null ? null : node.getMetadata().getName());
    pruned.getMetadata().setLabels(node.getMetadata() == null ? null : node.getMetadata().getLabels());
    if (node.getSpec() != null) {
      pruned.setSpec(new NodeSpecBuilder().withTaints(node.getSpec().getTaints())
          .withUnschedulable(node.getSpec().getUnschedulable()).build());
    }
    if (node.getStatus() != null) {
      pruned.setStatus(new NodeStatusBuilder().withAllocatable(node.getStatus().getAllocatable())
          .withConditions(node.getStatus().getConditions() == null ? List.of() : node.getStatus().getConditions()
              .stream().filter(c -> "Ready".equals(c.getType()))
              .map(c -> new NodeConditionBuilder().withType(c.getType()).withStatus(c.getStatus()).build()).toList())
          .build());
    }
    return pruned;
  }

  @Override
  public UpdateControl<Workspace> reconcile(Workspace cached, Context<Workspace> context) {
    Instant now = Instant.now();
    Workspace ws = statusRecorder.current(cached, now);
    WorkspaceObservation observed = WorkspaceValidation.validate(observer.observe(ws, context, now));
    if (observed.violations().isEmpty()) {
      observed = observed.withQueue(admission.decide(ws, observed.workspaceClass().getSpec(), observed.pod()));
      observed = children.reconcile(observed, context);
    }
    WorkspaceObservation seen = observer.children(observed, context);
    WorkspaceStatusRecorder.Recorded recorded = statusRecorder.record(seen, context);
    WorkspaceStatus status = recorded.status();
    Optional<Duration> next = WorkspaceStatusRecorder.earliest(culler.check(ws, status, seen.workspaceClass(), context, now)
        .or(() -> recheck(seen, status, now)), untilStartDeadline(seen, status, now));
    return statusRecorder.update(ws, recorded, next, now);
  }

  /**
   * A failed reconcile (JOSDK retries it with back-off): the status aggregator computes the status from what is
   * observed now plus the error, made readable by {@link ErrorMessages}; the full error goes to the log only.
   */
  @Override
  public ErrorStatusUpdateControl<Workspace> updateErrorStatus(Workspace ws, Context<Workspace> context,
      Exception e) {
    LOG.warn("reconcile of workspace {}/{} failed", ws.getMetadata().getNamespace(), ws.getMetadata().getName(), e);
    WorkspaceObservation observed = observer.children(
        WorkspaceValidation.validate(observer.observe(ws, context, Instant.now())), context)
        .withReconcileError(ErrorMessages.readable(e))
        .withImage(ws.getStatus() == null ? null : ws.getStatus().getImage());
    return WorkspaceStatusRecorder.errorUpdate(ws, statusRecorder.recordError(observed, context));
  }

  /**
   * A start in progress fails at its class's deadline, or later while it progresses ({@link StartTimeline#failsAt}):
   * look again exactly then, not by polling.
   */
  private static Optional<Duration> untilStartDeadline(WorkspaceObservation seen, WorkspaceStatus status,
      Instant now) {
    if (StartTimeline.failedBefore(status)) {
      return Optional.empty();
    }
    return StartTimeline.failsAt(status.getStartTimeline(),
            seen.workspaceClass() == null ? null : seen.workspaceClass().getSpec(), seen.progress())
        .filter(at -> at.isAfter(now))
        .map(at -> Duration.between(now, at).plusMillis(1));
  }

  /**
   * Awaited states (quota, scheduling, a volume) and problems may resolve without an event on a watched resource:
   * look again after a while, as long again as the state has lasted (since the last change of a condition or the
   * last step of the start), at least {@link OperatorSettings#provisioningRecheck()} and at most
   * {@link #MAX_RECHECK}: a start that moves on is looked at soon, one that hangs ever less often (no polling in a
   * tight loop; its start deadline is scheduled exactly besides). A valid Running, Stopped or Queued workspace (the
   * admission queue triggers it), a start that failed its deadline (it waits for a new start), an invalid spec, or a
   * start waiting for its volume with its pod there ({@link #awaitsWatchedVolume}), waits for events.
   */
  private Optional<Duration> recheck(WorkspaceObservation seen, WorkspaceStatus status, Instant now) {
    boolean waitsForEvents = !seen.violations().isEmpty() || status.getPhase() == WorkspacePhase.Running
        || status.getPhase() == WorkspacePhase.Stopped || status.getPhase() == WorkspacePhase.Queued
        || StartTimeline.failedBefore(status) || awaitsWatchedVolume(seen.pod(), status);
    return waitsForEvents ? Optional.empty()
        : Optional.of(recheckAfter(lastChange(status), now, settings.provisioningRecheck()));
  }

  /**
   * Whether a start waits for its home volume with its pod there: all it awaits is then watched, the claim's binding
   * (the claim's informer reconciles on its phase) and the pod's scheduling (pod events), and looking again finds
   * nothing new (in a burst of 300, each such wait was looked at about once more, every time for nothing). Its
   * deadline is scheduled besides. Without a pod, why it is missing is read from the StatefulSet's warnings, which
   * are not watched: looked at again.
   */
  static boolean awaitsWatchedVolume(Pod pod, WorkspaceStatus status) {
    return pod != null && Conditions.find(status.getConditions(), WorkspaceStatusAggregator.READY)
        .filter(c -> WorkspaceStatusAggregator.REASON_WAITING_FOR_VOLUME.equals(c.getReason())).isPresent();
  }

  /** The state's age, bounded by {@code min} and {@link #MAX_RECHECK} (pure). */
  static Duration recheckAfter(Instant since, Instant now, Duration min) {
    Duration lasted = since == null || since.isAfter(now) ? Duration.ZERO : Duration.between(since, now);
    return lasted.compareTo(min) < 0 ? min : lasted.compareTo(MAX_RECHECK) > 0 ? MAX_RECHECK : lasted;
  }

  /** When the status last changed in substance: the latest condition transition or start step; null if none. */
  static Instant lastChange(WorkspaceStatus status) {
    Instant latest = null;
    List<String> times = new java.util.ArrayList<>();
    if (status.getConditions() != null) {
      status.getConditions().forEach(c -> times.add(c.getLastTransitionTime()));
    }
    if (status.getStartTimeline() != null) {
      status.getStartTimeline().forEach(step -> times.add(step.getAt()));
    }
    for (String time : times) {
      try {
        Instant at = time == null ? null : Instant.parse(time);
        latest = at != null && (latest == null || at.isAfter(latest)) ? at : latest;
      } catch (java.time.format.DateTimeParseException e) {
        // not ours to judge: a time that does not parse does not count
      }
    }
    return latest;
  }
}
