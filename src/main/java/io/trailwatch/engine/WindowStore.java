package io.trailwatch.engine;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The port to where dedup windows live, shared by every concurrent invocation (DynamoDB in
 * production, {@code InMemoryWindowStore} in tests; both pass {@code DedupContract}). Every method is
 * one atomic step; adapters only translate. {@link Deduplicator} builds the protocol on it
 * (docs/RELIABILITY.md).
 *
 * <p>Contract:
 * <ul>
 *   <li>one window per dedup string at a time, of a size that does not depend on how many objects it
 *       counted;</li>
 *   <li>a window is live while {@code now < expiresAt}; an expired window stays readable until it is
 *       replaced, so one that is due can still be published;</li>
 *   <li>{@link #join} counts an object at most once per window, the one that opened it included;</li>
 *   <li>{@link #open} writes a window only over nothing or over exactly the expired window the caller
 *       read;</li>
 *   <li>{@link #claim} gives the publishing lease of a due, unpublished window to one owner at a time,
 *       until the lease ends or the window is marked published;</li>
 *   <li>{@link #markSent} remembers, in the window, each destination its alert already went to (a
 *       bounded set: the destinations are few and fixed), so a retry sends only to the others.</li>
 * </ul>
 */
public interface WindowStore {

  /**
   * A window as stored; {@code threshold} is the one it opened with; {@code sentTo} the destinations its
   * alert already went to while it is not yet marked published.
   */
  record Window(Instant start, Instant expiresAt, long count, long threshold, boolean published, Set<String> sentTo) {
    public Window {
      Objects.requireNonNull(start, "start");
      Objects.requireNonNull(expiresAt, "expiresAt");
      sentTo = Set.copyOf(sentTo);
    }

    /** A window whose alert went nowhere yet. */
    public Window(Instant start, Instant expiresAt, long count, long threshold, boolean published) {
      this(start, expiresAt, count, threshold, published, Set.of());
    }

    public boolean liveAt(Instant now) {
      return now.isBefore(expiresAt);
    }

    /** The threshold in force: the lower of the window's own and today's {@code threshold}. */
    public long effectiveThreshold(long threshold) {
      return Math.min(this.threshold, threshold);
    }

    /** Reached the effective threshold and not published. */
    public boolean due(long threshold) {
      return !published && count >= effectiveThreshold(threshold);
    }
  }

  /** The right to publish a window's alert, held by {@code owner} until {@code until}. */
  record Lease(String owner, Instant until) {
    public Lease {
      Objects.requireNonNull(owner, "owner");
      Objects.requireNonNull(until, "until");
    }
  }

  /** What {@link #join} did. */
  enum Joined {
    /** The object's events were added to the window. */
    ADDED,
    /** The window counted this object already; nothing changed. */
    ALREADY_COUNTED,
    /** The window is no longer the stored one or no longer live, or a concurrent write conflicted: read again. */
    STALE
  }

  /** What {@link #claim} found. */
  sealed interface Claim permits Claimed, Held, Settled {}

  /** The lease is the caller's: publish {@code window} (its count is exact at the claim). */
  record Claimed(Window window) implements Claim {}

  /** Another owner holds an unexpired lease and may be publishing now. */
  record Held() implements Claim {}

  /** Nothing to publish: the window is published, replaced, or below the threshold. */
  record Settled() implements Claim {}

  /** The window stored for {@code dedup}, live or expired; strongly consistent. */
  Optional<Window> read(String dedup) throws StoreException;

  /**
   * What {@link #read} gives for each of {@code dedups}, in as few requests as the store allows. A dedup
   * string the store did not get to this time is left out of the answer (the caller reads it alone);
   * every one in the answer was read as {@link #read} would.
   */
  default Map<String, Optional<Window>> readAll(Collection<String> dedups) throws StoreException {
    Map<String, Optional<Window>> windows = new HashMap<>();
    for (String dedup : dedups) {
      windows.put(dedup, read(dedup));
    }
    return windows;
  }

  /**
   * Atomically adds {@code count} events of {@code objectId} to {@code window} (as read), if it is
   * still the stored window and live at {@code now}, and the object was not counted in it.
   */
  Joined join(String dedup, Window window, String objectId, long count, Instant now) throws StoreException;

  /**
   * Atomically stores {@code window} (published false) holding {@code objectId}'s events, over nothing
   * ({@code replacing} null) or over exactly {@code replacing} (same start and count) once it expired.
   *
   * @param lease the opener's publishing lease when the window is due at once, else null
   * @return false when the stored window is not what the caller expected (someone opened first)
   */
  boolean open(String dedup, Window replacing, String objectId, Window window, Lease lease) throws StoreException;

  /**
   * Takes the publishing lease of the window opened at {@code windowStart} if it is still stored, not
   * published, has at least {@code threshold} events, and its lease is free, expired at {@code now} or
   * already {@code lease.owner()}'s.
   */
  Claim claim(String dedup, Instant windowStart, long threshold, Lease lease, Instant now) throws StoreException;

  /** Records that the alert of the window opened at {@code windowStart} went out (nothing if it was replaced). */
  void markPublished(String dedup, Instant windowStart) throws StoreException;

  /**
   * Records that the alert of the window opened at {@code windowStart} went to {@code destination}
   * (nothing if it was replaced or is marked published).
   */
  void markSent(String dedup, Instant windowStart, String destination) throws StoreException;

  /** The store could not be reached or refused the request for now: retry later. */
  final class StoreException extends Exception {
    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
