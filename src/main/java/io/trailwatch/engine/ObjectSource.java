package io.trailwatch.engine;

import java.io.IOException;
import java.io.InputStream;

/** The port log objects are read through (S3 in production). */
public interface ObjectSource {
  /**
   * Opens an object for streaming; the caller closes the stream.
   *
   * @param versionId the version to read, or null for the current one
   * @throws ObjectUnavailableException when the object cannot be had at all (gone, access denied): permanent
   * @throws IOException when reading failed for now (throttled, network): retry
   */
  InputStream open(String bucket, String key, String versionId) throws ObjectUnavailableException, IOException;

  /** The object is not there or not ours to read: retrying will not help. */
  final class ObjectUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    public ObjectUnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
