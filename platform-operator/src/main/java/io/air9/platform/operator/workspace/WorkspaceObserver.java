package io.air9.platform.operator.workspace;

import io.air9.platform.model.Air9;
import io.air9.platform.model.ConnectionType;
import io.air9.platform.model.Workspace;
import io.air9.platform.model.WorkspaceClass;
import io.air9.platform.model.WorkspaceKind;
import io.air9.platform.model.WorkspaceNames;
import io.air9.platform.operator.OperatorSettings;
import io.air9.platform.operator.workspace.WorkspaceObservation.Problem;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.ManagedInformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step 1 of a reconcile (Flink-operator style): what the operator sees of one workspace, read from the informers'
 * caches (class, data connections, the team's MLflow, children, pod, whether the pod's node still exists) plus the StatefulSet's recent warnings while
 * its pod is missing. Changes nothing.
 */
final class WorkspaceObserver {

  private static final Logger LOG = LoggerFactory.getLogger(WorkspaceObserver.class);

  private final OperatorSettings settings;
  private final InformerEventSource<WorkspaceClass, Workspace> classes;
  private final InformerEventSource<Secret, Workspace> connections;
  private final InformerEventSource<Pod, Workspace> pods;
  private final InformerEventSource<Node, Workspace> nodes;
  private final InformerEventSource<Event, Workspace> pulled;
  private final StartProgress progress;

  /** The kubelet's reason for an image pulled, and the index of the Pulled events' cache by their pod's uid. */
  static final String PULLED = "Pulled";
  static final String POD_UID_INDEX = "pod-uid";

  WorkspaceObserver(OperatorSettings settings, InformerEventSource<WorkspaceClass, Workspace> classes,
      InformerEventSource<Secret, Workspace> connections, InformerEventSource<Pod, Workspace> pods,
      InformerEventSource<Node, Workspace> nodes, InformerEventSource<Event, Workspace> pulled,
      StartProgress progress) {
    this.progress = progress;
    this.settings = settings;
    this.classes = classes;
    this.connections = connections;
    this.pods = pods;
    this.nodes = nodes;
    this.pulled = pulled;
  }

  /** The workspace's inputs (class, connections, MLflow) and children, from the caches only. */
  WorkspaceObservation observe(Workspace ws, Context<Workspace> context, Instant now) {
    WorkspaceClass wsc = classes.get(new ResourceID(ws.getSpec().getWorkspaceClass())).orElse(null);
    String url = settings.ingressScheme() + "://" + settings.ingressHost()
        + WorkspaceModel.baseUrl(settings, ws.getMetadata().getNamespace(), ws.getMetadata().getName());
    List<String> connectionProblems = new ArrayList<>();
    List<ResolvedWorkspace.Connection> resolved = resolveConnections(ws, connectionProblems);
    Pod pod = pod(ws);
    return new WorkspaceObservation(ws, wsc, List.of(), statefulSet(ws, context), pod, homeClaim(ws, context),
        List.of(), resolved,
        List.copyOf(connectionProblems), mlflowTrackingUri(ws, context), null, url, null, now, lostNode(pod), null,
        awaitsImagePulled(ws, pod) ? imagePulledEvent(pod) : null, progress.snapshot(now));
  }

  /**
   * The children again (after the workflow changed them), keeping the problems already observed (children refused
   * by quota) and adding, while the pod is missing although the StatefulSet controller tried to create it, the
   * StatefulSet's recent warnings (the only read that is not from a cache).
   */
  WorkspaceObservation children(WorkspaceObservation observed, Context<Workspace> context) {
    Workspace ws = observed.workspace();
    StatefulSet sts = statefulSet(ws, context);
    Pod pod = pod(ws);
    List<Problem> problems = new ArrayList<>(observed.statefulSetProblems());
    if (pod == null && sts != null && !ws.getSpec().isStopped() && podNotCreated(sts)) {
      problems.addAll(statefulSetWarnings(context, ws));
    }
    return observed.withChildren(sts, pod, homeClaim(ws, context), problems, lostNode(pod));
  }

  private static StatefulSet statefulSet(Workspace ws, Context<Workspace> context) {
    return child(ws, context, StatefulSet.class, WorkspaceNames.statefulSet(ws.getMetadata().getName()));
  }

  private static PersistentVolumeClaim homeClaim(Workspace ws, Context<Workspace> context) {
    return child(ws, context, PersistentVolumeClaim.class, WorkspaceNames.homeClaim(ws.getMetadata().getName()));
  }

  /**
   * The workspace's child of this type, by its name in the dependent's informer cache (and JOSDK's cache of what it
   * just wrote): what {@code context.getSecondaryResource} returns, without JOSDK's set of the children, which hashes
   * each whole object (a StatefulSet's pod template and all) on every call: 2% of the operator's CPU in a burst.
   */
  @SuppressWarnings("unchecked")
  private static <R extends HasMetadata> R child(Workspace ws, Context<Workspace> context, Class<R> type,
      String name) {
    EventSource<R, Workspace> source = context.eventSourceRetriever().getEventSourceFor(type);
    if (source instanceof ManagedInformerEventSource<?, ?, ?> informer) {
      return (R) informer.get(new ResourceID(name, ws.getMetadata().getNamespace())).orElse(null);
    }
    return source.getSecondaryResource(ws).orElse(null);
  }

  /** The pod's node when it no longer exists (the node informer's cache has no node of that name), else null. */
  private String lostNode(Pod pod) {
    String node = pod == null || pod.getSpec() == null ? null : pod.getSpec().getNodeName();
    return node == null || nodes.get(new ResourceID(node)).isPresent() ? null : node;
  }

  private Pod pod(Workspace ws) {
    return pods.get(new ResourceID(WorkspaceNames.pod(ws.getMetadata().getName()), ws.getMetadata().getNamespace()))
        .orElse(null);
  }

  private boolean isKind(Workspace ws, WorkspaceKind kind) {
    return classes.get(new ResourceID(ws.getSpec().getWorkspaceClass()))
        .map(c -> c.getSpec().getKind() == kind).orElse(false);
  }

  private List<ResolvedWorkspace.Connection> resolveConnections(Workspace ws, List<String> problems) {
    List<ResolvedWorkspace.Connection> result = new ArrayList<>();
    for (String name : ws.getSpec().getDataConnections()) {
      Optional<Secret> secret = connections.get(new ResourceID(name, ws.getMetadata().getNamespace()));
      if (secret.isEmpty()) {
        problems.add("data connection '" + name + "' does not exist (a Secret labelled "
            + Air9.LABEL_CONNECTION_TYPE + ")");
        continue;
      }
      String type = secret.get().getMetadata().getLabels().get(Air9.LABEL_CONNECTION_TYPE);
      if (ConnectionType.fromLabel(type).isEmpty()) {
        problems.add("data connection '" + name + "' has unknown type '" + type + "'");
        continue;
      }
      List<String> keys = new ArrayList<>();
      if (secret.get().getData() != null) {
        keys.addAll(secret.get().getData().keySet());
      }
      if (secret.get().getStringData() != null) {
        keys.addAll(secret.get().getStringData().keySet());
      }
      result.add(new ResolvedWorkspace.Connection(name, type, keys.stream().distinct().sorted().toList(),
          secret.get().getMetadata().getResourceVersion()));
    }
    return result;
  }

  /**
   * The in-cluster URL of the oldest MLflow workspace in the same namespace (not for MLflow itself; not one being
   * deleted). Kept while the MLflow workspace is stopped, so stopping it does not roll every workspace of the team.
   */
  private String mlflowTrackingUri(Workspace ws, Context<Workspace> context) {
    if (isKind(ws, WorkspaceKind.MLFLOW)) {
      return null;
    }
    // The MLflow classes' workspaces (by the primary cache's class index), not a scan of the team's workspaces on
    // every reconcile: a burst of 300 spent 3% of the operator's CPU listing them.
    String namespace = ws.getMetadata().getNamespace();
    return classes.list(c -> c.getSpec().getKind() == WorkspaceKind.MLFLOW)
        .flatMap(c -> context.getPrimaryCache().byIndex(WorkspaceReconciler.CLASS_INDEX, c.getMetadata().getName())
            .stream())
        .filter(other -> namespace.equals(other.getMetadata().getNamespace())
            && other.getMetadata().getDeletionTimestamp() == null)
        .min(Comparator.comparing((Workspace o) -> o.getMetadata().getCreationTimestamp())
            .thenComparing(o -> o.getMetadata().getName()))
        .flatMap(m -> classes.get(new ResourceID(m.getSpec().getWorkspaceClass()))
            .map(c -> MlflowUri.of(settings, m.getMetadata().getNamespace(), m.getMetadata().getName(), c.getSpec())))
        .orElse(null);
  }

  /**
   * Whether the StatefulSet controller has seen the StatefulSet's current spec, which asks for a pod (not one held at
   * 0 replicas: queued, or a start that failed its deadline), and still counts no pod: it could not
   * create it (quota, admission), and its Warning events say why. Until then (a start in progress, the controller
   * behind) there is nothing to look up: in a burst of starts this saves a LIST per reconcile of each waiting one.
   */
  static boolean podNotCreated(StatefulSet sts) {
    return sts.getStatus() != null
        && (sts.getSpec() == null || !Integer.valueOf(0).equals(sts.getSpec().getReplicas()))
        && Objects.equals(sts.getStatus().getObservedGeneration(), sts.getMetadata().getGeneration())
        && (sts.getStatus().getReplicas() == null || sts.getStatus().getReplicas() == 0);
  }

  /**
   * Whether the start waits for its ImagePulled step and the pod says the image is there (its container has an image
   * ID): only then is the pod's Pulled event read, so a start reads it about once, and a running, stopped or queued
   * workspace never.
   */
  static boolean awaitsImagePulled(Workspace ws, Pod pod) {
    if (ws.getSpec().isStopped() || pod == null || pod.getMetadata().getDeletionTimestamp() != null
        || pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null
        || pod.getStatus().getContainerStatuses().stream().noneMatch(c -> WorkspaceNames.container().equals(c.getName())
            && c.getImageID() != null && !c.getImageID().isBlank())) {
      return false;
    }
    var status = ws.getStatus();
    if (status == null || status.getStartTimeline() == null) {
      return status == null || status.getPhase() != io.air9.platform.model.WorkspacePhase.Running;
    }
    return status.getStartTimeline().stream().noneMatch(s -> s.getStep() == io.air9.platform.model.StartStep.Name.ImagePulled)
        && !StartTimeline.failedBefore(status);
  }

  /**
   * When the kubelet pulled the pod's image: its Pulled event (the first pull), from the cache of Pulled events by
   * the pod's uid (no LIST per start: {@link WorkspaceReconciler}'s {@code pulled-events} source); null when there is
   * none (yet): the timeline then waits for it, or counts the image from when the container started.
   */
  private Instant imagePulledEvent(Pod pod) {
    return pulledAt(pulled.byIndex(POD_UID_INDEX, pod.getMetadata().getUid()));
  }

  /** The first time among a pod's Pulled events; null when there is none. */
  static Instant pulledAt(List<Event> events) {
    return events.stream().map(WorkspaceObserver::firstTime).filter(Objects::nonNull)
        .min(Comparator.naturalOrder()).orElse(null);
  }

  /** The uid of the pod a Pulled event is about (the cache's index); none when it names none. */
  static List<String> podUid(Event e) {
    return e.getInvolvedObject() == null || e.getInvolvedObject().getUid() == null ? List.of()
        : List.of(e.getInvolvedObject().getUid());
  }

  /**
   * A Pulled event reduced to what the cache keeps: the pod it is about and when it happened (the store itself puts
   * back name, namespace and resourceVersion). Its message (the image, its size) is not kept.
   */
  static Event pulledOnly(Event e) {
    Event pruned = new Event();
    pruned.setMetadata(new ObjectMeta());
    if (e.getInvolvedObject() != null) {
      pruned.setInvolvedObject(new ObjectReferenceBuilder()
          .withKind(e.getInvolvedObject().getKind()).withNamespace(e.getInvolvedObject().getNamespace())
          .withName(e.getInvolvedObject().getName()).withUid(e.getInvolvedObject().getUid()).build());
    }
    pruned.setReason(e.getReason());
    pruned.setFirstTimestamp(e.getFirstTimestamp());
    pruned.setLastTimestamp(e.getLastTimestamp());
    pruned.setEventTime(e.getEventTime());
    return pruned;
  }

  /** When an event first happened: firstTimestamp (core/v1), else its eventTime (events.k8s.io). */
  private static Instant firstTime(Event e) {
    String at = e.getFirstTimestamp() != null && !e.getFirstTimestamp().isBlank() ? e.getFirstTimestamp()
        : e.getEventTime() != null ? e.getEventTime().getTime() : e.getLastTimestamp();
    try {
      return at == null || at.isBlank() ? null : Instant.parse(at);
    } catch (java.time.format.DateTimeParseException ex) {
      return null;
    }
  }

  /** Recent Warning events of the StatefulSet: why the pod is not created (quota, admission). */
  private static List<Problem> statefulSetWarnings(Context<Workspace> context, Workspace ws) {
    try {
      return context.getClient().v1().events().inNamespace(ws.getMetadata().getNamespace())
          .withField("involvedObject.name", WorkspaceNames.statefulSet(ws.getMetadata().getName()))
          .withField("involvedObject.kind", "StatefulSet")
          .list().getItems().stream()
          .filter(e -> "Warning".equals(e.getType()))
          .sorted(Comparator.comparing(WorkspaceObserver::eventTime).reversed())
          .map(e -> new Problem(e.getReason(), e.getMessage()))
          .limit(5)
          .toList();
    } catch (KubernetesClientException e) {
      LOG.debug("cannot list events of {}: {}", ws.getMetadata().getName(), e.getMessage());
      return List.of();
    }
  }

  private static String eventTime(Event e) {
    return Objects.requireNonNullElse(e.getLastTimestamp(), Objects.requireNonNullElse(
        e.getEventTime() == null ? null : e.getEventTime().getTime(), ""));
  }
}
