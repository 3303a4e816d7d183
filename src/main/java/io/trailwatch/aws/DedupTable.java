package io.trailwatch.aws;

import io.trailwatch.engine.Digests;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The dedup table's schema, in one place: its item types, keys and attribute names (README,
 * "DynamoDB items"). The table has one string key, {@link #PK}, and TTL on {@link #TTL}.
 *
 * <ul>
 *   <li>window, one per dedup string: {@code w#} + 32 hex digits of SHA-256 of the dedup string; TTL
 *       the window's end plus {@link #UNPUBLISHED_GRACE} until it is published, then its end;</li>
 *   <li>marker, one per (window, object that joined it; the opener is named in the window): {@code o#} + the window's hash + {@code #} + window start in
 *       epoch ms + {@code #} + 32 hex digits of SHA-256 of the object id; TTL the window's end;</li>
 *   <li>signal pair, one per correlation key: {@code k#} + 32 hex digits of SHA-256 of the key; the
 *       first signal and the earliest second one, each a time, an eventID and a summary of at most a
 *       few KB; TTL the lookback after the latest signal kept;</li>
 *   <li>first-seen sighting, one per (rule, combination of NewTerms values): {@code n#} + the 32 hex
 *       digits of {@code NewTerms.key}; the last sighting in epoch ms; TTL the rule's history after it.</li>
 * </ul>
 * Every item has a fixed set of attributes; only the window's {@link #DEDUP} string varies in length
 * (the rule bounds it), and its {@link #SENT_TO} set holds at most the deployment's few destinations.
 */
final class DedupTable {
  private DedupTable() {}

  static final String PK = "pk";
  /** Epoch seconds; the table's TTL attribute. Liveness is never read from it. */
  static final String TTL = "expiresAt";
  static final String DEDUP = "dedup";
  static final String WINDOW_START = "windowStart";
  static final String EXPIRES_AT_MS = "expiresAtMs";
  static final String EVENT_COUNT = "eventCount";
  static final String THRESHOLD = "threshold";
  static final String PUBLISHED = "published";
  static final String LEASE_OWNER = "leaseOwner";
  static final String LEASE_UNTIL_MS = "leaseUntilMs";
  /** 32 hex digits of SHA-256 of the id of the object that opened the window (it has no marker). */
  static final String OPENER = "opener";
  /** String set: the destinations a window's alert went to before it was marked published (at most 3). */
  static final String SENT_TO = "sentTo";
  static final String FIRST_AT_MS = "firstAtMs";
  static final String FIRST_ID = "firstEventId";
  static final String FIRST_SUMMARY = "firstSummary";
  static final String SECOND_AT_MS = "secondAtMs";
  static final String SECOND_ID = "secondEventId";
  static final String SECOND_SUMMARY = "secondSummary";
  static final String LAST_SEEN_MS = "lastSeenMs";

  /** How long a window that is due but unpublished is kept after its end, for a late publish. */
  static final Duration UNPUBLISHED_GRACE = Duration.ofDays(14);

  static Map<String, AttributeValue> windowKey(String dedup) {
    return Map.of(PK, AttributeValue.fromS("w#" + Digests.id(dedup)));
  }

  static Map<String, AttributeValue> signalKey(String key) {
    return Map.of(PK, AttributeValue.fromS("k#" + Digests.id(key)));
  }

  /** {@code key} is already a hash ({@code NewTerms.key}). */
  static Map<String, AttributeValue> termKey(String key) {
    return Map.of(PK, AttributeValue.fromS("n#" + key));
  }

  static Map<String, AttributeValue> markerKey(String dedup, Instant windowStart, String objectId) {
    return Map.of(PK, AttributeValue.fromS(
        "o#" + Digests.id(dedup) + "#" + windowStart.toEpochMilli() + "#" + Digests.id(objectId)));
  }

  /** Epoch seconds, rounded up. */
  static AttributeValue ttl(Instant at) {
    return number(Math.floorDiv(at.toEpochMilli() + 999, 1000));
  }

  static AttributeValue number(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }

  /**
   * An item's size as DynamoDB bills it: each attribute name's UTF-8 bytes plus its value's (strings
   * their UTF-8 bytes, numbers 1 byte per two significant digits plus 1, booleans 1).
   */
  static int size(Map<String, AttributeValue> item) {
    int bytes = 0;
    for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
      bytes += utf8(e.getKey());
      AttributeValue v = e.getValue();
      if (v.s() != null) {
        bytes += utf8(v.s());
      } else if (v.n() != null) {
        bytes += (significantDigits(v.n()) + 1) / 2 + 1;
      } else {
        bytes += 1;
      }
    }
    return bytes;
  }

  /** Digits of a DynamoDB number without sign, point, leading and trailing zeros. */
  private static int significantDigits(String number) {
    int from = 0;
    int to = number.length();
    while (from < to && (number.charAt(from) == '-' || number.charAt(from) == '0' || number.charAt(from) == '.')) {
      from++;
    }
    while (to > from && (number.charAt(to - 1) == '0' || number.charAt(to - 1) == '.')) {
      to--;
    }
    int digits = 0;
    for (int i = from; i < to; i++) {
      digits += number.charAt(i) == '.' ? 0 : 1;
    }
    return digits;
  }

  private static int utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }
}
