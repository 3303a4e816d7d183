package io.trailwatch.engine;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * {@link SignalStore} in memory, for {@code scan} and tests: one entry per key, so memory grows with
 * the distinct keys seen (like the replay's windows), not with records. Expiry is not enforced here: a
 * scan decides on event time, and the correlation checks the window itself.
 */
public final class InMemorySignalStore implements SignalStore {
  private final Map<String, Pair> pairs = new HashMap<>();

  @Override
  public synchronized Pair recordFirst(String key, Signal signal, Instant expiresAt) {
    Pair old = pairs.getOrDefault(key, new Pair(null, null));
    Pair now = new Pair(earlier(old.first(), signal), old.second());
    pairs.put(key, now);
    return now;
  }

  @Override
  public synchronized Pair recordSecond(String key, Signal signal, Instant expiresAt) {
    Pair old = pairs.getOrDefault(key, new Pair(null, null));
    Pair now = new Pair(old.first(), earlier(old.second(), signal));
    pairs.put(key, now);
    return now;
  }

  private static Signal earlier(Signal stored, Signal offered) {
    return stored == null || offered.time().isBefore(stored.time()) ? offered : stored;
  }
}
