package io.air9.platform.model;

import java.util.List;

/** The one place that names a workspace's children, shared by the operator and the API. */
public final class WorkspaceNames {

  /** A child object of a workspace: its Kubernetes kind and name, in the workspace's namespace. */
  public record Child(String kind, String name) {}

  private WorkspaceNames() {}

  /** The workspace's children (and its pod), for example to find their events. */
  public static List<Child> children(String ws) {
    return List.of(
        new Child("StatefulSet", statefulSet(ws)),
        new Child("Pod", pod(ws)),
        new Child("PersistentVolumeClaim", homeClaim(ws)),
        new Child("Service", service(ws)),
        new Child("Ingress", ingress(ws)),
        new Child("ServiceAccount", serviceAccount(ws)),
        new Child("NetworkPolicy", networkPolicy(ws)),
        new Child("Secret", tokenSecret(ws)),
        new Child("Role", sparkRole(ws)),
        new Child("RoleBinding", sparkRole(ws)),
        new Child("ConfigMap", sparkConfig(ws)));
  }

  public static String statefulSet(String ws) {
    return ws;
  }

  public static String pod(String ws) {
    return ws + "-0";
  }

  public static String service(String ws) {
    return ws;
  }

  public static String serviceAccount(String ws) {
    return ws;
  }

  public static String ingress(String ws) {
    return ws;
  }

  public static String networkPolicy(String ws) {
    return ws;
  }

  public static String homeClaim(String ws) {
    return "home-" + ws;
  }

  public static String tokenSecret(String ws) {
    return ws + "-token";
  }

  public static String sparkRole(String ws) {
    return ws + "-spark";
  }

  /** The ConfigMap with the Spark executor pod template of a Spark-enabled workspace. */
  public static String sparkConfig(String ws) {
    return ws + "-spark";
  }

  /** Spark's spark.kubernetes.executor.podNamePrefix: executors are named PREFIX-exec-N. */
  public static String sparkExecutorPrefix(String ws) {
    return ws;
  }

  public static String container() {
    return "workspace";
  }

  public static String homeVolume() {
    return "home";
  }

  /** The name of the workspace container's app port (its number is the class's): Service, probes, policies. */
  public static String appPort() {
    return "http";
  }

  /** The in-cluster DNS name of the workspace's Service: {@code NAME.NAMESPACE.svc}. */
  public static String serviceHost(String ws, String namespace) {
    return service(ws) + "." + namespace + ".svc";
  }

  /**
   * The workspace's path below the ingress host, always with a trailing slash: {@code PREFIX/NAMESPACE/NAME/}.
   *
   * @param pathPrefix where workspaces live, without a trailing slash, for example {@code /ws}
   */
  public static String basePath(String pathPrefix, String namespace, String ws) {
    return pathPrefix + "/" + namespace + "/" + ws + "/";
  }

  /** Where the user reaches the workspace: {@code SCHEME://HOST} and its {@link #basePath}. */
  public static String url(String scheme, String host, String basePath) {
    return scheme + "://" + host + basePath;
  }
}
