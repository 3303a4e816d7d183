package io.trailwatch.engine;

import java.time.Instant;

/**
 * The port to where dedup windows live, shared by all concurrent invocations (DynamoDB in
 * production, a map in tests). Every method is one atomic step; implementations only translate.
 *
 * <p>Contract: a window is live while {@code now < expiresAt}; a window whose expiresAt has passed
 * behaves exactly as an absent one, even when it is still stored. Each window remembers which
 * objects it counted, so an object delivered again is never counted twice.
 */
public interface WindowStore {

  /** What {@link #join} found. */
  sealed interface Joined {}

  /** The object's events were added: the count went from {@code before} to {@code after}. */
  record Added(Instant windowStart, long before, long after) implements Joined {}

  /** The live window counted this object already; nothing changed. */
  record AlreadyCounted(Instant windowStart, long count, boolean published) implements Joined {}

  /** No live window: the caller may {@link #open} one. */
  record NoLiveWindow() implements Joined {}

  /** Atomically adds {@code count} events of {@code objectId} to the live window of {@code dedup}. */
  Joined join(String dedup, String objectId, long count, Instant now) throws StoreException;

  /**
   * Atomically opens a window for {@code dedup} holding {@code count} events of {@code objectId},
   * only if no live window exists at {@code windowStart}.
   *
   * @return false when another live window exists (someone opened it first)
   */
  boolean open(String dedup, String objectId, long count, Instant windowStart, Instant expiresAt)
      throws StoreException;

  /** Records that the alert of the window opened at {@code windowStart} went out. */
  void markPublished(String dedup, Instant windowStart) throws StoreException;

  /** The store could not be reached or refused the request for now: retry later. */
  final class StoreException extends Exception {
    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
