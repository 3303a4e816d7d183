package io.trailwatch.engine;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Parses CloudTrail's eventTime: {@code 2024-06-02T20:16:22Z}, with or without a fraction or an
 * offset, and Panther's {@code 2024-06-02 20:16:22.000000000} (UTC). Anything else is no time.
 *
 * <p>CloudTrail's own form ({@code yyyy-MM-ddTHH:mm:ssZ}, ASCII digits) is read field by field, and
 * only a valid date-time is taken from that path; everything else, including a field out of range,
 * goes to {@link OffsetDateTime#parse} and {@link LocalDateTime#parse}, so both paths agree.
 */
final class EventTimes {
  private EventTimes() {}

  /** The instant, or null when {@code text} is null or not a time. */
  static Instant parse(String text) {
    if (text == null || text.length() < 19) {
      return null;
    }
    Instant plain = plainUtc(text);
    if (plain != null) {
      return plain;
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

  /** {@code yyyy-MM-ddTHH:mm:ssZ} as an instant, or null when {@code t} has another form or a bad field. */
  private static Instant plainUtc(String t) {
    if (t.length() != 20 || t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(10) != 'T'
        || t.charAt(13) != ':' || t.charAt(16) != ':' || t.charAt(19) != 'Z') {
      return null;
    }
    int year = digits(t, 0, 4);
    int month = digits(t, 5, 2);
    int day = digits(t, 8, 2);
    int hour = digits(t, 11, 2);
    int minute = digits(t, 14, 2);
    int second = digits(t, 17, 2);
    if ((year | month | day | hour | minute | second) < 0) {
      return null;
    }
    try {
      return LocalDateTime.of(year, month, day, hour, minute, second).toInstant(ZoneOffset.UTC);
    } catch (DateTimeException outOfRange) {
      return null;
    }
  }

  /** The value of {@code count} ASCII digits at {@code from}, or -1. */
  private static int digits(String t, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      char c = t.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }
}
