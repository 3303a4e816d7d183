package io.trailwatch.lambda;

import io.trailwatch.engine.CloudTrailReader;
import io.trailwatch.engine.RuleMetadata;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The function's settings, from environment variables; read once at start-up by the handler or the
 * {@code invoke} command (never by the engine or the adapters).
 *
 * <ul>
 *   <li>{@code DEDUP_TABLE} (required): the DynamoDB table (partition key {@code pk}, TTL {@code expiresAt});</li>
 *   <li>{@code ALERT_TOPIC_ARN} (required): the SNS topic alerts go to;</li>
 *   <li>{@code ALLOWED_BUCKETS} (required): comma-separated bucket names; objects elsewhere are never read;</li>
 *   <li>{@code MAX_UNCOMPRESSED_BYTES} (default 17179869184) and {@code MAX_RECORD_BYTES} (default 8388608);</li>
 *   <li>{@code MINIMUM_SEVERITY} (default INFO): alerts of a lower severity are not published; their
 *       matches still feed the correlation;</li>
 *   <li>{@code TUNING_S3_URI} (optional): {@code s3://bucket/key} of a tuning file ({@link TuningReloader});</li>
 *   <li>{@code CHAT_TOPIC_ARN} (optional): an SNS topic that receives each alert as a Chatbot custom
 *       notification;</li>
 *   <li>{@code SECURITY_HUB} ({@code true} or {@code false}, the default): each alert is also a Security
 *       Hub finding, in the account and region of {@code ALERT_TOPIC_ARN};</li>
 *   <li>{@code STORE_CONCURRENCY} (default 16, 1 to 64): an object's independent DynamoDB and publish
 *       steps (per user and key, per signal key) in flight at once;</li>
 *   <li>{@code AWS_REGION}, and {@code AWS_ENDPOINT_URL} for an AWS-compatible server (moto, LocalStack),
 *       with path-style S3 addressing there.</li>
 * </ul>
 */
record Config(
    String table,
    String topicArn,
    Set<String> allowedBuckets,
    CloudTrailReader.Limits limits,
    String region,
    String endpointUrl,
    String minimumSeverity,
    TuningUri tuning,
    String chatTopicArn,
    boolean securityHub,
    int storeConcurrency) {

  /** The default of STORE_CONCURRENCY. */
  static final int STORE_CONCURRENCY = 16;

  /** Where the tuning file is. */
  record TuningUri(String bucket, String key) {
    /** @throws IllegalStateException when {@code uri} is not {@code s3://bucket/key} */
    static TuningUri parse(String uri) {
      int slash = uri.indexOf('/', "s3://".length());
      if (!uri.startsWith("s3://") || slash <= "s3://".length() || slash == uri.length() - 1) {
        throw new IllegalStateException("environment variable TUNING_S3_URI must be s3://bucket/key, not " + uri);
      }
      return new TuningUri(uri.substring("s3://".length(), slash), uri.substring(slash + 1));
    }
  }

  Config {
    allowedBuckets = Set.copyOf(allowedBuckets);
    RuleMetadata.severityRank(minimumSeverity);
  }

  /**
   * Every alert published (minimum severity INFO), no tuning file, one store step at a time (what tests
   * against moto need: it is not isolated under concurrent transactions).
   */
  Config(String table, String topicArn, Set<String> allowedBuckets, CloudTrailReader.Limits limits, String region,
      String endpointUrl) {
    this(table, topicArn, allowedBuckets, limits, region, endpointUrl, "INFO", null, null, false, 1);
  }

  /** The partition, region and account of the alert topic, where Security Hub findings go. */
  record Account(String partition, String region, String id) {
    /** @throws IllegalStateException when {@code topicArn} is not an SNS topic ARN */
    static Account of(String topicArn) {
      String[] parts = topicArn.split(":", 6);
      if (parts.length != 6 || !parts[0].equals("arn") || !parts[2].equals("sns") || parts[4].isEmpty()) {
        throw new IllegalStateException("ALERT_TOPIC_ARN is not an SNS topic ARN: " + topicArn);
      }
      return new Account(parts[1], parts[3], parts[4]);
    }
  }

  static Config fromEnvironment(Map<String, String> env) {
    Set<String> buckets = Arrays.stream(required(env, "ALLOWED_BUCKETS").split(","))
        .map(String::trim).filter(b -> !b.isEmpty()).collect(Collectors.toSet());
    if (buckets.isEmpty()) {
      throw new IllegalStateException("ALLOWED_BUCKETS names no bucket");
    }
    return new Config(
        required(env, "DEDUP_TABLE"),
        required(env, "ALERT_TOPIC_ARN"),
        buckets,
        new CloudTrailReader.Limits(
            number(env, "MAX_UNCOMPRESSED_BYTES", CloudTrailReader.Limits.DEFAULT.maxUncompressedBytes(), 1,
                Long.MAX_VALUE),
            (int) number(env, "MAX_RECORD_BYTES", CloudTrailReader.Limits.DEFAULT.maxRecordBytes(), 1024,
                Integer.MAX_VALUE)),
        env.getOrDefault("AWS_REGION", env.getOrDefault("AWS_DEFAULT_REGION", "us-east-1")),
        blankToNull(env.get("AWS_ENDPOINT_URL")),
        severity(env, "MINIMUM_SEVERITY"),
        blankToNull(env.get("TUNING_S3_URI")) == null ? null : TuningUri.parse(env.get("TUNING_S3_URI").trim()),
        blankToNull(env.get("CHAT_TOPIC_ARN")) == null ? null : env.get("CHAT_TOPIC_ARN").trim(),
        flag(env, "SECURITY_HUB"),
        (int) number(env, "STORE_CONCURRENCY", STORE_CONCURRENCY, 1, 64));
  }

  private static boolean flag(Map<String, String> env, String name) {
    String value = blankToNull(env.get(name));
    if (value == null || value.trim().equalsIgnoreCase("false")) {
      return false;
    }
    if (value.trim().equalsIgnoreCase("true")) {
      return true;
    }
    throw new IllegalStateException("environment variable " + name + " must be true or false, not " + value);
  }

  private static String severity(Map<String, String> env, String name) {
    String value = blankToNull(env.get(name));
    try {
      return value == null ? "INFO" : RuleMetadata.normalSeverity(value.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("environment variable " + name + ": " + e.getMessage());
    }
  }

  private static String required(Map<String, String> env, String name) {
    String value = blankToNull(env.get(name));
    if (value == null) {
      throw new IllegalStateException("environment variable " + name + " is required");
    }
    return value.trim();
  }

  private static long number(Map<String, String> env, String name, long fallback, long least, long most) {
    String value = blankToNull(env.get(name));
    if (value == null) {
      return fallback;
    }
    long number;
    try {
      number = Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalStateException("environment variable " + name + " must be a whole number, not " + value);
    }
    if (number < least || number > most) {
      throw new IllegalStateException("environment variable " + name + " must be between " + least + " and " + most
          + ", not " + value);
    }
    return number;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
