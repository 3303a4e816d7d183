package io.trailwatch.engine;

import java.time.Duration;
import java.time.Instant;

/**
 * Panther's dedup windows. Rules kept: a window opens at its first match and lasts
 * DedupPeriodMinutes, fixed, not sliding; a match whose time is before windowStart + period joins the
 * open window, even when it is earlier than windowStart; any other match closes it and opens a new
 * one; an alert is due when the window's count reaches Threshold.
 */
public record DedupPolicy(Duration period, long threshold) {
  public DedupPolicy {
    if (period.isNegative() || period.isZero() || threshold < 1) {
      throw new IllegalArgumentException("period and threshold must be positive: " + period + ", " + threshold);
    }
  }

  public static DedupPolicy of(RuleMetadata rule) {
    return new DedupPolicy(Duration.ofMinutes(rule.dedupPeriodMinutes()), rule.threshold());
  }

  /** When a window opened at {@code windowStart} ends (exclusive). */
  public Instant expiresAt(Instant windowStart) {
    return windowStart.plus(period);
  }

  /** Whether a match at {@code time} joins the window opened at {@code windowStart}. */
  public boolean joins(Instant windowStart, Instant time) {
    return time.isBefore(expiresAt(windowStart));
  }
}
