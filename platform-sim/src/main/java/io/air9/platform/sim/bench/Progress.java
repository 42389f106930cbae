package io.air9.platform.sim.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/** Progress lines on stdout, each with the time since the benchmark began. */
final class Progress {

  private final Instant epoch;

  Progress(Instant epoch) {
    this.epoch = epoch;
  }

  Instant epoch() {
    return epoch;
  }

  double now() {
    return Duration.between(epoch, Instant.now()).toMillis() / 1000.0;
  }

  void say(String format, Object... args) {
    System.out.printf(Locale.ROOT, "[bench %6.1f s] %s%n", now(), String.format(Locale.ROOT, format, args));
    System.out.flush();
  }
}
