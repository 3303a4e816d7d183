package io.trailwatch.engine;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * The port that remembers when each first-seen combination ({@link NewTerms#key}) was last seen: one
 * entry of constant size per combination, kept until its expiry (the rule's history after the last
 * sighting). In memory for {@code scan} ({@link InMemoryTermStore}), DynamoDB in the Lambda.
 */
public interface TermStore {
  /**
   * The last sighting of each of {@code keys} that has one (absent when never seen; an entry past its
   * expiry may still be returned, so callers compare times themselves).
   */
  Map<String, Instant> lastSeen(Set<String> keys) throws WindowStore.StoreException;

  /** Records a sighting at {@code time} of each key, kept until the key's expiry. */
  void saw(Map<String, Instant> expiresAt, Instant time) throws WindowStore.StoreException;
}
