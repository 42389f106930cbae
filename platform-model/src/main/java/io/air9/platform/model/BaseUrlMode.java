package io.air9.platform.model;

/** How a workspace application copes with living under a path prefix such as /ws/team-a/alice/. */
public enum BaseUrlMode {
  /** The application serves under the prefix itself (it reads $(AIR9_BASE_URL) in its args). */
  Prefix,
  /** The ingress strips the prefix; the application serves at / and is told the public path in a header. */
  Strip
}
