package io.trailwatch.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;

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

  /**
   * What one match adds: its {@code eventSource:eventName}, address, user agent and region (each cut
   * to {@link #MAX_VALUE_CHARS}), read from its record, or for a correlation (whose event summarises two
   * records) from the first use of the key. Made where the match is made, on the thread that read the
   * record, hashes included, so that the thread gathering the windows only counts.
   */
  public record Sample(String call, String address, String agent, String region) {
    public Sample {
      call = cut(call);
      address = cut(address);
      agent = cut(agent);
      region = cut(region);
      java.util.Objects.hash(call, address, agent, region); // String caches its hash: computed here
    }

    /** The sample of a record's fields; its call from {@code calls} (its log's) when not null. */
    static Sample of(JsonNode fields, Calls calls) {
      JsonNode record = fields.has("firstUse") ? fields.get("firstUse") : fields;
      String source = Fields.pythonStr(Fields.get(record, "eventSource"));
      String name = Fields.pythonStr(Fields.get(record, "eventName"));
      return new Sample(calls == null ? source + ":" + name : calls.call(source, name),
          Fields.text(record, "sourceIPAddress"), Fields.text(record, "userAgent"), Fields.text(record, "awsRegion"));
    }

    private static String cut(String value) {
      return value == null || value.length() <= MAX_VALUE_CHARS ? value
          : value.substring(0, MAX_VALUE_CHARS - CUT.length()) + CUT;
    }
  }

  /**
   * The calls ({@code eventSource:eventName}) of one log's matches, kept so that the matches of one call
   * share one string, hashed once, which the windows then count without comparing its characters.
   *
   * <p>Rules kept: {@link #call} equals {@code source + ":" + name}; bounded: {@value #SLOTS} slots,
   * direct-mapped by the two strings' hashes, a miss replacing the slot. Not thread-safe: one per log read.
   */
  static final class Calls {
    static final int SLOTS = 256;
    private final String[] sources = new String[SLOTS];
    private final String[] names = new String[SLOTS];
    private final String[] calls = new String[SLOTS];

    String call(String source, String name) {
      int hash = source.hashCode() * 31 + name.hashCode();
      int slot = (hash ^ hash >>> 16) & (SLOTS - 1);
      if (source.equals(sources[slot]) && name.equals(names[slot])) {
        return calls[slot];
      }
      String call = source + ":" + name;
      sources[slot] = source;
      names[slot] = name;
      calls[slot] = call;
      return call;
    }
  }

  /** Accumulates the activity of matches; not thread-safe. */
  public static final class Builder {
    private final Counts calls = new Counts();
    private final Counts addresses = new Counts();
    private final Counts agents = new Counts();
    private final Counts regions = new Counts();
    private long untrackedCalls;
    private long events;
    private Instant first;
    private Instant last;

    /** Adds one match. */
    public Builder add(Match match) {
      Sample sample = match.sample();
      events++;
      Instant time = match.eventTime();
      first = first == null || time.isBefore(first) ? time : first;
      last = last == null || time.isAfter(last) ? time : last;
      if (!calls.count(sample.call())) {
        untrackedCalls++;
      }
      addresses.count(sample.address());
      agents.count(sample.agent());
      regions.count(sample.region());
      return this;
    }

    /** The activity so far; at least one match must have been added. */
    public Activity build() {
      if (events == 0) {
        throw new IllegalStateException("no match added");
      }
      Map<String, Long> top = new LinkedHashMap<>();
      long other = untrackedCalls;
      for (Map.Entry<String, Long> call : byFrequency(calls.totals())) {
        if (top.size() < TOP_CALLS) {
          top.put(call.getKey(), call.getValue());
        } else {
          other += call.getValue();
        }
      }
      return new Activity(events, first, last, top, other, keys(addresses.totals(), TOP_ADDRESSES),
          keys(agents.totals(), TOP_AGENTS), keys(regions.totals(), TOP_REGIONS), false);
    }

    /**
     * How often each value came, for at most {@link #TRACKED} values; the last value's counter is kept at
     * hand, since the records of one log that a window gathers repeat the very same strings (the log's
     * {@link TextCache}).
     */
    private static final class Counts {
      private final StringCounts counts = StringCounts.counting();
      private String last;
      private int lastSlot;

      /** Counts {@code value} unless null; false when it was new and no more values are tracked. */
      boolean count(String value) {
        if (value == null) {
          return true;
        }
        if (value == last) {
          counts.addAt(lastSlot);
          return true;
        }
        if (counts.size() >= TRACKED && !counts.contains(value)) {
          return false;
        }
        lastSlot = counts.add(value);
        last = value;
        return true;
      }

      Map<String, Long> totals() {
        return counts.totals();
      }
    }

    private static final Comparator<Map.Entry<String, Long>> BY_FREQUENCY =
        Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey());

    private static List<Map.Entry<String, Long>> byFrequency(Map<String, Long> counts) {
      List<Map.Entry<String, Long>> entries = new ArrayList<>(counts.entrySet());
      entries.sort(BY_FREQUENCY);
      return entries;
    }

    /** The {@code most} most frequent values (ties by value), without sorting them all. */
    private static List<String> keys(Map<String, Long> counts, int most) {
      PriorityQueue<Map.Entry<String, Long>> top = new PriorityQueue<>(most + 1, BY_FREQUENCY.reversed());
      for (Map.Entry<String, Long> entry : counts.entrySet()) {
        top.add(entry);
        if (top.size() > most) {
          top.poll(); // the least frequent so far
        }
      }
      List<Map.Entry<String, Long>> kept = new ArrayList<>(top);
      kept.sort(BY_FREQUENCY);
      return kept.stream().map(Map.Entry::getKey).toList();
    }
  }
}
