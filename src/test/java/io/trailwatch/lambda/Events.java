package io.trailwatch.lambda;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Test helper: the Lambda events S3, SQS, SNS and EventBridge deliver for one new object. */
final class Events {
  private Events() {}

  enum Envelope { S3, SQS, SNS, SQS_SNS, EVENTBRIDGE }

  /** S3's notification; the key URL-encoded as S3 does it (a space becomes '+'). */
  static String s3(String bucket, String key, String eTag) {
    return "{\"Records\":[" + s3Record(bucket, key, eTag) + "]}";
  }

  static String s3Record(String bucket, String key, String eTag) {
    return "{\"eventVersion\":\"2.1\",\"eventSource\":\"aws:s3\",\"awsRegion\":\"us-east-1\",\"eventTime\":\"2024-06-02T20:20:00.000Z\","
        + "\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"s3SchemaVersion\":\"1.0\",\"bucket\":{\"name\":\"" + bucket
        + "\",\"arn\":\"arn:aws:s3:::" + bucket + "\"},\"object\":{\"key\":\""
        + URLEncoder.encode(key, StandardCharsets.UTF_8) + "\",\"size\":1024,\"eTag\":\"" + eTag + "\"}}}";
  }

  static String wrap(Envelope envelope, String bucket, String key, String eTag) {
    String s3 = s3(bucket, key, eTag);
    return switch (envelope) {
      case S3 -> s3;
      case SQS -> sqs("m-1", s3);
      case SNS -> "{\"Records\":[{\"EventSource\":\"aws:sns\",\"EventVersion\":\"1.0\",\"Sns\":{\"Type\":\"Notification\","
          + "\"MessageId\":\"n-1\",\"TopicArn\":\"arn:aws:sns:us-east-1:123456789012:s3-events\",\"Message\":" + quote(s3) + "}}]}";
      case SQS_SNS -> sqs("m-1", "{\"Type\":\"Notification\",\"MessageId\":\"n-1\",\"Message\":" + quote(s3) + "}");
      case EVENTBRIDGE -> "{\"version\":\"0\",\"id\":\"e-1\",\"detail-type\":\"Object Created\",\"source\":\"aws.s3\","
          + "\"account\":\"123456789012\",\"region\":\"us-east-1\",\"detail\":{\"version\":\"0\",\"bucket\":{\"name\":\""
          + bucket + "\"},\"object\":{\"key\":" + quote(key) + ",\"size\":1024,\"etag\":\"" + eTag + "\"}}}";
    };
  }

  /** SQS messages with these ids and bodies, in one batch. */
  static String sqs(String... idsAndBodies) {
    StringBuilder sb = new StringBuilder("{\"Records\":[");
    for (int i = 0; i < idsAndBodies.length; i += 2) {
      sb.append(i == 0 ? "" : ",").append("{\"messageId\":\"").append(idsAndBodies[i])
          .append("\",\"receiptHandle\":\"r\",\"eventSource\":\"aws:sqs\",\"awsRegion\":\"us-east-1\",\"body\":")
          .append(quote(idsAndBodies[i + 1])).append('}');
    }
    return sb.append("]}").toString();
  }

  static String quote(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
