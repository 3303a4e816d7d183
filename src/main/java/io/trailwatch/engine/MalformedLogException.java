package io.trailwatch.engine;

import java.io.IOException;

/**
 * The bytes of a log file or object are not a readable CloudTrail log: corrupt or truncated gzip,
 * invalid JSON, a Records field that is not an array, more uncompressed bytes than allowed, ...
 * Permanent: reading the same bytes again fails again. The message says why; callers add the name.
 */
public final class MalformedLogException extends IOException {
  private static final long serialVersionUID = 1L;
  /** What the reader read before the bad bytes, when known. */
  private final transient CloudTrailReader.Counts counts;
  /** The same, with the engine's matches and rule errors. */
  private final transient Engine.Result partial;

  public MalformedLogException(String reason, Throwable cause) {
    this(reason, cause, null, null);
  }

  public MalformedLogException(String reason) {
    this(reason, null, null, null);
  }

  private MalformedLogException(String reason, Throwable cause, CloudTrailReader.Counts counts, Engine.Result partial) {
    super(reason, cause);
    this.counts = counts;
    this.partial = partial;
  }

  /** This failure, with the reader's counts of what came before it. */
  MalformedLogException withCounts(CloudTrailReader.Counts counts) {
    MalformedLogException e = new MalformedLogException(getMessage(), getCause(), counts, partial);
    e.setStackTrace(getStackTrace());
    return e;
  }

  /** This failure, with the engine's result of what came before it. */
  MalformedLogException withPartial(Engine.Result partial) {
    MalformedLogException e = new MalformedLogException(getMessage(), getCause(), counts, partial);
    e.setStackTrace(getStackTrace());
    return e;
  }

  CloudTrailReader.Counts counts() {
    return counts;
  }

  /** What was read before the bad bytes (records, matches: all handed on), or null when unknown. */
  public Engine.Result partial() {
    return partial;
  }
}
