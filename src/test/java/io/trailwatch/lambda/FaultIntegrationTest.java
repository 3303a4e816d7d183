package io.trailwatch.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.trailwatch.engine.Rules;
import io.trailwatch.engine.CloudTrailReader;
import io.trailwatch.engine.Json;
import io.trailwatch.engine.Logs;
import io.trailwatch.engine.TestClock;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Faults injected between the real SDK and the real AWS-compatible server ({@link FaultProxy}):
 * throttling, 5xx, access denied, a publish that never answers well. The SDK retries (2 retries
 * here); what is still failing then fails the invocation, and the retry delivers exactly one alert.
 */
class FaultIntegrationTest {
  private static final String THROTTLED = "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException\","
      + "\"message\":\"Rate of requests exceeds the allowed throughput\"}";
  private static final String SLOW_DOWN = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>SlowDown</Code>"
      + "<Message>Please reduce your request rate.</Message></Error>";
  private static final String ACCESS_DENIED = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>AccessDenied</Code>"
      + "<Message>Access Denied</Message></Error>";
  private static final String SNS_DOWN = "<ErrorResponse><Error><Type>Receiver</Type><Code>InternalFailure</Code>"
      + "<Message>try later</Message></Error></ErrorResponse>";

  private AwsServer aws;
  private FaultProxy proxy;
  private AwsServer faulty;
  private String bucket;
  private String queue;
  private Handler handler;
  private final List<String> logLines = new ArrayList<>();

  @BeforeEach
  void setUp() throws IOException {
    aws = AwsServer.connect();
    proxy = new FaultProxy(URI.create(AwsServer.endpoint()));
    faulty = aws.via(proxy.endpoint());
    bucket = aws.bucket();
    String table = aws.table();
    String topic = "faults-" + aws.suffix;
    queue = aws.topicWithQueue(topic);
    Config config = new Config(table, aws.topicArn(topic), Set.of(bucket), CloudTrailReader.Limits.DEFAULT,
        "us-east-1", proxy.endpoint().toString());
    TestClock clock = new TestClock(Instant.parse("2026-01-01T12:00:00Z"));
    handler = new Handler(Wiring.processor(config, clock, clock::advance, Rules.shipped(), faulty.s3,
        faulty.dynamo, faulty.sns), clock);
    aws.put(bucket, "k.json.gz", Logs.gzip(Logs.cloudTrail(List.of(
        Json.akiaRecord("alice", "AKIAALICE", "2024-06-02T20:16:22Z"),
        Json.obj("{'eventID':'secret-event-id','userIdentity':{'accessKeyId':'ASIAX'},'userAgent':'secret-agent'}")))));
  }

  @AfterEach
  void tearDown() {
    if (proxy != null) { // null when setUp found no server and skipped the test
      proxy.close();
    }
  }

  private JsonNode invoke() throws IOException {
    return invoke("k.json.gz");
  }

  private JsonNode invoke(String key) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(Events.s3(bucket, key, "e").getBytes(StandardCharsets.UTF_8)),
        out, new LocalContext(logLines::add));
    return Json.tree(out.toString(StandardCharsets.UTF_8));
  }

  /**
   * moto checks no IAM policy, so a call the template does not grant would fail only in AWS: every call
   * the function makes on the open, join, several-users and correlation paths is checked against the
   * function's policies in template.yaml (a transaction needs the actions of its items: here a put and
   * an update).
   */
  @Test
  void givenObjectsThroughEveryDedupPath_whenInvoked_expectEveryCallGrantedByTheTemplate() throws IOException {
    Set<String> called = java.util.concurrent.ConcurrentHashMap.newKeySet();
    proxy.fail(request -> {
      called.add(FaultProxy.action(request));
      return false; // only watched
    }, 0, 500, "text/plain", "");
    aws.put(bucket, "many.json.gz", Logs.gzip(Logs.cloudTrail(List.of(
        Json.akiaRecord("bob", "AKIABOB", "2024-06-02T20:16:22Z"),
        Json.akiaRecord("carol", "AKIACAROL", "2024-06-02T20:16:23Z")))));
    invoke();
    invoke(); // the same object again: a join
    invoke("many.json.gz");
    assertTrue(called.containsAll(Set.of("dynamodb:BatchGetItem", "dynamodb:GetItem", "dynamodb:PutItem",
        "dynamodb:UpdateItem", "dynamodb:TransactWriteItems", "sns:Publish", "s3:GetObject")), called.toString());
    Set<String> needed = new java.util.TreeSet<>(called);
    needed.remove("dynamodb:TransactWriteItems"); // authorised as its items' actions, both in the set
    Set<String> granted = TemplateTest.functionActions();
    needed.removeAll(granted);
    assertEquals(Set.of(), needed, "called but not granted (granted: " + granted + ")");
  }

  @Test
  void givenDynamoThrottlingBeyondRetries_whenInvoked_expectFailureThenOneAlertOnRetry() throws IOException {
    proxy.fail(FaultProxy.dynamo("PutItem"), 3, 400, "application/x-amz-json-1.0", THROTTLED);
    RuntimeException e = assertThrows(RuntimeException.class, this::invoke);
    assertTrue(e.getMessage().contains("DynamoDB PutItem on"), e.getMessage());
    assertEquals(3, proxy.injected(), "the SDK tried 3 times");
    assertEquals(0, aws.drain(queue).size());
    assertEquals(1, invoke().get("AlertsPublished").intValue());
    assertEquals(1, aws.drain(queue).size());
  }

  @Test
  void givenDynamoThrottledOnceOnly_whenInvoked_expectTheSdkRetryToSucceed() throws IOException {
    proxy.fail(FaultProxy.dynamo("PutItem"), 1, 400, "application/x-amz-json-1.0", THROTTLED);
    assertEquals(1, invoke().get("AlertsPublished").intValue());
    assertEquals(1, proxy.injected());
  }

  @Test
  void givenS3SlowDownBeyondRetries_whenInvoked_expectFailureThenOneAlertOnRetry() throws IOException {
    proxy.fail(FaultProxy.s3Get(), 3, 503, "application/xml", SLOW_DOWN);
    RuntimeException e = assertThrows(RuntimeException.class, this::invoke);
    assertTrue(e.getMessage().contains("S3 GetObject failed"), e.getMessage());
    assertEquals(1, invoke().get("AlertsPublished").intValue());
    assertEquals(1, aws.drain(queue).size());
  }

  @Test
  void givenS3AccessDenied_whenInvoked_expectPermanentFailureCountedNotThrown() throws IOException {
    proxy.fail(FaultProxy.s3Get(), 10, 403, "application/xml", ACCESS_DENIED);
    JsonNode response = invoke();
    assertEquals(1, response.get("ObjectsFailed").intValue());
    assertEquals(1, proxy.injected(), "a 403 is not retried");
    assertTrue(logLines.stream().anyMatch(l -> l.contains("object unavailable") && l.contains("AccessDenied")), logLines.toString());
  }

  @Test
  void givenSnsFailingBeyondRetries_whenRetriedLater_expectExactlyOneAlertWithTheSameId() throws IOException {
    proxy.fail(FaultProxy.snsPublish(), 3, 500, "text/xml", SNS_DOWN);
    assertThrows(RuntimeException.class, this::invoke);
    proxy.heal();
    invoke();
    invoke();
    List<software.amazon.awssdk.services.sqs.model.Message> sent = aws.drain(queue);
    assertEquals(1, sent.size());
  }

  @Test
  void givenAnInvocation_whenLogged_expectNoRecordContentInTheLogs() throws IOException {
    invoke();
    assertFalse(logLines.isEmpty());
    for (String line : logLines) {
      assertFalse(line.contains("secret-event-id") || line.contains("secret-agent") || line.contains("198.51.100.7"), line);
    }
  }
}
