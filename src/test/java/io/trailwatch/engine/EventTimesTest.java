package io.trailwatch.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EventTimesTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "2024-06-02T20:16:22Z, 2024-06-02T20:16:22Z",
      "2024-06-02T20:16:22.123Z, 2024-06-02T20:16:22.123Z",
      "2024-06-02 20:16:22.000000000, 2024-06-02T20:16:22Z",
      "2024-06-02T22:16:22+02:00, 2024-06-02T20:16:22Z",
      "2024-06-02T20:16:22, 2024-06-02T20:16:22Z"})
  void givenCloudTrailOrPantherTime_whenParsed_expectUtcInstant(String text, String expected) {
    assertEquals(Instant.parse(expected), EventTimes.parse(text));
  }

  @ParameterizedTest(name = "[{index}] '{0}'")
  @ValueSource(strings = {"", "yesterday", "2024-13-02T20:16:22Z", "2024-06-02X20:16:22Z",
      "2024-02-30T20:16:22Z", "2023-02-29T00:00:00Z", "2024-06-02T24:00:00Z", "2024-06-02T20:60:22Z",
      "2024-06-02T20:16:60Z", "+024-06-02T20:16:22Z", "2024-06-02T20:16:2 Z"})
  void givenNotATime_whenParsed_expectNull(String text) {
    assertNull(EventTimes.parse(text));
  }

  @Test
  void givenRandomCloudTrailShapedTexts_whenParsed_expectTheGeneralParsersAnswer() {
    Random random = new Random(7);
    String alphabet = "0123456789012345678901234567890123456789+- ";
    for (int i = 0; i < 50_000; i++) {
      char[] text = "2024-06-02T20:16:22Z".toCharArray();
      for (int at : new int[] {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18}) {
        if (random.nextInt(3) == 0) {
          text[at] = alphabet.charAt(random.nextInt(alphabet.length()));
        }
      }
      String s = new String(text);
      assertEquals(reference(s), EventTimes.parse(s), s);
    }
  }

  private static Instant reference(String text) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
