package io.trailwatch.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import io.trailwatch.engine.CloudTrailReader;
import io.trailwatch.engine.Json;
import io.trailwatch.engine.Logs;
import io.trailwatch.engine.Rules;
import io.trailwatch.engine.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The alert topic, the chat topic and Security Hub through the handler, on moto: each alert once to each. */
class DestinationsIntegrationTest {
  private final TestClock clock = new TestClock(Instant.parse("2026-01-01T12:00:00Z"));
  private AwsServer aws;
  private String bucket;
  private String table;
  private String alertsQueue;
  private String chatTopic;

  @BeforeEach
  void setUp() {
    aws = AwsServer.connectWithSecurityHub();
    bucket = aws.bucket();
    table = aws.table();
    alertsQueue = aws.topicWithQueue("alerts-" + aws.suffix);
    chatTopic = "chat-" + aws.suffix;
  }

  private Handler handler() {
    Config config = new Config(table, aws.topicArn("alerts-" + aws.suffix), Set.of(bucket),
        CloudTrailReader.Limits.DEFAULT, "us-east-1", AwsServer.endpoint(), "INFO", null, aws.topicArn(chatTopic), true, 1);
    return new Handler(Wiring.processor(config, clock, clock::advance, Rules.shipped(), aws.s3, aws.dynamo, aws.sns,
        aws.securityHub), clock);
  }

  private String object(String user) {
    String key = "AWSLogs/123456789012/CloudTrail/us-east-1/2026/01/01/" + user + ".json.gz";
    aws.put(bucket, key, Logs.gzip(Logs.cloudTrail(List.of(Json.akiaRecord(user, "AKIA" + user.toUpperCase(),
        "2026-01-01T11:59:00Z")))));
    return Events.s3(bucket, key, "e-" + user);
  }

  private List<JsonNode> drain(String queue) {
    List<JsonNode> out = new ArrayList<>();
    aws.drain(queue).forEach(m -> out.add(Json.tree(m.body())));
    return out;
  }

  private long findings(String alertId) {
    return aws.securityHub.getFindingsPaginator(b -> b.maxResults(100)).findings().stream()
        .filter(f -> f.id().equals("trailwatch/" + alertId)).count();
  }

  @Test
  void eachAlertGoesOnceToTheTopicTheChatAndSecurityHub() {
    String chatQueue = aws.topicWithQueue(chatTopic);
    HandlerIntegrationTest.invoke(handler(), object("erin" + aws.suffix));
    List<JsonNode> alerts = drain(alertsQueue);
    List<JsonNode> chats = drain(chatQueue);
    assertEquals(1, alerts.size());
    assertEquals(1, chats.size());
    String alertId = alerts.get(0).get("alertId").textValue();
    assertEquals("custom", chats.get(0).get("source").textValue(), "the chat topic gets the custom notification alone");
    assertEquals(alertId, chats.get(0).get("id").textValue());
    assertEquals(1, findings(alertId));
  }

  @Test
  void aChatTopicThatFailsIsRetriedAloneAndTheAlertTopicGetsNothingTwice() {
    Handler handler = handler();
    String event = object("finn" + aws.suffix);
    assertThrows(Processor.RetryLaterException.class, () -> HandlerIntegrationTest.invoke(handler, event),
        "the chat topic does not exist yet");
    List<JsonNode> alerts = drain(alertsQueue);
    assertEquals(1, alerts.size());
    String alertId = alerts.get(0).get("alertId").textValue();
    assertEquals(0, findings(alertId), "Security Hub comes after the chat topic");
    String chatQueue = aws.topicWithQueue(chatTopic);
    clock.advance(Duration.ofMinutes(1));
    HandlerIntegrationTest.invoke(handler, event); // Lambda's retry of the same event
    assertEquals(0, drain(alertsQueue).size(), "not sent to the alert topic again");
    assertEquals(1, drain(chatQueue).size());
    assertEquals(1, findings(alertId));
  }
}
