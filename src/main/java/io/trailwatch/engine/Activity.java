package io.trailwatch.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the key did in the matches an alert covers: calls per {@code eventSource:eventName}, source
 * addresses, user agents, regions, first and last event time.
 *
 * <p>Rules kept: {@code calls} holds the {@link #TOP_CALLS} most frequent calls (ties by name) and
 * {@code other} the rest, so the counts add up to {@code events}; lists are ordered by frequency then
 * value and hold at most {@link #TOP_ADDRESSES} addresses, {@link #TOP_AGENTS} user agents and
 * {@link #TOP_REGIONS} regions; a value longer than {@link #MAX_VALUE_CHARS} characters is cut with
 * {@code ... (truncated)}; {@code cut} says lists were shortened further to fit a size limit. Memory is
 * bounded: the builder tracks at most {@link #TRACKED} distinct values per kind, counting later new
 * calls in {@code other} (and dropping later new addresses, agents, regions).
 */
public record Activity(long events, Instant firstEventTime, Instant lastEventTime, Map<String, Long> calls, long other,
    List<String> sourceIPAddresses, List<String> userAgents, List<String> awsRegions, boolean cut) {
  public static final int TOP_CALLS = 20;
  public static final int TOP_ADDRESSES = 20;
  public static final int TOP_AGENTS = 10;
  public static final int TOP_REGIONS = 40;
  public static final int TRACKED = 1_000;
  public static final int MAX_VALUE_CHARS = 1_024;
  private static final String CUT = "... (truncated)";

  public Activity {
    Objects.requireNonNull(firstEventTime, "firstEventTime");
    Objects.requireNonNull(lastEventTime, "lastEventTime");
    calls = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(calls));
    sourceIPAddresses = List.copyOf(sourceIPAddresses);
    userAgents = List.copyOf(userAgents);
    awsRegions = List.copyOf(awsRegions);
  }

  /** This activity with each list cut to {@code most} entries (calls folded into other), marked cut. */
  Activity shortened(int most) {
    Map<String, Long> kept = new LinkedHashMap<>();
    long folded = other;
    for (Map.Entry<String, Long> call : calls.entrySet()) {
      if (kept.size() < most) {
        kept.put(call.getKey(), call.getValue());
      } else {
        folded += call.getValue();
      }
    }
    return new Activity(events, firstEventTime, lastEventTime, kept, folded, head(sourceIPAddresses, most),
        head(userAgents, most), head(awsRegions, most), true);
  }

  private static List<String> head(List<String> list, int most) {
    return list.size() <= most ? list : list.subList(0, most);
  }

  /** Accumulates the activity of matches; not thread-safe. */
  public static final class Builder {
    private final Map<String, Long> calls = new HashMap<>();
    private final Map<String, Long> addresses = new HashMap<>();
    private final Map<String, Long> agents = new HashMap<>();
    private final Map<String, Long> regions = new HashMap<>();
    private long untrackedCalls;
    private long events;
    private Instant first;
    private Instant last;

    /**
     * Adds one match: its record, or for a correlation (whose event summarises two records) the first
     * use of the key.
     */
    public Builder add(Match match) {
      JsonNode record = match.event().has("firstUse") ? match.event().get("firstUse") : match.event();
      events++;
      Instant time = match.eventTime();
      first = first == null || time.isBefore(first) ? time : first;
      last = last == null || time.isAfter(last) ? time : last;
      String call = Fields.pythonStr(Fields.get(record, "eventSource")) + ":"
          + Fields.pythonStr(Fields.get(record, "eventName"));
      if (!count(calls, call)) {
        untrackedCalls++;
      }
      count(addresses, Fields.text(record, "sourceIPAddress"));
      count(agents, Fields.text(record, "userAgent"));
      count(regions, Fields.text(record, "awsRegion"));
      return this;
    }

    /** Counts {@code value} unless null; false when it was new and no more values are tracked. */
    private static boolean count(Map<String, Long> counts, String value) {
      if (value == null) {
        return true;
      }
      String kept = value.length() <= MAX_VALUE_CHARS ? value : value.substring(0, MAX_VALUE_CHARS - CUT.length()) + CUT;
      Long seen = counts.get(kept);
      if (seen == null && counts.size() >= TRACKED) {
        return false;
      }
      counts.put(kept, seen == null ? 1 : seen + 1);
      return true;
    }

    /** The activity so far; at least one match must have been added. */
    public Activity build() {
      if (events == 0) {
        throw new IllegalStateException("no match added");
      }
      Map<String, Long> top = new LinkedHashMap<>();
      long other = untrackedCalls;
      for (Map.Entry<String, Long> call : byFrequency(calls)) {
        if (top.size() < TOP_CALLS) {
          top.put(call.getKey(), call.getValue());
        } else {
          other += call.getValue();
        }
      }
      return new Activity(events, first, last, top, other, keys(addresses, TOP_ADDRESSES), keys(agents, TOP_AGENTS),
          keys(regions, TOP_REGIONS), false);
    }

    private static List<Map.Entry<String, Long>> byFrequency(Map<String, Long> counts) {
      List<Map.Entry<String, Long>> entries = new ArrayList<>(counts.entrySet());
      entries.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
          .thenComparing(Map.Entry.comparingByKey()));
      return entries;
    }

    private static List<String> keys(Map<String, Long> counts, int most) {
      return byFrequency(counts).stream().limit(most).map(Map.Entry::getKey).toList();
    }
  }
}
