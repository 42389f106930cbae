package io.air9.platform.model;

/** The one place that names a workspace's children, shared by the operator and the API. */
public final class WorkspaceNames {

  private WorkspaceNames() {}

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

  public static String container() {
    return "workspace";
  }

  public static String homeVolume() {
    return "home";
  }
}
