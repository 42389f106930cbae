package io.air9.platform.model;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a running workspace becomes idle past its timeout (pure): the one computation of the cull schedule, used by
 * the operator's culler and by the API's fit check ("fits when bob's workspace is culled in 37 min").
 *
 * <p>Activity is the later of the {@code air9.io/last-activity} annotation (written by the activity probe or the
 * simulator) and the time the current run became Ready: a workspace nobody touched since it started is idle since
 * its start.
 */
public final class IdleTimer {

  /** Longer durations count as this: a deadline must stay a valid time (the schema allows 16 digits of hours). */
  static final Duration LONGEST = Duration.ofDays(100 * 365);
  private static final Pattern DURATION = Pattern.compile("^(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?$");

  private IdleTimer() {}

  /** The idle timeout that applies, or empty when the workspace is never culled. */
  public static Optional<Duration> timeout(Workspace ws, WorkspaceClassSpec cls) {
    if (cls == null || cls.getCulling() == null || !cls.getCulling().isEnabled()) {
      return Optional.empty();
    }
    String raw = ws.getSpec().getIdleTimeout() != null ? ws.getSpec().getIdleTimeout()
        : cls.getCulling().getIdleTimeout();
    Duration d = parse(raw);
    return d == null || d.isZero() ? Optional.empty() : Optional.of(d);
  }

  /** "4h", "90m", "1h30m", "45s" (at most 100 years); null when unparseable or empty. */
  public static Duration parse(String raw) {
    if (raw == null || raw.isEmpty()) {
      return null;
    }
    Matcher m = DURATION.matcher(raw);
    if (!m.matches()) {
      return null;
    }
    long h = m.group(1) == null ? 0 : Long.parseLong(m.group(1));
    long min = m.group(2) == null ? 0 : Long.parseLong(m.group(2));
    long s = m.group(3) == null ? 0 : Long.parseLong(m.group(3));
    Duration d = Duration.ofHours(h).plusMinutes(min).plusSeconds(s);
    return d.compareTo(LONGEST) > 0 ? LONGEST : d;
  }

  /** The last sign of life: the later of the activity annotation and the start of the current run. */
  public static Optional<Instant> lastActivity(Workspace ws) {
    Instant activity = parseTime(ws.getMetadata().getAnnotations() == null ? null
        : ws.getMetadata().getAnnotations().get(Air9.ANNOTATION_LAST_ACTIVITY));
    Instant started = ws.getStatus() == null ? null : parseTime(ws.getStatus().getStartedAt());
    if (activity == null) {
      return Optional.ofNullable(started);
    }
    return Optional.of(started == null || activity.isAfter(started) ? activity : started);
  }

  /**
   * How long until the workspace becomes idle: zero or negative means cull now; empty means no timer (not running,
   * culling off, or no activity known yet).
   */
  public static Optional<Duration> remaining(Workspace ws, WorkspaceClassSpec cls, boolean running, Instant now) {
    return deadline(ws, cls, running).map(d -> Duration.between(now, d));
  }

  /** When the workspace will be culled if nobody uses it; empty when it has no timer. */
  public static Optional<Instant> deadline(Workspace ws, WorkspaceClassSpec cls, boolean running) {
    if (!running || ws.getSpec().isStopped()) {
      return Optional.empty();
    }
    Optional<Duration> timeout = timeout(ws, cls);
    Optional<Instant> last = lastActivity(ws);
    if (timeout.isEmpty() || last.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(last.get().plus(timeout.get()));
  }

  /** An RFC 3339 time; null when absent or unparseable. */
  static Instant parseTime(String s) {
    if (s == null || s.isBlank()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
