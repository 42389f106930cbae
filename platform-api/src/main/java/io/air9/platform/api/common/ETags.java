package io.air9.platform.api.common;

/** Strong ETags made of resourceVersions. */
public final class ETags {

  private ETags() {}

  public static String of(String resourceVersion) {
    return "\"" + resourceVersion + "\"";
  }

  /** Whether an If-Match header (one or more ETags) names the resourceVersion. */
  public static boolean matches(String ifMatch, String resourceVersion) {
    for (String tag : ifMatch.split(",")) {
      String t = tag.trim();
      if (t.startsWith("W/")) {
        t = t.substring(2);
      }
      if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
        t = t.substring(1, t.length() - 1);
      }
      if (t.equals(resourceVersion)) {
        return true;
      }
    }
    return false;
  }
}
