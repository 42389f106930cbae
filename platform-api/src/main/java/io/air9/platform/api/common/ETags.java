package io.air9.platform.api.common;

import io.air9.platform.api.problem.ApiException;
import org.springframework.http.HttpStatus;

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

  /**
   * Refuses (412 problem) a write whose If-Match (when given; {@code *} matches any) does not name the current
   * resourceVersion; {@code what} names the resource for a human, for example {@code team 'a'}.
   */
  public static void require(String ifMatch, String resourceVersion, String what) {
    if (ifMatch != null && !ifMatch.trim().equals("*") && !matches(ifMatch, resourceVersion)) {
      throw new ApiException(HttpStatus.PRECONDITION_FAILED, "Precondition failed",
          what + " changed since the version in If-Match");
    }
  }
}
