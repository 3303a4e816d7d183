package io.trailwatch.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
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
  @ValueSource(strings = {"", "yesterday", "2024-13-02T20:16:22Z", "2024-06-02X20:16:22Z"})
  void givenNotATime_whenParsed_expectNull(String text) {
    assertNull(EventTimes.parse(text));
  }
}
