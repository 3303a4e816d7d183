package io.trailwatch.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailwatch.engine.Alert;
import io.trailwatch.engine.Entities;
import io.trailwatch.engine.Json;
import io.trailwatch.engine.Source;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnsAlertPublisherTest {
  static Alert alert(String title) {
    return new Alert("id", new Alert.Settings("AWS.CloudTrail.UserAccessKeyAuth", "INFO", 60, 1), title, title, Instant.EPOCH, 1,
        Map.of("ip_accessKeyId", "x"), new Entities(Map.of()), Json.obj("{'eventID':'e'}"), new Source.S3Object("b", "k"),
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
}
