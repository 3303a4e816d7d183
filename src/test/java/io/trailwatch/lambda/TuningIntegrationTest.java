package io.trailwatch.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.trailwatch.engine.CloudTrailReader;
import io.trailwatch.engine.Json;
import io.trailwatch.engine.Logs;
import io.trailwatch.engine.Rules;
import io.trailwatch.engine.TestClock;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The function with a tuning file in S3 (TUNING_S3_URI) and first-seen mode, on moto. */
class TuningIntegrationTest {
  private static final String EXCLUDE = """
      AWS.CloudTrail.UserAccessKeyAuth:
        InlineFilters:
          - None:
              - KeyPath: userIdentity.arn
                Condition: IsIn
                Values: [arn:aws:iam::123456789012:user/%s]
      """;
  private static final String FIRST_SEEN = """
      AWS.CloudTrail.UserAccessKeyAuth:
        NewTerms: {Fields: [userIdentity.accessKeyId, sourceIPAddress], HistoryDays: 10}
      """;
  private final TestClock clock = new TestClock(Instant.parse("2026-01-01T12:00:00Z"));
  private final List<String> logLines = new ArrayList<>();
  private AwsServer aws;
  private String bucket;
  private String alerts;
  private String topicArn;
  private String table;
  private int objects;

  @BeforeEach
  void setUp() {
    aws = AwsServer.connect();
    bucket = aws.bucket();
    table = aws.table();
    String topic = "alerts-" + aws.suffix;
    alerts = aws.topicWithQueue(topic);
    topicArn = aws.topicArn(topic);
  }

  private void tuning(String yaml) {
    aws.put(bucket, "config/tuning.yml", yaml.getBytes(StandardCharsets.UTF_8));
  }

  private Handler handler() {
    Config config = new Config(table, topicArn, Set.of(bucket), CloudTrailReader.Limits.DEFAULT, "us-east-1",
        AwsServer.endpoint(), "INFO", Config.TuningUri.parse("s3://" + bucket + "/config/tuning.yml"), null, false, 1);
    return new Handler(Wiring.processor(config, clock, clock::advance, Rules.shipped(), aws.s3, aws.dynamo, aws.sns),
        clock);
  }

  /** Puts a log with one use per (user, address) and invokes the handler on it; returns the response. */
  private JsonNode invoke(Handler handler, String... usersAndAddresses) {
    List<JsonNode> records = new ArrayList<>();
    for (int i = 0; i < usersAndAddresses.length; i += 2) {
      records.add(Json.akiaRecord(usersAndAddresses[i], "AKIA" + usersAndAddresses[i].toUpperCase().replace("-", ""),
          "2026-01-01T11:59:00Z").put("sourceIPAddress", usersAndAddresses[i + 1]));
    }
    String key = "AWSLogs/123456789012/CloudTrail/us-east-1/2026/01/01/" + objects++ + ".json.gz";
    aws.put(bucket, key, Logs.gzip(Logs.cloudTrail(records)));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      handler.handleRequest(new ByteArrayInputStream(Events.s3(bucket, key, "e" + objects).getBytes(StandardCharsets.UTF_8)),
          out, new LocalContext(logLines::add));
      return EventMapper.MAPPER.readTree(out.toByteArray());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private List<String> alertedUsers() {
    List<String> users = new ArrayList<>();
    aws.drain(alerts).forEach(m -> users.add(Json.tree(m.body()).get("event").get("userIdentity").get("userName")
        .textValue()));
    return users;
  }

  @Test
  void aTuningFileThatExcludesTheCiUserLeavesOnlyTheIntruder() {
    tuning(EXCLUDE.formatted("ci-deployer"));
    JsonNode response = invoke(handler(), "ci-deployer", "192.0.2.10", "intruder", "198.51.100.7", "ci-deployer", "192.0.2.10");
    assertEquals(List.of("intruder"), alertedUsers());
    assertEquals(2, response.get("MatchesFiltered").intValue());
    assertEquals(1, response.get("Matches").intValue());
  }

  @Test
  void aChangedFileIsUsedOnceTheMinuteIsUp() {
    tuning(EXCLUDE.formatted("ci-deployer"));
    Handler handler = handler();
    tuning(EXCLUDE.formatted("intruder"));
    clock.advance(Duration.ofSeconds(59));
    invoke(handler, "ci-deployer", "192.0.2.10", "intruder", "198.51.100.7");
    assertEquals(List.of("intruder"), alertedUsers(), "checked at most once a minute");
    clock.advance(Duration.ofHours(2)); // past the dedup windows and the check interval
    invoke(handler, "ci-deployer", "192.0.2.10", "intruder", "198.51.100.7");
    assertEquals(List.of("ci-deployer"), alertedUsers(), "the new file is used");
    assertTrue(logLines.stream().anyMatch(l -> l.contains("\"message\":\"tuning file reloaded\"")), logLines.toString());
  }

  @Test
  void anInvalidNewVersionKeepsTheLastGoodOneAndIsCountedAtEveryCheck() {
    tuning(EXCLUDE.formatted("ci-deployer"));
    Handler handler = handler();
    tuning("AWS.CloudTrail.UserAccessKeyAuth: {Threshold: 0}");
    clock.advance(Duration.ofMinutes(1));
    JsonNode first = invoke(handler, "ci-deployer", "192.0.2.10", "intruder", "198.51.100.7");
    assertEquals(1, first.get("TuningErrors").intValue());
    assertEquals(List.of("intruder"), alertedUsers(), "the last good file still applies");
    assertTrue(logLines.stream().anyMatch(l -> l.contains("tuning file not used; the last good one stays")
        && l.contains("Threshold must be a whole number from 1 to any, not 0")), logLines.toString());
    clock.advance(Duration.ofMinutes(1));
    assertEquals(1, invoke(handler, "nobody", "192.0.2.1").get("TuningErrors").intValue(), "still counted");
    tuning(EXCLUDE.formatted("nobody"));
    clock.advance(Duration.ofMinutes(1));
    assertEquals(0, invoke(handler, "nobody", "192.0.2.1").get("TuningErrors").intValue(), "a good version fixes it");
  }

  @Test
  void anInvalidOrMissingFileStopsStartUpWithTheReason() {
    tuning("AWS.Typo: {Severity: High}");
    IllegalStateException invalid = assertThrows(IllegalStateException.class, this::handler);
    assertEquals("tuning file s3://" + bucket + "/config/tuning.yml cannot be used: s3://" + bucket
        + "/config/tuning.yml: unknown RuleID AWS.Typo; Trailwatch has [AWS.CloudTrail.UserAccessKeyAuth,"
        + " AWS.IAM.Backdoor.User.Keys, AWS.Privilege.Escalation.Via.User.Compromise]", invalid.getMessage());
    aws.s3.deleteObject(b -> b.bucket(bucket).key("config/tuning.yml"));
    IllegalStateException missing = assertThrows(IllegalStateException.class, this::handler);
    assertTrue(missing.getMessage().startsWith("tuning file s3://" + bucket + "/config/tuning.yml cannot be used: 404"),
        missing.getMessage());
  }

  @Test
  void firstSeenModeAlertsOncePerNewAddressAcrossInvocations() {
    tuning(FIRST_SEEN);
    Handler handler = handler();
    JsonNode first = invoke(handler, "ci-deployer", "192.0.2.10", "ci-deployer", "192.0.2.10");
    List<JsonNode> sent = new ArrayList<>();
    aws.drain(alerts).forEach(m -> sent.add(Json.tree(m.body())));
    assertEquals(1, sent.size());
    assertEquals("first seen", sent.get(0).get("reason").textValue());
    assertEquals(1, first.get("MatchesSeenBefore").intValue(), "the second use in the same object");
    for (int hour = 1; hour <= 5; hour++) {
      clock.advance(Duration.ofHours(1));
      assertEquals(1, invoke(handler, "ci-deployer", "192.0.2.10").get("MatchesSeenBefore").intValue());
    }
    assertEquals(List.of(), alertedUsers(), "hourly use from the known address: no alert");
    clock.advance(Duration.ofHours(1));
    invoke(handler, "ci-deployer", "192.0.2.99");
    assertEquals(List.of("ci-deployer"), alertedUsers(), "a new address alerts");
    clock.advance(Duration.ofDays(10));
    invoke(handler, "ci-deployer", "192.0.2.10");
    assertEquals(List.of("ci-deployer"), alertedUsers(), "unseen for the whole history: new again");
  }

  @Test
  void firstSeenSightingsAreRecordedOnlyAfterTheAlertWentOut() {
    tuning(FIRST_SEEN);
    Config config = new Config(table, topicArn.replace("alerts-", "missing-"), Set.of(bucket),
        CloudTrailReader.Limits.DEFAULT, "us-east-1", AwsServer.endpoint(), "INFO",
        Config.TuningUri.parse("s3://" + bucket + "/config/tuning.yml"), null, false, 1);
    Handler broken = new Handler(Wiring.processor(config, clock, clock::advance, Rules.shipped(), aws.s3, aws.dynamo,
        aws.sns), clock);
    assertThrows(Processor.RetryLaterException.class, () -> invoke(broken, "ci-deployer", "192.0.2.10"));
    objects--; // the retry delivers the same object
    invoke(handler(), "ci-deployer", "192.0.2.10");
    assertEquals(List.of("ci-deployer"), alertedUsers(), "the publish failed, so the retry still finds it new");
  }
}
