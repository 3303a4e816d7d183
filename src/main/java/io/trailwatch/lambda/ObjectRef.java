package io.trailwatch.lambda;

import io.trailwatch.engine.Digests;
import java.util.Objects;

/**
 * One S3 object a notification names, with its key decoded.
 *
 * @param versionId null when the bucket is not versioned
 * @param eTag null when the notification has none
 */
record ObjectRef(String bucket, String key, String versionId, String eTag) {
  ObjectRef {
    if (bucket == null || bucket.isEmpty()) {
      throw new IllegalArgumentException("bucket name is empty");
    }
    if (key == null || key.isEmpty()) {
      throw new IllegalArgumentException("object key is empty");
    }
  }

  /**
   * Identifies this object's content for dedup: the same bucket, key and version (or ETag) give the
   * same id, so a redelivered notification is recognised; 16 bytes of SHA-256, hex.
   */
  String objectId() {
    String identity = bucket + "\n" + key + "\n" + Objects.requireNonNullElse(versionId, "") + "\n"
        + Objects.requireNonNullElse(eTag, "");
    return Digests.id(identity);
  }

  String name() {
    return "s3://" + bucket + "/" + key;
  }
}
