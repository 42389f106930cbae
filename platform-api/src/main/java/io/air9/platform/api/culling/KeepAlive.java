package io.air9.platform.api.culling;

/**
 * The answer of a keep-alive: the time written to the workspace's {@code air9.io/keep-alive-until} annotation and
 * the cull schedule that follows from it (the operator writes the same into status.cullAt shortly).
 *
 * @param keepAliveUntil until when the workspace is kept alive although idle (RFC 3339)
 * @param cullAt when it will now be stopped (RFC 3339): the kept-alive time, or an earlier maximum runtime or GPU
 *     lease
 * @param cullReason Idle, MaxRuntime or GpuLease
 * @param message the same in words
 */
public record KeepAlive(String keepAliveUntil, String cullAt, String cullReason, String message) {

  /** The body of a keep-alive request. */
  public record Request(String duration) {}
}
