package io.trailwatch.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailwatch.engine.Alert;
import io.trailwatch.engine.Entities;
import io.trailwatch.engine.Json;
import io.trailwatch.engine.Source;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SnsAlertPublisherTest {
  static Alert alert(String title) {
    return new Alert("id", new Alert.Settings("AWS.CloudTrail.UserAccessKeyAuth", "INFO", 60, 1), title, title, Instant.EPOCH, 1, null,
        Map.of("ip_accessKeyId", "x"), new Entities(Map.of()), new io.trailwatch.engine.Activity(1, Instant.EPOCH, Instant.EPOCH, Map.of(), 1, java.util.List.of(), java.util.List.of(), java.util.List.of(), false), Json.obj("{'eventID':'e'}"), new Source.S3Object("b", "k"),
        Instant.EPOCH, false);
  }

  @Test
  void givenShortTitle_whenSubject_expectSeverityAndTitle() {
    assertEquals("[INFO] User a signed in with access key AKIAX", SnsAlertPublisher.subject(alert("User a signed in with access key AKIAX")));
  }

  @Test
  void givenLongTitle_whenSubject_expectCutTo99CharactersWithEllipsis() {
    String subject = SnsAlertPublisher.subject(alert("User arn:aws:iam::123456789012:user/" + "x".repeat(200) + " signed in"));
    assertEquals(99, subject.length());
    assertTrue(subject.startsWith("[INFO] User arn:aws:iam::123456789012:user/xxx") && subject.endsWith("..."), subject);
  }

  @Test
  void givenNonAsciiOrControlCharacters_whenSubject_expectPrintableAscii() {
    assertEquals("[INFO] User ?l?ve\\?", SnsAlertPublisher.subject(alert("User élève\\\n")).replace("\n", "?"));
    assertTrue(SnsAlertPublisher.subject(alert("a\tb\nc")).chars().allMatch(c -> c >= 0x20 && c < 0x7f));
  }

  @Test
  void givenAnAlert_whenMessage_expectTheAlertJsonByDefaultAndTextForEmail() {
    var structure = Json.tree(SnsAlertPublisher.message(alert("User a signed in with access key AKIAX")));
    assertEquals(Set.of("default", "email"), Set.copyOf(iterate(structure.fieldNames())));
    assertEquals("id", Json.tree(structure.get("default").textValue()).get("alertId").textValue());
    assertTrue(structure.get("email").textValue().startsWith("User a signed in with access key AKIAX\n\n"));
  }

  @Test
  void givenAnAlertWithAHugeEvent_whenMessage_expectTheWholeStructureWithinSnsLimit() {
    String big = "\"quoted\" ".repeat(40_000); // escaping inside the structure doubles these bytes
    Alert huge = new Alert("id", new Alert.Settings("AWS.CloudTrail.UserAccessKeyAuth", "INFO", 60, 1), "t", "t",
        Instant.EPOCH, 1, null, Map.of(), new Entities(Map.of()), new io.trailwatch.engine.Activity(1, Instant.EPOCH, Instant.EPOCH, Map.of(), 1, java.util.List.of(), java.util.List.of(), java.util.List.of(), false), Json.obj("{'eventID':'e','requestParameters':{'x':"
        + com.fasterxml.jackson.databind.node.TextNode.valueOf(big) + "}}"), new Source.S3Object("b", "k"), Instant.EPOCH, false);
    String message = SnsAlertPublisher.message(huge);
    assertTrue(message.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= SnsAlertPublisher.MAX_MESSAGE_BYTES);
    assertTrue(Json.tree(Json.tree(message).get("default").textValue()).get("truncated").booleanValue());
  }

  private static java.util.List<String> iterate(java.util.Iterator<String> names) {
    java.util.List<String> out = new java.util.ArrayList<>();
    names.forEachRemaining(out::add);
    return out;
  }
}
