package io.air9.platform.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReadableMessagesTest {

  @Test
  void urlsClassNamesAndStackFramesAreRemoved() {
    String raw = """
        io.fabric8.kubernetes.client.KubernetesClientException: Failure executing: POST at: \
        https://127.0.0.1:6443/apis/air9.io/v1alpha1/namespaces/team-a/workspaces. Message: admission webhook \
        "validate.air9.io" denied the request: Post "https://air9-webhook.air9-system.svc:443/validate?timeout=10s"
        \tat io.fabric8.kubernetes.client.dsl.internal.OperationSupport.requestFailure(OperationSupport.java:642)
        \tat java.base/java.lang.Thread.run(Thread.java:1583)
        Caused by: java.net.ConnectException: connection refused
        \t... 12 more""";
    String clean = ReadableMessages.clean(raw);
    assertThat(clean).doesNotContain("://", "io.fabric8", "java.net", "OperationSupport", "Thread.run", "\n", "more")
        .startsWith("KubernetesClient error: Failure executing: POST at: <url>")
        .contains("denied the request", "ConnectException: connection refused".replace("Exception", " error"));
  }

  @Test
  void plainMessagesAreKept() {
    assertThat(ReadableMessages.clean("workspace 'a' already exists")).isEqualTo("workspace 'a' already exists");
    assertThat(ReadableMessages.clean("spec.resources.cpu: 64 exceeds the class maximum of 4"))
        .isEqualTo("spec.resources.cpu: 64 exceeds the class maximum of 4");
    assertThat(ReadableMessages.clean(null)).isNull();
  }

  @Test
  void longMessagesAreCut() {
    assertThat(ReadableMessages.clean("x".repeat(5000))).hasSize(ReadableMessages.MAX_LENGTH).endsWith("...");
  }
}
