package io.trailwatch.engine;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Dedup across concurrent invocations, on processing time, through a {@link WindowStore}.
 *
 * <p>Rules kept:
 * <ul>
 *   <li>the matches of one object are first gathered per dedup string ({@link Batch}): one store
 *       write per distinct dedup string per object, not one per record;</li>
 *   <li>a new window is opened with one atomic conditional write, so of N invocations meeting the same
 *       new dedup string exactly one opens it; the others join it;</li>
 *   <li>the alert is published by the invocation whose write made the count reach the threshold, then
 *       marked published. When the publish fails, the failure is thrown after the other dedup strings
 *       were handled; the retry finds the object already counted but the alert unpublished and
 *       publishes it then (same alertId). Nothing is lost; a crash between publish and mark may send it
 *       twice;</li>
 *   <li>an object delivered again adds nothing and publishes nothing new.</li>
 * </ul>
 */
public final class Deduplicator {
  private final RuleMetadata rule;
  private final DedupPolicy policy;
  private final WindowStore store;
  private final AlertPublisher publisher;
  private final Clock clock;

  private Deduplicator(RuleMetadata rule, WindowStore store, AlertPublisher publisher, Clock clock) {
    this.rule = rule;
    this.policy = DedupPolicy.of(rule);
    this.store = store;
    this.publisher = publisher;
    this.clock = clock;
  }

  public static Deduplicator over(RuleMetadata rule, WindowStore store, AlertPublisher publisher, Clock clock) {
    return new Deduplicator(rule, store, publisher, clock);
  }

  /** The matches of one object, gathered per dedup string in the order first seen. Not thread-safe. */
  public static final class Batch {
    private final Map<String, MatchGroup> groups = new LinkedHashMap<>();

    public void add(Match match) {
      MatchGroup group = groups.get(match.dedup());
      if (group == null) {
        groups.put(match.dedup(), MatchGroup.startingWith(match));
      } else {
        group.add(match);
      }
    }

    public int size() {
      return groups.size();
    }
  }

  /** What {@link #apply} did. */
  public record Outcome(long published, long suppressed) {}

  /**
   * Counts one object's matches into the shared windows and publishes the alerts that became due.
   *
   * @param objectId identifies the object's content (bucket, key and version or ETag)
   * @throws WindowStore.StoreException when the store failed (after handling the other dedup strings)
   * @throws AlertPublisher.PublishException when a publish failed (idem)
   */
  public Outcome apply(Batch batch, String objectId)
      throws WindowStore.StoreException, AlertPublisher.PublishException {
    // milliseconds: what the store keeps, so a retry derives the same alertId
    Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    long published = 0;
    long suppressed = 0;
    Exception failure = null;
    for (MatchGroup group : batch.groups.values()) {
      try {
        if (countAndMaybePublish(group, objectId, now)) {
          published++;
        } else {
          suppressed++;
        }
      } catch (WindowStore.StoreException | AlertPublisher.PublishException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure instanceof WindowStore.StoreException e) {
      throw e;
    }
    if (failure instanceof AlertPublisher.PublishException e) {
      throw e;
    }
    return new Outcome(published, suppressed);
  }

  /** True when this call published the group's alert. */
  private boolean countAndMaybePublish(MatchGroup group, String objectId, Instant now)
      throws WindowStore.StoreException, AlertPublisher.PublishException {
    String dedup = group.first().dedup();
    long count = group.count();
    // Bounded: each failed open means another invocation opened a live window, which join then finds.
    for (int attempt = 0; attempt < 5; attempt++) {
      WindowStore.Joined joined = store.join(dedup, objectId, count, now);
      switch (joined) {
        case WindowStore.Added added -> {
          return policy.crosses(added.before(), added.after())
              && publish(group, added.windowStart(), added.after(), now);
        }
        case WindowStore.AlreadyCounted counted -> {
          // A redelivery; if it is the retry of a failed publish, publish now.
          return counted.count() >= policy.threshold() && !counted.published()
              && publish(group, counted.windowStart(), counted.count(), now);
        }
        case WindowStore.NoLiveWindow none -> {
          if (store.open(dedup, objectId, count, now, policy.expiresAt(now))) {
            return policy.crosses(0, count) && publish(group, now, count, now);
          }
        }
      }
    }
    throw new WindowStore.StoreException("window of " + dedup + " kept changing; giving up for now", null);
  }

  private boolean publish(MatchGroup group, Instant windowStart, long count, Instant now)
      throws WindowStore.StoreException, AlertPublisher.PublishException {
    publisher.publish(Alert.of(rule, group, windowStart, count, now));
    store.markPublished(group.first().dedup(), windowStart);
    return true;
  }
}
