package io.trailwatch.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.trailwatch.engine.Json;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The handler's start-up and event handling that need no AWS server. */
class HandlerTest {
  @Test
  void givenPriming_whenRun_expectASampleAlertWithoutTouchingAws() {
    JsonNode alert = Json.tree(Handler.prime());
    assertEquals("User arn:aws:iam::111122223333:user/prime signed in with access key AKIAPRIME", alert.get("title").textValue());
    assertEquals("prime", alert.get("source").get("bucket").textValue());
  }

  @Test
  void givenMissingConfiguration_whenStarted_expectErrorNamingTheVariable() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> Handler.fromEnvironment(Map.of("DEDUP_TABLE", "t", "ALLOWED_BUCKETS", "b")));
    assertEquals("environment variable ALERT_TOPIC_ARN is required", e.getMessage());
  }

  @Test
  void givenBadNumber_whenStarted_expectErrorNamingIt() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> Config.fromEnvironment(Map.of(
        "DEDUP_TABLE", "t", "ALERT_TOPIC_ARN", "arn", "ALLOWED_BUCKETS", "b", "MAX_RECORD_BYTES", "lots")));
    assertEquals("environment variable MAX_RECORD_BYTES must be a whole number, not lots", e.getMessage());
  }

  @Test
  void givenANumberOutOfRange_whenStarted_expectErrorNamingItNotASilentCast() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> Config.fromEnvironment(Map.of(
        "DEDUP_TABLE", "t", "ALERT_TOPIC_ARN", "arn", "ALLOWED_BUCKETS", "b", "MAX_RECORD_BYTES", "4294968320")));
    assertEquals("environment variable MAX_RECORD_BYTES must be between 1024 and 2147483647, not 4294968320",
        e.getMessage());
  }

  @Test
  void givenAnUnknownMinimumSeverity_whenStarted_expectErrorNamingIt() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> Config.fromEnvironment(Map.of(
        "DEDUP_TABLE", "t", "ALERT_TOPIC_ARN", "arn", "ALLOWED_BUCKETS", "b", "MINIMUM_SEVERITY", "urgent")));
    assertEquals("environment variable MINIMUM_SEVERITY: Severity must be one of [INFO, LOW, MEDIUM, HIGH, CRITICAL],"
        + " not urgent", e.getMessage());
    assertEquals("MEDIUM", Config.fromEnvironment(Map.of("DEDUP_TABLE", "t", "ALERT_TOPIC_ARN", "arn",
        "ALLOWED_BUCKETS", "b", "MINIMUM_SEVERITY", " medium ")).minimumSeverity());
  }

  @Test
  void givenAllowedBucketsWithSpaces_whenConfigured_expectTrimmedSet() {
    Config config = Config.fromEnvironment(Map.of("DEDUP_TABLE", "t", "ALERT_TOPIC_ARN", "arn",
        "ALLOWED_BUCKETS", " a, b ,,", "AWS_ENDPOINT_URL", "http://127.0.0.1:1"));
    assertEquals(java.util.Set.of("a", "b"), config.allowedBuckets());
    assertEquals("http://127.0.0.1:1", config.endpointUrl());
  }

  @Test
  void givenEmptyBatchOrTestEvent_whenHandled_expectNothingReadAndNoFailure() {
    Handler handler = Handler.fromEnvironment(Map.of("DEDUP_TABLE", "t", "ALERT_TOPIC_ARN", "arn:aws:sns:us-east-1:1:t",
        "ALLOWED_BUCKETS", "b", "AWS_ENDPOINT_URL", "http://127.0.0.1:1"));
    assertEquals(0, HandlerIntegrationTest.invoke(handler, "{\"Records\":[]}").get("ObjectsProcessed").intValue());
    assertEquals("{\"batchItemFailures\":[]}", HandlerIntegrationTest.invoke(handler,
        Events.sqs("m1", "{\"Service\":\"Amazon S3\",\"Event\":\"s3:TestEvent\"}")).toString());
  }

  @Test
  void givenMalformedOrUnknownEvent_whenHandled_expectIllegalArgumentWithReason() {
    Handler handler = Handler.fromEnvironment(Map.of("DEDUP_TABLE", "t", "ALERT_TOPIC_ARN", "arn:aws:sns:us-east-1:1:t",
        "ALLOWED_BUCKETS", "b", "AWS_ENDPOINT_URL", "http://127.0.0.1:1"));
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
        () -> HandlerIntegrationTest.invoke(handler, "{not json"));
    assertTrue(bad.getMessage().startsWith("the event is not valid JSON: "), bad.getMessage());
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
        () -> HandlerIntegrationTest.invoke(handler, "[1,2]"));
    assertEquals("the event is not a JSON object", unknown.getMessage());
  }
}
