package io.trailwatch.engine;

import java.io.IOException;

/**
 * The bytes of a log file or object are not a readable CloudTrail log: corrupt or truncated gzip,
 * invalid JSON, a Records field that is not an array, more uncompressed bytes than allowed, ...
 * Permanent: reading the same bytes again fails again. The message says why; callers add the name.
 */
public final class MalformedLogException extends IOException {
  private static final long serialVersionUID = 1L;

  public MalformedLogException(String reason, Throwable cause) {
    super(reason, cause);
  }

  public MalformedLogException(String reason) {
    super(reason);
  }
}
