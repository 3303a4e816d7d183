package io.trailwatch.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.trailwatch.engine.CloudTrailReader;
import io.trailwatch.engine.Json;
import io.trailwatch.engine.Logs;
import io.trailwatch.engine.Rule;
import io.trailwatch.engine.RuleMetadata;
import io.trailwatch.engine.Rules;
import io.trailwatch.engine.Sleeper;
import io.trailwatch.engine.TestClock;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.sqs.model.Message;

/** The handler against a real AWS-compatible server (moto here, LocalStack where Docker runs). */
class HandlerIntegrationTest {
  private AwsServer aws;
  private String bucket;
  private String table;
  private String topic;
  private String alerts;
  private final TestClock clock = new TestClock(Instant.parse("2026-01-01T12:00:00Z"));

  @BeforeEach
  void setUp() {
    aws = AwsServer.connect();
    bucket = aws.bucket();
    table = aws.table();
    topic = "alerts-" + aws.suffix;
    alerts = aws.topicWithQueue(topic);
  }

  /** Waits move the test clock (a dead invocation's lease is waited out at once). */
  private Handler handler(List<Rule> rules, String topicArn) {
    return handler(rules, topicArn, clock::advance);
  }

  private Handler handler(List<Rule> rules, String topicArn, Sleeper sleeper) {
    Config config = new Config(table, topicArn, Set.of(bucket), CloudTrailReader.Limits.DEFAULT, "us-east-1",
        AwsServer.endpoint());
    return new Handler(Wiring.processor(config, clock, sleeper, rules, aws.s3, aws.dynamo, aws.sns), clock);
  }

  private Handler handler() {
    return handler(Rules.shipped(), aws.topicArn(topic));
  }

  static JsonNode invoke(Handler handler, String event) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      // the handler's log lines go nowhere: tests assert on responses and on what SNS received
      handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out,
          new LocalContext(line -> { }));
      return EventMapper.MAPPER.readTree(out.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] log(String... users) {
    List<JsonNode> records = new ArrayList<>();
    for (String user : users) {
      records.add(Json.akiaRecord(user, "AKIA" + user.toUpperCase(), "2024-06-02T20:16:22Z"));
    }
    records.add(Json.obj("{'userIdentity':{'type':'AssumedRole','accessKeyId':'ASIAROLE'},'eventName':'X'}"));
    return Logs.gzip(Logs.cloudTrail(records));
  }

  private List<JsonNode> alerts() {
    List<JsonNode> out = new ArrayList<>();
    for (Message m : aws.drain(alerts)) {
      out.add(Json.tree(m.body()));
    }
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Events.Envelope.class)
  void givenEnvelope_whenInvoked_expectOneAlertWithS3Source(Events.Envelope envelope) {
    String key = "AWSLogs/123456789012/CloudTrail/us-east-1/2024/06/02/a.json.gz";
    aws.put(bucket, key, log("alice", "alice"));
    JsonNode response = invoke(handler(), Events.wrap(envelope, bucket, key, "etag1"));
    List<JsonNode> sent = alerts();
    assertEquals(1, sent.size());
    JsonNode alert = sent.get(0);
    assertEquals(2, alert.get("eventCount").intValue());
    assertEquals(bucket, alert.get("source").get("bucket").textValue());
    assertEquals(key, alert.get("source").get("key").textValue());
    assertEquals("2026-01-01T12:00:00Z", alert.get("windowStart").textValue(), "processing time");
    if (envelope == Events.Envelope.SQS || envelope == Events.Envelope.SQS_SNS) {
      assertEquals("{\"batchItemFailures\":[]}", response.toString());
    } else {
      assertEquals(1, response.get("AlertsPublished").intValue());
      assertEquals(3, response.get("Records").intValue());
      assertEquals(2, response.get("Matches").intValue());
    }
  }

  @ParameterizedTest(name = "key {0}")
  @ValueSource(strings = {"AWSLogs/with space/a b.json.gz", "AWSLogs/plus+sign/a+b.json.gz",
      "AWSLogs/per%cent/100%.json.gz", "AWSLogs/ünïcödé/日志.json.gz"})
  void givenKeyNeedingUrlEncoding_whenInvoked_expectObjectReadAndAlerted(String key) {
    aws.put(bucket, key, log("alice"));
    JsonNode response = invoke(handler(), Events.s3(bucket, key, "e"));
    assertEquals(1, response.get("ObjectsProcessed").intValue(), response.toString());
    assertEquals(key, alerts().get(0).get("source").get("key").textValue());
  }

  @Test
  void givenSnsMessage_whenInspected_expectSubjectAttributesAndAlertBody() {
    aws.put(bucket, "k.json.gz", log("alice"));
    invoke(handler(), Events.s3(bucket, "k.json.gz", "e"));
    Message message = aws.drain(alerts).get(0);
    JsonNode alert = Json.tree(message.body());
    assertEquals(1, alert.get("schemaVersion").intValue());
    assertEquals("AWS.CloudTrail.UserAccessKeyAuth", message.messageAttributes().get("ruleId").stringValue());
    assertEquals("INFO", message.messageAttributes().get("severity").stringValue());
    assertEquals("198.51.100.7:AKIAALICE", alert.get("alertContext").get("ip_accessKeyId").textValue());
  }

  @Test
  void givenSameObjectDeliveredTwice_whenInvoked_expectOneAlertAndCountedOnce() {
    aws.put(bucket, "k.json.gz", log("alice", "alice", "alice"));
    String event = Events.s3(bucket, "k.json.gz", "e");
    invoke(handler(), event);
    JsonNode again = invoke(handler(), event);
    assertEquals(0, again.get("AlertsPublished").intValue());
    assertEquals(1, alerts().size());
    String pk = "w#" + io.trailwatch.engine.Digests.id("AWS.CloudTrail.UserAccessKeyAuth\n"
        + "User arn:aws:iam::123456789012:user/alice signed in with access key AKIAALICE");
    assertEquals("3", aws.item(table, pk).get("eventCount").n());
  }

  @Test
  void givenExpiredWindowNotYetDeleted_whenMatchedAgain_expectNewWindowAndAlert() {
    aws.put(bucket, "k1.json.gz", log("alice"));
    aws.put(bucket, "k2.json.gz", log("alice"));
    invoke(handler(), Events.s3(bucket, "k1.json.gz", "e1"));
    clock.advance(Duration.ofMinutes(59));
    invoke(handler(), Events.s3(bucket, "k2.json.gz", "e2"));
    assertEquals(1, alerts().size(), "within the hour: suppressed");
    aws.put(bucket, "k3.json.gz", log("alice"));
    clock.advance(Duration.ofMinutes(2)); // the item is still stored (no TTL sweep here)
    invoke(handler(), Events.s3(bucket, "k3.json.gz", "e3"));
    List<JsonNode> sent = alerts();
    assertEquals(1, sent.size());
    assertEquals("2026-01-01T13:01:00Z", sent.get(0).get("windowStart").textValue());
  }

  @Test
  void givenFourConcurrentInvocationsForOneUser_whenInvoked_expectExactlyOneAlert() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<JsonNode>> futures = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      String key = "c" + i + ".json.gz";
      aws.put(bucket, key, log("alice"));
      Handler handler = handler(Rules.shipped(), aws.topicArn(topic), Sleeper.REAL);
      futures.add(pool.submit(() -> {
        start.await();
        return invoke(handler, Events.s3(bucket, key, "e"));
      }));
    }
    start.countDown();
    int published = 0;
    int suppressed = 0;
    for (Future<JsonNode> f : futures) {
      published += f.get().get("AlertsPublished").intValue();
      suppressed += f.get().get("AlertsSuppressed").intValue();
    }
    pool.shutdown();
    assertEquals(1, published);
    assertEquals(3, suppressed);
    assertEquals(1, alerts().size());
  }

  @Test
  void givenSnsDownThenBack_whenRetried_expectExactlyOneAlert() {
    aws.put(bucket, "k.json.gz", log("alice"));
    String missingTopic = "later-" + aws.suffix;
    Handler handler = handler(Rules.shipped(), aws.topicArn(missingTopic));
    String event = Events.s3(bucket, "k.json.gz", "e");
    RuntimeException e = assertThrows(RuntimeException.class, () -> invoke(handler, event));
    assertTrue(e.getMessage().startsWith("retry: s3://" + bucket + "/k.json.gz: SNS Publish of alert"), e.getMessage());
    String queue = aws.topicWithQueue(missingTopic); // the topic comes back
    invoke(handler, event);
    invoke(handler, event);
    assertEquals(1, aws.drain(queue).size());
  }

  @Test
  void givenSnsDownLongerThanTheRetries_whenItReturns_expectOneAlertFromTheFirstInvocationAfter() {
    for (String key : List.of("k1.json.gz", "k2.json.gz", "k3.json.gz")) {
      aws.put(bucket, key, log("alice"));
    }
    String later = "later-" + aws.suffix;
    Handler handler = handler(Rules.shipped(), aws.topicArn(later));
    for (int attempt = 0; attempt < 3; attempt++) { // the delivery and Lambda's two retries, then the failure queue
      assertThrows(RuntimeException.class, () -> invoke(handler, Events.s3(bucket, "k1.json.gz", "e1")));
      clock.advance(Duration.ofMinutes(1));
    }
    assertThrows(RuntimeException.class, () -> invoke(handler, Events.s3(bucket, "k2.json.gz", "e2")));
    String queue = aws.topicWithQueue(later); // SNS is back
    JsonNode response = invoke(handler, Events.s3(bucket, "k3.json.gz", "e3"));
    assertEquals(1, response.get("AlertsPublished").intValue(), "the first invocation after SNS returns publishes");
    invoke(handler, Events.s3(bucket, "k1.json.gz", "e1")); // the failure queue replayed
    List<Message> sent = aws.drain(queue);
    assertEquals(1, sent.size());
    JsonNode alert = Json.tree(sent.get(0).body());
    assertEquals(3, alert.get("eventCount").intValue());
    assertEquals("2026-01-01T12:00:00Z", alert.get("windowStart").asText(), "the window k1 opened");
  }

  @Test
  void givenABacklogOfOneKeysObjectsInOneEvent_whenInvoked_expectOneAlertAndNoItemGrowing() {
    int objects = 150;
    StringBuilder records = new StringBuilder();
    for (int i = 0; i < objects; i++) { // each a minute after the one before, as a backlog is
      aws.put(bucket, "b" + i + ".json.gz", Logs.gzip(Logs.cloudTrail(List.of(Json.akiaRecord("alice", "AKIAALICE",
          Instant.parse("2024-06-02T18:00:00Z").plus(Duration.ofMinutes(i)).toString())))));
      records.append(i == 0 ? "" : ",").append(Events.s3Record(bucket, "b" + i + ".json.gz", "e" + i));
    }
    JsonNode first = invoke(handler(), Events.s3(bucket, "b0.json.gz", "e0"));
    JsonNode all = invoke(handler(), "{\"Records\":[" + records + "]}");
    assertEquals(objects, all.get("ObjectsProcessed").intValue());
    assertEquals(1, alerts().size());
    assertTrue(all.get("DynamoDbLargestItemBytes").intValue() <= first.get("DynamoDbLargestItemBytes").intValue() + 2,
        first + " then " + all);
    assertEquals(2 * objects + 1, all.get("DynamoDbRequests").intValue(),
        "a read and a join per object, and one signal write: the key's later uses need none");
  }

  @Test
  void givenMinimumSeverityMedium_whenAKeyIsBackdooredAndUsed_expectOnlyTheMediumAlertsPublished() {
    Config config = new Config(table, aws.topicArn(topic), Set.of(bucket), CloudTrailReader.Limits.DEFAULT, "us-east-1",
        AwsServer.endpoint(), "MEDIUM", null, null, false, 1);
    Handler handler = new Handler(Wiring.processor(config, clock, clock::advance, Rules.shipped(), aws.s3, aws.dynamo,
        aws.sns), clock);
    long below = 0;
    for (var file : io.trailwatch.engine.CorrelationCases.CREATED_THEN_USED_FROM_THE_SAME_IP.files().entrySet()) {
      aws.put(bucket, file.getKey(), file.getValue());
      below += invoke(handler, Events.s3(bucket, file.getKey(), file.getKey())).get("MatchesBelowMinimumSeverity").longValue();
    }
    assertEquals(1, below, "the use matched UserAccessKeyAuth (INFO): no alert of its own");
    assertEquals(List.of("AWS.IAM.Backdoor.User.Keys", "AWS.Privilege.Escalation.Via.User.Compromise"),
        alerts().stream().map(a -> a.get("ruleId").textValue()).sorted().toList(), "the INFO signal still fed the correlation");
  }

  @Test
  void givenDeletedObjectBesideGoodOne_whenInvoked_expectGoodOneAlertsAndNoFailure() {
    aws.put(bucket, "good.json.gz", log("alice"));
    String event = "{\"Records\":[" + Events.s3Record(bucket, "gone.json.gz", "g") + ","
        + Events.s3Record(bucket, "good.json.gz", "e") + "]}";
    JsonNode response = invoke(handler(), event);
    assertEquals(1, response.get("ObjectsFailed").intValue());
    assertEquals(1, response.get("ObjectsProcessed").intValue());
    assertEquals(1, alerts().size());
  }

  @Test
  void givenCorruptObjectBesideGoodOne_whenInvoked_expectGoodOneAlertsAndNoFailure() {
    aws.put(bucket, "bad.json.gz", new byte[] {0x1f, (byte) 0x8b, 8, 0, 1, 2, 3});
    aws.put(bucket, "good.json.gz", log("alice"));
    String event = "{\"Records\":[" + Events.s3Record(bucket, "bad.json.gz", "b") + ","
        + Events.s3Record(bucket, "good.json.gz", "e") + "]}";
    JsonNode response = invoke(handler(), event);
    assertEquals(1, response.get("ObjectsFailed").intValue());
    assertEquals(1, alerts().size());
  }

  @Test
  void givenThresholdTwo_whenTwoObjectsMatch_expectOneAlertAtTheSecond() {
    List<Rule> two = List.of(Rules.of(new RuleMetadata("AWS.CloudTrail.UserAccessKeyAuth", "Info", 60, 2, true, List.of())));
    aws.put(bucket, "a.json.gz", log("alice"));
    aws.put(bucket, "b.json.gz", log("alice"));
    invoke(handler(two, aws.topicArn(topic)), Events.s3(bucket, "a.json.gz", "a"));
    assertEquals(0, alerts().size());
    invoke(handler(two, aws.topicArn(topic)), Events.s3(bucket, "b.json.gz", "b"));
    List<JsonNode> sent = alerts();
    assertEquals(1, sent.size());
    assertEquals(2, sent.get(0).get("eventCount").intValue());
  }

  @Test
  void givenBucketNotAllowed_whenInvoked_expectObjectNeverRead() {
    String other = "other-" + aws.suffix;
    aws.s3.createBucket(b -> b.bucket(other));
    aws.put(other, "k.json.gz", log("alice"));
    JsonNode response = invoke(handler(), Events.s3(other, "k.json.gz", "e"));
    assertEquals(1, response.get("ObjectsRejected").intValue());
    assertEquals(0, response.get("BytesRead").intValue());
    assertEquals(0, alerts().size());
  }

  @Test
  void givenNonLogKeys_whenInvoked_expectSkippedWithoutDownload() {
    String event = "{\"Records\":[" + Events.s3Record(bucket, "AWSLogs/1/CloudTrail-Digest/x.json.gz", "d") + ","
        + Events.s3Record(bucket, "notes.txt", "n") + "]}";
    JsonNode response = invoke(handler(), event);
    assertEquals(2, response.get("ObjectsSkipped").intValue());
    assertEquals(0, response.get("BytesRead").intValue());
  }

  @Test
  void givenSqsBatchWithOneBadMessage_whenInvoked_expectOnlyThatMessageFailed() {
    aws.put(bucket, "k.json.gz", log("alice"));
    String event = Events.sqs("good", Events.s3(bucket, "k.json.gz", "e"), "bad", "{\"hello\":\"world\"}");
    JsonNode response = invoke(handler(), event);
    assertEquals("{\"batchItemFailures\":[{\"itemIdentifier\":\"bad\"}]}", response.toString());
    assertEquals(1, alerts().size());
  }

  @Test
  void givenS3TestEvent_whenInvoked_expectIgnored() {
    JsonNode response = invoke(handler(), "{\"Service\":\"Amazon S3\",\"Event\":\"s3:TestEvent\",\"Time\":\"2024-01-01T00:00:00Z\","
        + "\"Bucket\":\"" + bucket + "\",\"RequestId\":\"r\",\"HostId\":\"h\"}");
    assertEquals(0, response.get("ObjectsProcessed").intValue());
  }

  @Test
  void givenManyMatchesOfTwoUsersInOneObject_whenInvoked_expectDynamoWritesPerDedupStringNotPerRecord() {
    String[] users = new String[200];
    for (int i = 0; i < users.length; i++) {
      users[i] = i % 2 == 0 ? "alice" : "bob";
    }
    aws.put(bucket, "noisy.json.gz", log(users));
    JsonNode response = invoke(handler(), Events.s3(bucket, "noisy.json.gz", "e"));
    assertEquals(200, response.get("Matches").intValue());
    // per new dedup string: the read that finds no window, the opening PutItem, the published mark
    assertTrue(response.get("DynamoDbRequests").intValue() <= 2 * 3 + 2, response.toString());
    assertEquals(2, alerts().size());
  }
}
