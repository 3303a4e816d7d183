package io.trailwatch.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The chat message against the Chatbot custom-notification schema (docs: "Custom notifications", Event schema). */
class ChatNotificationTest {
  /** The schema: every key Chatbot documents, where it may appear, and the type of its value. */
  private static final Map<String, Set<String>> KEYS = Map.of(
      "", Set.of("version", "source", "id", "content", "metadata"),
      "content", Set.of("textType", "title", "description", "nextSteps", "keywords"),
      "metadata", Set.of("threadId", "summary", "eventType", "relatedResources", "additionalContext"));

  private static Alert alert(String agent) throws Exception {
    var record = Json.akiaRecord("alice", "AKIAALICE", "2024-06-02T20:16:22Z").put("userAgent", agent);
    Match match = Rules.userAccessKeyAuth().evaluate(RecordView.of(record), new Source.S3Object("trail", "k.json.gz"), Instant.EPOCH);
    return Alert.of(MatchGroup.startingWith(match), Instant.parse("2024-06-02T20:16:22Z"), 3,
        Instant.parse("2024-06-02T20:59:01Z"));
  }

  private static void assertSchema(JsonNode node, String where) {
    Set<String> keys = new HashSet<>();
    node.fieldNames().forEachRemaining(keys::add);
    assertTrue(KEYS.get(where).containsAll(keys), where + " has keys outside the schema: " + keys);
  }

  @Test
  void theMessageKeepsTheDocumentedSchema() throws Exception {
    Alert alert = alert("aws-cli/2.15");
    JsonNode chat = Json.tree(ChatNotification.toJson(alert));
    assertSchema(chat, "");
    assertSchema(chat.get("content"), "content");
    assertSchema(chat.get("metadata"), "metadata");
    assertEquals("1.0", chat.get("version").textValue(), "required: 1.0");
    assertEquals("custom", chat.get("source").textValue(), "required: custom");
    assertEquals(alert.alertId(), chat.get("id").textValue());
    assertEquals("client-markdown", chat.get("content").get("textType").textValue(), "the only textType supported");
    for (String text : List.of("title", "description")) {
      assertTrue(chat.get("content").get(text).isTextual(), text);
    }
    for (String list : List.of("nextSteps", "keywords")) {
      assertTrue(chat.get("content").get(list).isArray(), list);
      chat.get("content").get(list).forEach(e -> assertTrue(e.isTextual(), list + " holds strings"));
    }
    chat.get("metadata").get("relatedResources").forEach(e -> assertTrue(e.isTextual()));
    chat.get("metadata").get("additionalContext").fields().forEachRemaining(e -> assertTrue(e.getValue().isTextual(),
        "additionalContext values are strings: " + e.getKey()));
    assertEquals("AWS.CloudTrail.UserAccessKeyAuth", chat.get("metadata").get("eventType").textValue());
    assertEquals("INFO", chat.get("metadata").get("additionalContext").get("severity").textValue());
    assertEquals("198.51.100.7:AKIAALICE", chat.get("metadata").get("additionalContext").get("ip_accessKeyId").textValue());
    assertEquals(List.of("arn:aws:iam::123456789012:user/alice"),
        List.of(chat.get("metadata").get("relatedResources").get(0).textValue()));
    assertTrue(chat.get("content").get("description").textValue().contains("*Access key:* `AKIAALICE`"),
        chat.get("content").get("description").textValue());
    assertTrue(chat.get("content").get("description").textValue().contains("*In CloudTrail:* <https://us-east-1.console"
        + ".aws.amazon.com/cloudtrailv2/home?region=us-east-1#/events/alice-2024-06-02T20:16:22Z|open the event>"),
        chat.get("content").get("description").textValue());
    assertEquals("`aws iam update-access-key --user-name alice --access-key-id AKIAALICE --status Inactive`",
        chat.get("content").get("nextSteps").get(1).textValue());
  }

  @Test
  void laterWindowsOfTheSameKeyShareOneThread() throws Exception {
    Alert first = alert("a");
    Alert later = Alert.of(MatchGroup.startingWith(Rules.userAccessKeyAuth().evaluate(RecordView.of(
        Json.akiaRecord("alice", "AKIAALICE", "2024-06-02T22:00:00Z")), new Source.File("f"), Instant.EPOCH)),
        Instant.parse("2024-06-02T22:00:00Z"), 1, Instant.EPOCH);
    assertFalse(first.alertId().equals(later.alertId()));
    assertEquals(Json.tree(ChatNotification.toJson(first)).get("metadata").get("threadId"),
        Json.tree(ChatNotification.toJson(later)).get("metadata").get("threadId"));
  }

  @Test
  void valuesFromLogsCannotMentionLinkOrFormat() throws Exception {
    String description = Json.tree(ChatNotification.toJson(alert("<!channel> <https://evil.example|click> `x` *bold*")))
        .get("content").get("description").textValue();
    assertFalse(description.contains("<!channel>"), description);
    assertFalse(description.contains("<https://evil"), description);
    assertTrue(description.contains("`198.51.100.7 (&lt;!channel&gt; &lt;https://evil.example|click&gt; 'x' *bold*)`"),
        description);
  }

  @Test
  void anEventIdThatCouldBreakTheLinkIsShownAsCode() throws Exception {
    var record = Json.akiaRecord("alice", "AKIAALICE", "2024-06-02T20:16:22Z").put("eventID", "x|<!here>");
    Match match = Rules.userAccessKeyAuth().evaluate(RecordView.of(record), new Source.File("f"), Instant.EPOCH);
    String description = Json.tree(ChatNotification.toJson(Alert.of(MatchGroup.startingWith(match), Instant.EPOCH, 1,
        Instant.EPOCH))).get("content").get("description").textValue();
    assertFalse(description.contains("|open the event>"), description);
    assertTrue(description.contains("#/events/x|&lt;!here&gt;`"), description);
  }

  @Test
  void longTextIsCutToTheLimits() throws Exception {
    JsonNode chat = Json.tree(ChatNotification.toJson(alert("u".repeat(20_000))));
    assertTrue(chat.get("content").get("description").textValue().length() <= ChatNotification.MAX_DESCRIPTION);
    assertTrue(chat.get("content").get("description").textValue().endsWith("…"));
    assertTrue(chat.get("content").get("title").textValue().length() <= ChatNotification.MAX_TITLE);
  }
}
