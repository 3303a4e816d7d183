package io.trailwatch.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * First-seen mode over the matches of one object (the Lambda, on processing time) or of one record
 * ({@code scan}, on event time), through a {@link TermStore}.
 *
 * <p>Rules kept:
 * <ul>
 *   <li>only the first match of each combination in the batch can alert: the ones after it saw it;</li>
 *   <li>a combination is new when the store has no sighting of it, or its last sighting is at least
 *       the rule's history before {@code now} ({@link NewTerms#isNew});</li>
 *   <li>a new combination's match alerts under its own dedup string (the rule's, plus the terms), so a
 *       known key seen from a new address is never hidden in a window that already alerted;</li>
 *   <li>sightings are recorded only by {@link #record}, after the alerts went out: a batch that fails
 *       before that is retried and finds the same combinations new (the dedup windows keep a retry to
 *       one alert), and one that fails after records nothing twice.</li>
 * </ul>
 */
public final class FirstSeenBatch {
  private final Map<String, Match> firsts = new LinkedHashMap<>();
  private final Map<String, Instant> expiries = new HashMap<>();
  private long seenBefore;

  /** Adds a match of a rule in first-seen mode ({@code match.rule().newTerms()} is set). */
  public void add(Match match) {
    NewTerms mode = match.rule().newTerms();
    Map<String, String> terms = match.terms();
    String key = NewTerms.key(match.rule().ruleId(), terms);
    if (firsts.putIfAbsent(key, match.firstSeen(new FirstSeen(terms, mode.historyDays()))) != null) {
      seenBefore++;
    }
  }

  public boolean isEmpty() {
    return firsts.isEmpty();
  }

  /** The matches whose combination is new at {@code now}, marked first seen, in the order they came. */
  public List<Match> admitted(TermStore store, Instant now) throws WindowStore.StoreException {
    Map<String, Instant> seen = store.lastSeen(firsts.keySet());
    List<Match> out = new ArrayList<>();
    for (Map.Entry<String, Match> first : firsts.entrySet()) {
      NewTerms mode = first.getValue().rule().newTerms();
      expiries.put(first.getKey(), now.plus(mode.history()));
      if (mode.isNew(seen.get(first.getKey()), now)) {
        out.add(first.getValue());
      } else {
        seenBefore++;
      }
    }
    return out;
  }

  /** Records every combination of the batch as seen at {@code now}; call after {@link #admitted}. */
  public void record(TermStore store, Instant now) throws WindowStore.StoreException {
    if (!expiries.isEmpty()) {
      store.saw(expiries, now);
    }
  }

  /** Matches that did not alert because their combination was known (in the store or earlier in the batch). */
  public long seenBefore() {
    return seenBefore;
  }
}
