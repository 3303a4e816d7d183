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

  /** A small object's whole content and the ETag of the version read. */
  record Content(String etag, byte[] bytes) {}

  /**
   * Reads a small object (a settings file) whole, unless its ETag is still {@code etag}. This default
   * reads it each time and takes a digest of the bytes as the ETag; S3 asks with If-None-Match instead.
   *
   * @param etag the ETag already held, or null to read in any case
   * @param maxBytes the most the object may hold
   * @return the content, or null when the object is unchanged
   * @throws ObjectUnavailableException when the object cannot be had at all, or is larger than {@code maxBytes}
   * @throws IOException when reading failed for now
   */
  default Content readIfChanged(String bucket, String key, String etag, int maxBytes)
      throws ObjectUnavailableException, IOException {
    byte[] bytes;
    try (InputStream in = open(bucket, key, null)) {
      bytes = in.readNBytes(maxBytes + 1);
    }
    if (bytes.length > maxBytes) {
      throw new ObjectUnavailableException("larger than " + maxBytes + " bytes", null);
    }
    String digest = Digests.id(java.util.HexFormat.of().formatHex(bytes));
    return digest.equals(etag) ? null : new Content(digest, bytes);
  }

  /** The object is not there or not ours to read: retrying will not help. */
  final class ObjectUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    public ObjectUnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
