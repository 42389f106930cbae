package io.air9.platform.operator.common;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes core/v1 Events on the operator's resources (never secret values: callers pass reasons and messages). */
public final class EventRecorder {

  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
  private static final int MAX_MESSAGE = 1000;

  private final KubernetesClient client;

  public EventRecorder(KubernetesClient client) {
    this.client = client;
  }

  public void normal(HasMetadata about, String reason, String message) {
    record(about, "Normal", reason, message);
  }

  public void warning(HasMetadata about, String reason, String message) {
    record(about, "Warning", reason, message);
  }

  private void record(HasMetadata about, String type, String reason, String message) {
    String now = Instant.now().toString();
    String msg = message == null ? "" : message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) : message;
    Event event = new EventBuilder()
        .withNewMetadata().withGenerateName(about.getMetadata().getName() + ".")
        .withNamespace(about.getMetadata().getNamespace() == null ? "default" : about.getMetadata().getNamespace())
        .endMetadata()
        .withNewInvolvedObject()
        .withApiVersion(about.getApiVersion()).withKind(about.getKind())
        .withName(about.getMetadata().getName()).withNamespace(about.getMetadata().getNamespace())
        .withUid(about.getMetadata().getUid()).withResourceVersion(about.getMetadata().getResourceVersion())
        .endInvolvedObject()
        .withType(type).withReason(reason).withMessage(msg)
        .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
        .withNewSource().withComponent(Labels.MANAGER).endSource()
        .withReportingComponent(Labels.MANAGER)
        .build();
    try {
      client.v1().events().resource(event).create();
    } catch (KubernetesClientException e) {
      LOG.warn("could not record event {} on {}/{}: {}", reason, about.getKind(), about.getMetadata().getName(),
          e.getMessage());
    }
  }
}
