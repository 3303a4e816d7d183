package io.trailwatch.cli;

import io.trailwatch.aws.S3ObjectLister;
import io.trailwatch.aws.S3ObjectSource;
import io.trailwatch.engine.CloudTrailLayout;
import io.trailwatch.engine.LogListing;
import io.trailwatch.engine.ObjectLister;
import io.trailwatch.engine.ObjectSource;
import io.trailwatch.engine.OrderedScan;
import io.trailwatch.engine.Source;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The {@code s3://BUCKET/PREFIX} inputs of {@code scan} (and the keys {@code backfill} lists): an S3
 * client from the environment, and each location's logs listed lazily in key order ({@link LogListing}),
 * read by streaming GETs. Rules kept: credentials from the default chain (or AWS_ACCESS_KEY_ID and
 * AWS_SECRET_ACCESS_KEY when the environment given has them); region AWS_REGION, else
 * AWS_DEFAULT_REGION, else us-east-1; AWS_ENDPOINT_URL, when set, is the endpoint, with path-style
 * addressing; an object that cannot be read is its input's failure (named with the reason), a listing
 * that fails is reported once and ends that location, the rest goes on.
 */
final class S3Inputs {
  private final ObjectLister lister;
  private final ObjectSource objects;

  private S3Inputs(S3Client s3) {
    this.lister = new S3ObjectLister(s3);
    this.objects = new S3ObjectSource(s3);
  }

  /** A location: bucket and key prefix. */
  record Location(String bucket, String prefix) {
    /** @throws IllegalArgumentException when {@code uri} is not {@code s3://bucket[/prefix]} */
    static Location parse(String uri) {
      if (!uri.startsWith("s3://") || uri.length() == "s3://".length() || uri.charAt("s3://".length()) == '/') {
        throw new IllegalArgumentException("not an S3 location (s3://BUCKET/PREFIX): " + uri);
      }
      String rest = uri.substring("s3://".length());
      int slash = rest.indexOf('/');
      return slash < 0 ? new Location(rest, "") : new Location(rest.substring(0, slash), rest.substring(slash + 1));
    }

    @Override
    public String toString() {
      return "s3://" + bucket + "/" + prefix;
    }
  }

  static S3Inputs from(Map<String, String> env) {
    return new S3Inputs(client(env));
  }

  /** An S3 client configured from {@code env} as the class says. */
  static S3Client client(Map<String, String> env) {
    String region = firstSet(env, "AWS_REGION", "AWS_DEFAULT_REGION");
    var builder = S3Client.builder().httpClient(UrlConnectionHttpClient.builder().build())
        .region(Region.of(region == null ? "us-east-1" : region)).credentialsProvider(credentials(env));
    String endpoint = firstSet(env, "AWS_ENDPOINT_URL");
    if (endpoint != null) {
      builder.endpointOverride(URI.create(endpoint)).forcePathStyle(true);
    }
    return builder.build();
  }

  static AwsCredentialsProvider credentials(Map<String, String> env) {
    String id = firstSet(env, "AWS_ACCESS_KEY_ID");
    String secret = firstSet(env, "AWS_SECRET_ACCESS_KEY");
    if (id == null || secret == null) {
      return DefaultCredentialsProvider.builder().build();
    }
    String token = firstSet(env, "AWS_SESSION_TOKEN");
    return StaticCredentialsProvider.create(token == null ? AwsBasicCredentials.create(id, secret)
        : AwsSessionCredentials.create(id, secret, token));
  }

  static String firstSet(Map<String, String> env, String... names) {
    for (String name : names) {
      String value = env.get(name);
      if (value != null && !value.isBlank()) {
        return value.trim();
      }
    }
    return null;
  }

  /**
   * The logs of {@code location} as scan inputs, listed as they are consumed.
   *
   * @param failed told once, with the location and the reason, when the listing fails
   */
  Iterable<OrderedScan.Input> inputs(Location location, CloudTrailLayout layout, Consumer<String> failed) {
    return () -> new Iterator<>() {
      private Iterator<ObjectLister.Entry> keys;
      private boolean over;

      @Override
      public boolean hasNext() {
        if (over) {
          return false;
        }
        try {
          if (keys == null) {
            keys = LogListing.of(lister, location.bucket(), location.prefix(), layout);
          }
          return keys.hasNext();
        } catch (LogListing.ListingException e) {
          over = true;
          failed.accept("cannot list " + e.getMessage());
          return false;
        }
      }

      @Override
      public OrderedScan.Input next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        ObjectLister.Entry entry = keys.next();
        return new ObjectInput(location.bucket(), entry.key(), entry.size());
      }
    };
  }

  /** One object, read by a streaming GET when its turn comes. */
  private final class ObjectInput implements OrderedScan.Input {
    private final String bucket;
    private final String key;
    private final long size;

    ObjectInput(String bucket, String key, long size) {
      this.bucket = bucket;
      this.key = key;
      this.size = size;
    }

    @Override
    public Source source() {
      return new Source.S3Object(bucket, key);
    }

    @Override
    public InputStream open() throws IOException {
      try {
        return objects.open(bucket, key, null);
      } catch (ObjectSource.ObjectUnavailableException e) {
        throw new IOException(e.getMessage(), e);
      }
    }

    @Override
    public long size() {
      return size;
    }
  }
}
