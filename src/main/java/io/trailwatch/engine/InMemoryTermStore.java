package io.trailwatch.engine;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@link TermStore} in memory, for {@code scan} and tests: one entry per combination seen, keeping the
 * latest sighting (so a replay whose records come slightly out of order never moves a sighting back).
 * Memory grows with the distinct combinations, like the replay's windows; expiry is left to the caller.
 */
public final class InMemoryTermStore implements TermStore {
  private final Map<String, Instant> lastSeen = new HashMap<>();

  @Override
  public synchronized Map<String, Instant> lastSeen(Set<String> keys) {
    Map<String, Instant> out = new HashMap<>();
    for (String key : keys) {
      Instant seen = lastSeen.get(key);
      if (seen != null) {
        out.put(key, seen);
      }
    }
    return out;
  }

  @Override
  public synchronized void saw(Map<String, Instant> expiresAt, Instant time) {
    for (String key : expiresAt.keySet()) {
      lastSeen.merge(key, time, (a, b) -> a.isAfter(b) ? a : b);
    }
  }
}
