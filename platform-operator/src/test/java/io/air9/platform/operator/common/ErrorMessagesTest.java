package io.air9.platform.operator.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.AggregatedOperatorException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Errors become messages a user can read: what was refused and why, no class names, URLs or stack traces. */
class ErrorMessagesTest {

  private static final String PVC_URL = "https://127.0.0.1:40123/api/v1/namespaces/team-a/persistentvolumeclaims/"
      + "home-alice?fieldManager=workspace&force=true";

  /** The shape Fabric8's OperationSupport gives a refused server-side apply of a smaller claim. */
  static KubernetesClientException shrinkRefused() {
    Status status = new StatusBuilder().withApiVersion("v1").withKind("Status").withStatus("Failure").withCode(422)
        .withReason("Invalid")
        .withMessage("PersistentVolumeClaim \"home-alice\" is invalid: spec.resources.requests.storage: Forbidden: "
            + "field can not be less than status.capacity")
        .withNewDetails().withKind("PersistentVolumeClaim").withName("home-alice")
        .addNewCause().withField("spec.resources.requests.storage").withReason("FieldValueForbidden")
        .withMessage("Forbidden: field can not be less than status.capacity").endCause()
        .endDetails().build();
    return new KubernetesClientException("Failure executing: PATCH at: " + PVC_URL + ". Message: "
        + status.getMessage() + ". Received status: " + status + ".", 422, status);
  }

  /** How JOSDK reports a failed workflow: keyed by the dependents' class names. */
  static AggregatedOperatorException aggregated(Exception... errors) {
    Map<String, Exception> byDependent = new LinkedHashMap<>();
    for (int i = 0; i < errors.length; i++) {
      byDependent.put("io.air9.platform.operator.workspace.WorkspaceDependents$Dependent" + i, errors[i]);
    }
    return new AggregatedOperatorException("Exception(s) during workflow execution.", byDependent);
  }

  private static void assertReadable(String message) {
    assertThat(message)
        .doesNotContain("Exception", "http://", "https://", "127.0.0.1", "io.fabric8", "io.javaoperatorsdk",
            "io.air9", "Status(", "\tat ", "\n")
        .hasSizeLessThanOrEqualTo(io.air9.platform.model.ReadableMessages.MAX_LENGTH);
  }

  @Test
  void theRawDumpOfTheIssueIsNotReadable() {
    // what the Degraded message used to be: the aggregated exception's message with its cause's
    AggregatedOperatorException e = aggregated(shrinkRefused());
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    assertThat(e.getMessage() + trace).contains("KubernetesClientException").contains("https://");
  }

  @Test
  void aRefusedChildNamesTheChildAndTheApiServersReason() {
    String message = ErrorMessages.readable(aggregated(shrinkRefused()));
    assertThat(message).isEqualTo("the API server refused the PersistentVolumeClaim home-alice: "
        + "spec.resources.requests.storage: Forbidden: field can not be less than status.capacity");
    assertReadable(message);
  }

  @Test
  void severalRefusedChildrenAreListedOnceEach() {
    Status forbidden = new StatusBuilder().withCode(403).withReason("Forbidden")
        .withMessage("statefulsets.apps \"alice\" is forbidden: exceeded quota: air9-team-quota, requested: "
            + "count/statefulsets.apps=1, used: count/statefulsets.apps=5, limited: count/statefulsets.apps=5")
        .withNewDetails().withKind("statefulsets").withName("alice").withGroup("apps").endDetails().build();
    KubernetesClientException quota = new KubernetesClientException("Failure executing: PATCH at: "
        + "https://127.0.0.1:40123/apis/apps/v1/namespaces/team-a/statefulsets/alice. Message: "
        + forbidden.getMessage() + ". Received status: " + forbidden + ".", 403, forbidden);
    String message = ErrorMessages.readable(aggregated(shrinkRefused(), quota, shrinkRefused()));
    assertThat(message).startsWith("the API server refused the PersistentVolumeClaim home-alice: ")
        .contains("; the API server forbade the StatefulSet alice: statefulsets.apps \"alice\" is forbidden: "
            + "exceeded quota: air9-team-quota")
        .containsOnlyOnce("home-alice");
    assertReadable(message);
  }

  @Test
  void aStatusWithoutCausesGivesItsMessageWithoutTheKindPrefix() {
    Status conflict = new StatusBuilder().withCode(409).withReason("Conflict")
        .withMessage("Operation cannot be fulfilled on statefulsets.apps \"alice\": the object has been modified")
        .withNewDetails().withKind("statefulsets").withName("alice").endDetails().build();
    String message = ErrorMessages.readable(new KubernetesClientException("Failure executing: PUT at: "
        + "https://127.0.0.1:1/apis/apps/v1/x. Message: boom.", 409, conflict));
    assertThat(message).isEqualTo("the API server reported a conflict on the StatefulSet alice: Operation cannot be "
        + "fulfilled on statefulsets.apps \"alice\": the object has been modified");
  }

  @Test
  void anUnreachableApiServerSaysSo() {
    KubernetesClientException e = new KubernetesClientException("An error has occurred.",
        new ConnectException("Connection refused: https://127.0.0.1:40123/api"));
    assertThat(ErrorMessages.readable(e)).isEqualTo("the Kubernetes API server could not be reached; retrying");
  }

  @Test
  void anythingElseIsAGenericMessagePointingToTheLog() {
    String message = ErrorMessages.readable(new NullPointerException(
        "Cannot invoke \"io.air9.platform.model.WorkspaceClass.getSpec()\" because \"wsc\" is null"));
    assertThat(message).isEqualTo("unexpected error in the operator; the operator's log has the details");
  }

  @Test
  void whateverTheApiServerSaysNoUrlOrClassNameSurvives() {
    Status odd = new StatusBuilder().withCode(500).withMessage("Internal error occurred: failed calling webhook "
        + "\"v.example.com\": Post \"https://webhook.example.svc:443/validate?timeout=10s\": "
        + "java.lang.IllegalStateException: boom\n\tat com.example.Hook.call(Hook.java:12)")
        .withNewDetails().withKind("persistentvolumeclaims").withName("home-alice").endDetails().build();
    String message = ErrorMessages.readable(new KubernetesClientException("x", 500, odd));
    assertThat(message).startsWith("the API server could not handle the PersistentVolumeClaim home-alice: ")
        .contains("failed calling webhook").contains("IllegalState error: boom");
    assertReadable(message);
  }
}
