package io.trailwatch.engine;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** Where a record came from: a file on disk, or an S3 object. */
public sealed interface Source {
  /** The fields of the alert's {@code source} object. */
  Map<String, String> fields();

  /** A human-readable name for messages. */
  String name();

  record File(String path) implements Source {
    public File {
      Objects.requireNonNull(path, "path");
    }

    @Override
    public Map<String, String> fields() {
      return Map.of("path", path);
    }

    @Override
    public String name() {
      return path;
    }
  }

  record S3Object(String bucket, String key) implements Source {
    public S3Object {
      Objects.requireNonNull(bucket, "bucket");
      Objects.requireNonNull(key, "key");
    }

    @Override
    public Map<String, String> fields() {
      Map<String, String> out = new LinkedHashMap<>();
      out.put("bucket", bucket);
      out.put("key", key);
      return out;
    }

    @Override
    public String name() {
      return "s3://" + bucket + "/" + key;
    }
  }
}
