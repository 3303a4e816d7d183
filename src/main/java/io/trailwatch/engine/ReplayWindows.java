package io.trailwatch.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Dedup for a replay of logs ({@code scan}): windows run on the records' event time, so the same logs
 * give the same alerts every time. Rules kept: each window's alert is emitted once, when the window
 * is complete (a later match of its dedup string did not join it, or {@link #finish} was called), with
 * its final eventCount, and only if that count reached the threshold; {@code createdAt} is the latest
 * event time seen so far (the replay's clock); a match of a rule in first-seen mode joins a window only
 * when its terms are new at its event time ({@link FirstSeenBatch} over an in-memory store), else it is
 * counted in {@link #seenBefore}. Memory grows with the number of distinct dedup strings (and
 * first-seen combinations), not with the number of records.
 */
public final class ReplayWindows {
  private final Consumer<Alert> alerts;
  private final Map<MatchGroup.Key, Open> open = new HashMap<>();
  private final TermStore terms = new InMemoryTermStore();
  private Instant latest = Instant.EPOCH;
  private long emitted;
  private long seenBefore;

  /** An open window: its start, its matches, and its rule's policy (taken once, at the opening match). */
  private record Open(Instant start, MatchGroup group, DedupPolicy policy) {}

  private ReplayWindows(Consumer<Alert> alerts) {
    this.alerts = alerts;
  }

  /** Windows per rule and dedup string, each with its rule's period and threshold. */
  public static ReplayWindows emittingTo(Consumer<Alert> alerts) {
    return new ReplayWindows(alerts);
  }

  public void add(Match match) {
    if (match.eventTime().isAfter(latest)) {
      latest = match.eventTime();
    }
    if (match.rule().newTerms() != null) {
      match = firstSeen(match);
      if (match == null) {
        return;
      }
    }
    MatchGroup.Key key = MatchGroup.key(match);
    Open window = open.get(key);
    if (window != null && window.policy().joins(window.start(), match.eventTime())) {
      window.group().add(match);
      return;
    }
    if (window != null) {
      close(window);
    }
    open.put(key, new Open(match.eventTime(), MatchGroup.startingWith(match), DedupPolicy.of(match.rule())));
  }

  /** The match marked first seen, or null when its terms were seen in the history before its event time. */
  private Match firstSeen(Match match) {
    FirstSeenBatch batch = new FirstSeenBatch();
    batch.add(match);
    try {
      List<Match> admitted = batch.admitted(terms, match.eventTime());
      batch.record(terms, match.eventTime());
      seenBefore += batch.seenBefore();
      return admitted.isEmpty() ? null : admitted.get(0);
    } catch (WindowStore.StoreException e) {
      throw new IllegalStateException("the in-memory term store does not fail", e);
    }
  }

  /** Matches of rules in first-seen mode whose terms were seen before (not alerted). */
  public long seenBefore() {
    return seenBefore;
  }

  /** Closes every open window, in order of window start, then rule id and dedup string. */
  public void finish() {
    List<Open> windows = new ArrayList<>(open.values());
    open.clear();
    windows.sort(Comparator.comparing(Open::start).thenComparing(w -> MatchGroup.key(w.group().first())));
    windows.forEach(this::close);
  }

  /** How many alerts were emitted so far. */
  public long emitted() {
    return emitted;
  }

  private void close(Open window) {
    long count = window.group().count();
    if (count >= window.group().first().rule().threshold()) {
      emitted++;
      alerts.accept(Alert.of(window.group(), window.start(), count, latest));
    }
  }
}
