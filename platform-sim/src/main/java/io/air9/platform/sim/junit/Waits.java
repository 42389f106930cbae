package io.air9.platform.sim.junit;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

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

  /**
   * Polls {@code condition} every 250 ms for {@code period}; fails naming {@code what} as soon as it does not hold
   * (for "nothing happens": no write, no cull).
   */
  public static void holds(String what, Duration period, BooleanSupplier condition) {
    Instant end = Instant.now().plus(period);
    while (Instant.now().isBefore(end)) {
      if (!condition.getAsBoolean()) {
        throw new AssertionError("no longer true: " + what);
      }
      sleep(250);
    }
  }

  /**
   * A condition for {@link #await}: {@code value} has not changed for {@code quiet} (for "wait until the writes
   * settle").
   */
  public static <T> BooleanSupplier unchangedFor(Duration quiet, Supplier<T> value) {
    return new BooleanSupplier() {
      private T last = value.get();
      private Instant since = Instant.now();

      @Override
      public boolean getAsBoolean() {
        T now = value.get();
        if (!Objects.equals(now, last)) {
          last = now;
          since = Instant.now();
        }
        return !Instant.now().isBefore(since.plus(quiet));
      }
    };
  }
}
