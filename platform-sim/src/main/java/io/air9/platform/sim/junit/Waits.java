package io.air9.platform.sim.junit;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/** Bounded waiting for tests on a cluster: every loop ends at its timeout. */
public final class Waits {

  private Waits() {}

  /** Sleeps; an interrupt ends the test instead of being swallowed. */
  public static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Polls {@code condition} every 250 ms until it holds; fails naming {@code what} after {@code timeout}. */
  public static void await(String what, Duration timeout, BooleanSupplier condition) {
    Instant end = Instant.now().plus(timeout);
    while (Instant.now().isBefore(end)) {
      if (condition.getAsBoolean()) {
        return;
      }
      sleep(250);
    }
    throw new AssertionError("timed out waiting for " + what);
  }
}
