package io.trailwatch.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertJsonTest {
  private static Alert alertWith(JsonNode event) throws RuleException {
    Match match = Rules.userAccessKeyAuth().evaluate(RecordView.of(event), new Source.S3Object("b", "k"), Instant.EPOCH);
    return Alert.of(MatchGroup.startingWith(match), Instant.parse("2024-06-02T20:16:22Z"), 1,
        Instant.parse("2024-06-02T20:17:00Z"));
  }

  @Test
  void givenAlert_whenJson_expectSchemaV1FieldsInOrder() throws RuleException {
    JsonNode json = Json.tree(AlertJson.toJson(alertWith(Json.akiaRecord("alice", "AKIA1", "2024-06-02T20:16:22Z"))));
    List<String> fields = new java.util.ArrayList<>();
    json.fieldNames().forEachRemaining(fields::add);
    assertEquals(List.of("schemaVersion", "alertId", "ruleId", "severity", "title", "dedup", "dedupPeriodMinutes",
        "threshold", "windowStart", "eventCount", "reason", "alertContext", "entities", "activity", "event", "source", "createdAt", "truncated"),
        fields);
    assertEquals("2024-06-02T20:16:22Z", json.get("windowStart").textValue());
    assertEquals("{\"bucket\":\"b\",\"key\":\"k\"}", json.get("source").toString());
    assertEquals(Alert.alertId("AWS.CloudTrail.UserAccessKeyAuth", json.get("dedup").textValue(),
        Instant.parse("2024-06-02T20:16:22Z")), json.get("alertId").textValue());
  }

  @Test
  void givenEventOver256KB_whenFit_expectBigFieldsDroppedAndTruncatedTrue() throws RuleException {
    var record = Json.akiaRecord("alice", "AKIA1", "2024-06-02T20:16:22Z");
    record.putObject("responseElements").put("blob", "x".repeat(400_000));
    String fitted = AlertJson.fit(alertWith(record), 262_144 - 4_096);
    assertTrue(fitted.getBytes(StandardCharsets.UTF_8).length <= 262_144 - 4_096);
    JsonNode json = Json.tree(fitted);
    assertTrue(json.get("truncated").booleanValue());
    assertFalse(json.get("event").has("responseElements"));
    assertEquals("AKIA1", json.get("event").get("userIdentity").get("accessKeyId").textValue());
  }

  @Test
  void activityListsAreCutBeforeTheEvent() throws RuleException {
    MatchGroup group = null;
    for (int i = 0; i < 20; i++) {
      var record = Json.akiaRecord("alice", "AKIA1", "2024-06-02T20:16:22Z");
      record.put("userAgent", i + "x".repeat(Activity.MAX_VALUE_CHARS)).put("sourceIPAddress", "10.0.0." + i);
      Match match = Rules.userAccessKeyAuth().evaluate(RecordView.of(record), new Source.File("f"), Instant.EPOCH);
      if (group == null) {
        group = MatchGroup.startingWith(match);
      } else {
        group.add(match);
      }
    }
    Alert alert = Alert.of(group, Instant.EPOCH, 20, Instant.EPOCH);
    int full = AlertJson.toJson(alert).getBytes(StandardCharsets.UTF_8).length;
    JsonNode json = Json.tree(AlertJson.fit(alert, full - 1));
    assertTrue(json.get("activity").get("cut").booleanValue());
    assertEquals(AlertJson.SHORT_LISTS, json.get("activity").get("userAgents").size());
    assertEquals(AlertJson.SHORT_LISTS, json.get("activity").get("sourceIPAddresses").size());
    assertEquals(20, json.get("activity").get("events").longValue());
    assertFalse(json.get("truncated").booleanValue(), "the event stays whole when cutting the lists is enough");
  }

  @Test
  void givenSmallAlert_whenFit_expectUnchanged() throws RuleException {
    Alert alert = alertWith(Json.akiaRecord("alice", "AKIA1", "2024-06-02T20:16:22Z"));
    assertEquals(AlertJson.toJson(alert), AlertJson.fit(alert, 262_144));
  }

  @Test
  void givenLimitTooSmallForAnyAlert_whenFit_expectErrorNamingTheAlert() throws RuleException {
    Alert alert = alertWith(Json.akiaRecord("alice", "AKIA1", "2024-06-02T20:16:22Z"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AlertJson.fit(alert, 100));
    assertEquals("alert " + alert.alertId() + " does not fit in 100 bytes", e.getMessage());
  }
}
