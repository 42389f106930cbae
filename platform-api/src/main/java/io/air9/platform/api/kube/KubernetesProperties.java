package io.air9.platform.api.kube;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the API reaches Kubernetes.
 *
 * @param kubeconfig path of a kubeconfig file; empty means Fabric8's defaults (in-cluster service account,
 *     KUBECONFIG or ~/.kube/config)
 * @param fieldManager the server-side apply field manager of every write of the API
 */
@ConfigurationProperties("air9.kubernetes")
public record KubernetesProperties(String kubeconfig, String fieldManager) {

  public KubernetesProperties {
    if (fieldManager == null || fieldManager.isBlank()) {
      fieldManager = "air9-api";
    }
  }
}
