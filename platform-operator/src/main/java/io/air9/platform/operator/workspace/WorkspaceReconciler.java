package io.air9.platform.operator.workspace;

import io.air9.platform.model.WorkspaceNames;
import io.air9.platform.model.Air9;
import io.air9.platform.model.Workspace;
import io.air9.platform.model.WorkspaceClass;
import io.air9.platform.model.WorkspaceKind;
import io.air9.platform.model.WorkspacePhase;
import io.air9.platform.model.WorkspaceStatus;
import io.air9.platform.model.validation.WorkspaceValidator;
import io.air9.platform.operator.OperatorSettings;
import io.air9.platform.operator.common.Conditions;
import io.air9.platform.operator.common.ErrorMessages;
import io.air9.platform.operator.common.EventRecorder;
import io.air9.platform.operator.common.Labels;
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
import io.air9.platform.operator.workspace.WorkspaceObservation.Problem;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.dependent.workflow.WorkflowReconcileResult;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.retry.GradualRetry;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles a Workspace in three steps (Flink-operator style): observe (class, connections, MLflow, children),
 * validate (the shared {@link WorkspaceValidator}; an invalid spec changes no child), reconcile (the JOSDK workflow
 * of dependents, invoked explicitly after validation), then one status aggregation and culling. Never blocks: timers
 * use rescheduleAfter.
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
        dependsOn = {"serviceaccount", "token", "home"}),
    @Dependent(name = "service", type = ServiceDependent.class),
    @Dependent(name = "ingress", type = IngressDependent.class, dependsOn = "service"),
    @Dependent(name = "networkpolicy", type = NetworkPolicyDependent.class),
})
@ControllerConfiguration(name = "workspace")
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

  private final OperatorSettings settings;
  private final WorkspaceMetrics metrics;
  private final ActivityProbe activityProbe = new ActivityProbe();
  private static final Duration PROBE_ANSWER_WAIT = Duration.ofSeconds(6);
  private volatile WorkspaceObserver observer;

  public WorkspaceReconciler(OperatorSettings settings, WorkspaceMetrics metrics) {
    this.settings = settings;
    this.metrics = metrics;
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
        .withSecondaryToPrimaryMapper(s -> context.getPrimaryCache()
            .byIndex(CONNECTION_INDEX, s.getMetadata().getNamespace() + "/" + s.getMetadata().getName()).stream()
            .map(ResourceID::fromResource).collect(Collectors.toSet()))
        .withPrimaryToSecondaryMapper((Workspace ws) -> ws.getSpec().getDataConnections().stream()
            .map(c -> new ResourceID(c, ws.getMetadata().getNamespace())).collect(Collectors.toSet()))
        .build(), context);
    InformerEventSource<Pod, Workspace> pods = new InformerEventSource<>(InformerEventSourceConfiguration.from(Pod.class, Workspace.class)
        .withName(POD_SOURCE)
        .withLabelSelector(Labels.MANAGED_SELECTOR + "," + Air9.LABEL_WORKSPACE)
        .withSecondaryToPrimaryMapper(p -> Set.of(new ResourceID(
            p.getMetadata().getLabels().get(Air9.LABEL_WORKSPACE), p.getMetadata().getNamespace())))
        .withPrimaryToSecondaryMapper((Workspace ws) -> Set.of(
            new ResourceID(WorkspaceNames.pod(ws.getMetadata().getName()), ws.getMetadata().getNamespace())))
        .build(), context);
    WorkspaceObserver obs = new WorkspaceObserver(settings, classes, connections, pods);
    observer = obs;
    // A team's MLflow workspace coming, going or changing re-reconciles its team mates (MLFLOW_TRACKING_URI).
    InformerEventSource<Workspace, Workspace> mlflowPeers = new InformerEventSource<>(
        InformerEventSourceConfiguration.from(Workspace.class, Workspace.class)
            .withName(MLFLOW_SOURCE)
            .withSecondaryToPrimaryMapper(m -> obs.isKind(m, WorkspaceKind.MLFLOW)
                ? context.getPrimaryCache().list(m.getMetadata().getNamespace())
                    .filter(other -> !other.getMetadata().getName().equals(m.getMetadata().getName()))
                    .map(ResourceID::fromResource).collect(Collectors.toSet())
                : Set.of())
            .withPrimaryToSecondaryMapper((Workspace ws) -> Set.of())
            .build(), context);
    return List.of(classes, connections, pods, mlflowPeers);
  }

  @Override
  public UpdateControl<Workspace> reconcile(Workspace ws, Context<Workspace> context) {
    Instant now = Instant.now();
    // 1. observe
    WorkspaceObservation observed = observer.observe(ws, context, now);
    // 2. validate
    observed = validate(observed);
    List<Problem> childErrors = new ArrayList<>();
    // 3. reconcile children, only for a valid spec
    if (observed.violations().isEmpty()) {
      WorkspaceClass wsc = observed.workspaceClass();
      ResolvedWorkspace resolved = new ResolvedWorkspace(ws, wsc.getSpec(), settings, observed.connections(),
          observed.mlflowTrackingUri());
      observed = observed.withImage(new WorkspaceModel(resolved).image());
      context.managedWorkflowAndDependentResourceContext().put(WorkspaceDependents.RESOLVED, resolved);
      WorkflowReconcileResult result = context.managedWorkflowAndDependentResourceContext()
          .reconcileManagedWorkflow();
      result.getErroredDependents().forEach((dependent, error) -> {
        if (!isQuotaRefusal(error)) {
          result.throwAggregateExceptionIfErrorsPresent();
        }
        childErrors.add(new Problem("FailedCreate", ErrorMessages.readable(error)));
      });
    }
    // 4. status from the children as they are now
    observed = observer.children(observed, context, childErrors);
    WorkspaceStatus status = WorkspaceStatusAggregator.aggregate(observed);
    emitEvents(context, ws, status);
    recordMetrics(ws, status, now);

    // 5. culling timer
    WorkspaceClass wsc = observed.workspaceClass();
    Optional<Duration> remaining = wsc == null ? Optional.empty()
        : IdleCulling.remaining(withStatus(ws, status), wsc.getSpec(), status.getPhase() == WorkspacePhase.Running,
            now);
    boolean idle = remaining.isPresent() && (remaining.get().isNegative() || remaining.get().isZero());
    boolean askFirst = idle && activityProbe.mustProbeBeforeCulling(settings, ws, wsc.getSpec(), now);
    if (askFirst) {
      // the app may know of activity the annotation does not: ask it, decide when its answer is in
      activityProbe.start(context.getClient(), settings, withStatus(ws, status), wsc.getSpec());
    } else if (idle) {
      cull(context, ws, IdleCulling.timeout(ws, wsc.getSpec()).orElseThrow());
    }

    UpdateControl<Workspace> control = Objects.equals(status, ws.getStatus())
        ? UpdateControl.noUpdate() : UpdateControl.patchStatus(statusOnly(ws, status));
    if (remaining.isPresent() && !idle) {
      control.rescheduleAfter(remaining.get().plusMillis(200));
    } else if (askFirst) {
      control.rescheduleAfter(PROBE_ANSWER_WAIT);
    } else if (observed.violations().isEmpty() && status.getPhase() != WorkspacePhase.Running
        && status.getPhase() != WorkspacePhase.Stopped) {
      // awaited states (quota, scheduling) and problems may resolve without an event on a watched resource
      control.rescheduleAfter(settings.provisioningRecheck());
    }
    return control;
  }

  /** Step 2: the shared validator, against the class and the existing home volume (it can grow, never shrink). */
  private static WorkspaceObservation validate(WorkspaceObservation observed) {
    return observed.withViolations(WorkspaceValidator.validate(observed.workspace().getSpec(),
        observed.workspaceClass(), observed.currentStorage()));
  }

  /**
   * A reconcile that failed (JOSDK retries it): the status aggregator computes the status from what is observed now
   * plus the error, made readable by {@link ErrorMessages} (the full error goes to the log only).
   */
  @Override
  public ErrorStatusUpdateControl<Workspace> updateErrorStatus(Workspace ws, Context<Workspace> context,
      Exception e) {
    LOG.warn("reconcile of workspace {}/{} failed", ws.getMetadata().getNamespace(), ws.getMetadata().getName(), e);
    WorkspaceObservation observed = observer.children(validate(observer.observe(ws, context, Instant.now())),
        context, List.of()).withReconcileError(ErrorMessages.readable(e));
    if (ws.getStatus() != null) {
      observed = observed.withImage(ws.getStatus().getImage());
    }
    WorkspaceStatus status = WorkspaceStatusAggregator.aggregate(observed);
    emitEvents(context, ws, status);
    if (Objects.equals(status, ws.getStatus())) {
      return ErrorStatusUpdateControl.noStatusUpdate();
    }
    return ErrorStatusUpdateControl.patchStatus(statusOnly(ws, status));
  }

  /** A child refused by a ResourceQuota (e.g. the team's maximum of workspaces): a status, not a retryable error. */
  private static boolean isQuotaRefusal(Exception error) {
    Throwable t = error;
    while (t != null) {
      if (t instanceof KubernetesClientException k && k.getCode() == 403 && k.getMessage() != null
          && k.getMessage().contains("exceeded quota")) {
        return true;
      }
      t = t.getCause();
    }
    return false;
  }

  /** One Event per change of the Degraded reason (and on Ready), so hanging starts explain themselves. */
  private void emitEvents(Context<Workspace> context, Workspace ws, WorkspaceStatus status) {
    EventRecorder events = new EventRecorder(context.getClient());
    List<Condition> prev = previousConditions(ws);
    Condition degraded = Conditions.find(status.getConditions(), WorkspaceStatusAggregator.DEGRADED).orElseThrow();
    Optional<Condition> before = Conditions.find(prev, WorkspaceStatusAggregator.DEGRADED);
    boolean changed = before.map(b -> !Objects.equals(b.getReason(), degraded.getReason())
        || !Objects.equals(b.getStatus(), degraded.getStatus())).orElse(true);
    if (changed && Conditions.TRUE.equals(degraded.getStatus())) {
      events.warning(ws, degraded.getReason(), degraded.getMessage());
    }
    if (Conditions.isTrue(status.getConditions(), WorkspaceStatusAggregator.READY)
        && !Conditions.isTrue(prev, WorkspaceStatusAggregator.READY)) {
      events.normal(ws, "Ready", "workspace is ready at " + status.getUrl());
    }
  }

  private void recordMetrics(Workspace ws, WorkspaceStatus status, Instant now) {
    if (status.getPhase() == WorkspacePhase.Running && ws.getMetadata().getCreationTimestamp() != null) {
      metrics.firstReady(ws.getMetadata().getUid(),
          Duration.between(Instant.parse(ws.getMetadata().getCreationTimestamp()), now));
    }
  }

  private void cull(Context<Workspace> context, Workspace ws, Duration timeout) {
    LOG.info("culling idle workspace {}/{} (idle timeout {})", ws.getMetadata().getNamespace(),
        ws.getMetadata().getName(), timeout);
    String patch = "{\"metadata\":{\"annotations\":{\"" + IdleCulling.ANNOTATION_CULLED_AT + "\":\""
        + Instant.now() + "\"}},\"spec\":{\"state\":\"Stopped\"}}";
    context.getClient().resources(Workspace.class).inNamespace(ws.getMetadata().getNamespace())
        .withName(ws.getMetadata().getName())
        .patch(new PatchContext.Builder().withPatchType(PatchType.JSON_MERGE)
            .withFieldManager(IdleCulling.FIELD_MANAGER).build(), patch);
    new EventRecorder(context.getClient()).normal(ws, "Culled",
        "stopped after " + timeout + " without activity; storage is kept. Set spec.state to Running to start it");
    metrics.culled();
  }

  private static List<Condition> previousConditions(Workspace ws) {
    return ws.getStatus() == null ? List.of() : ws.getStatus().getConditions();
  }

  private static Workspace withStatus(Workspace ws, WorkspaceStatus status) {
    Workspace copy = new Workspace();
    copy.setMetadata(ws.getMetadata());
    copy.setSpec(ws.getSpec());
    copy.setStatus(status);
    return copy;
  }

  /** A fresh object with only identity and status: server-side apply then owns exactly the status. */
  private static Workspace statusOnly(Workspace ws, WorkspaceStatus status) {
    Workspace fresh = new Workspace();
    fresh.setMetadata(new ObjectMetaBuilder().withName(ws.getMetadata().getName())
        .withNamespace(ws.getMetadata().getNamespace()).build());
    fresh.setStatus(status);
    return fresh;
  }

}
