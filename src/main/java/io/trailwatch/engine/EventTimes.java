package io.trailwatch.engine;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Parses CloudTrail's eventTime: {@code 2024-06-02T20:16:22Z}, with or without a fraction or an
 * offset, and Panther's {@code 2024-06-02 20:16:22.000000000} (UTC). Anything else is no time.
 */
final class EventTimes {
  private EventTimes() {}

  /** The instant, or null when {@code text} is null or not a time. */
  static Instant parse(String text) {
    if (text == null || text.length() < 19) {
      return null;
    }
    String iso = text.charAt(10) == ' ' ? text.substring(0, 10) + 'T' + text.substring(11) : text;
    try {
      return OffsetDateTime.parse(iso).toInstant();
    } catch (DateTimeParseException withoutOffset) {
      try {
        return LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException e) {
        return null;
      }
    }
  }
}
