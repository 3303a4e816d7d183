package io.trailwatch.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Dedup across concurrent invocations, on processing time, through a {@link WindowStore}: the
 * protocol of docs/RELIABILITY.md.
 *
 * <p>Rules kept:
 * <ul>
 *   <li>the matches of one object are first gathered per dedup string ({@link Batch}); their windows
 *       are read together ({@link WindowStore#readAll}); each dedup string is then handled on its own,
 *       several at once ({@link Fanout}), and a failure of one does not stop the others;</li>
 *   <li>an object is counted at most once per window, whoever delivers it and however often;</li>
 *   <li>any invocation publishes a window that is due (count at the effective threshold, not
 *       published), under a lease, so two never publish at once; an opener due at once holds the lease
 *       from the open;</li>
 *   <li>an expired window that is due is published, with its own start and count, before a new window
 *       replaces it;</li>
 *   <li>an object is done only when every due window it touched is published: a lease held by another
 *       invocation is waited out (at most two leases), then claimed;</li>
 *   <li>an alert goes to every destination, in their order, once: each destination but the last is
 *       marked sent in the window as soon as it took the alert, so a retry after a later one failed
 *       sends only to the rest (put the idempotent destination, Security Hub, last);</li>
 *   <li>a failed publish fails the object (so it is retried); a mark that still fails near the end
 *       of the lease after a publish is counted in {@link Outcome#unmarked}, not a failure;</li>
 *   <li>{@code now} is read from the clock before every step, never once per object.</li>
 * </ul>
 */
public final class Deduplicator {
  /** How long a publishing lease lasts; longer than the publisher's call timeout. */
  public static final Duration LEASE = Duration.ofSeconds(15);
  private static final int ROUNDS = 8;
  private static final Duration FIRST_PAUSE = Duration.ofMillis(20);
  private static final Duration LONGEST_PAUSE = Duration.ofSeconds(1);
  /** A mark is not tried again this close to the end of the lease. */
  private static final Duration MARK_MARGIN = Duration.ofSeconds(3);

  private final WindowStore store;
  private final List<AlertPublisher> publishers;
  private final Clock clock;
  private final Sleeper sleeper;
  private final Fanout fanout;

  private Deduplicator(WindowStore store, List<AlertPublisher> publishers, Clock clock, Sleeper sleeper,
      Fanout fanout) {
    this.fanout = fanout;
    if (publishers.isEmpty() || publishers.stream().map(AlertPublisher::destination).distinct().count()
        != publishers.size()) {
      throw new IllegalArgumentException("destinations must be one or more, with distinct names");
    }
    this.store = store;
    this.publishers = List.copyOf(publishers);
    this.clock = clock;
    this.sleeper = sleeper;
  }

  /** Each match's window follows its own rule's period and threshold. */
  public static Deduplicator over(WindowStore store, AlertPublisher publisher, Clock clock, Sleeper sleeper) {
    return new Deduplicator(store, List.of(publisher), clock, sleeper, Fanout.SEQUENTIAL);
  }

  /** Alerts go to each of {@code publishers}, in this order, once. */
  public static Deduplicator over(WindowStore store, List<AlertPublisher> publishers, Clock clock, Sleeper sleeper) {
    return new Deduplicator(store, publishers, clock, sleeper, Fanout.SEQUENTIAL);
  }

  /** The same, handling up to {@code fanout}'s limit of dedup strings of one object at once. */
  public static Deduplicator over(WindowStore store, List<AlertPublisher> publishers, Clock clock, Sleeper sleeper,
      Fanout fanout) {
    return new Deduplicator(store, publishers, clock, sleeper, fanout);
  }

  /** The store's key of a match's windows: its rule id, a newline, its dedup string. */
  public static String windowKey(Match match) {
    return match.rule().ruleId() + "\n" + match.dedup();
  }

  /** The matches of one object, gathered per rule and dedup string in the order first seen. Not thread-safe. */
  public static final class Batch {
    private final Map<MatchGroup.Key, MatchGroup> groups = new LinkedHashMap<>();

    public void add(Match match) {
      MatchGroup.Key key = MatchGroup.key(match);
      MatchGroup group = groups.get(key);
      if (group == null) {
        groups.put(key, MatchGroup.startingWith(match));
      } else {
        group.add(match);
      }
    }

    public int size() {
      return groups.size();
    }
  }

  /**
   * What {@link #apply} did: alerts published, dedup strings that published nothing (suppressed), and
   * alerts published whose window could not be marked published (a later duplicate is possible).
   */
  public record Outcome(long published, long suppressed, long unmarked) {}

  /** What handling one dedup string did. */
  private static final class Tally {
    long published;
    long unmarked;
  }

  /**
   * Counts one object's matches into the shared windows and publishes every alert that is due.
   *
   * @param objectId identifies the object's content (bucket, key and version or ETag)
   * @throws WindowStore.StoreException when the store failed (after handling the other dedup strings)
   * @throws AlertPublisher.PublishException when a publish failed (idem)
   */
  public Outcome apply(Batch batch, String objectId)
      throws WindowStore.StoreException, AlertPublisher.PublishException {
    Map<String, Optional<WindowStore.Window>> read = readAll(batch);
    List<Fanout.Task<Tally>> tasks = new ArrayList<>();
    for (MatchGroup group : batch.groups.values()) {
      tasks.add(() -> {
        Tally tally = new Tally();
        handle(group, objectId, read, tally);
        return tally;
      });
    }
    long published = 0;
    long suppressed = 0;
    long unmarked = 0;
    Exception failure = null;
    for (Fanout.Result<Tally> result : fanout.run(tasks)) {
      if (result.error() == null) {
        published += result.value().published;
        unmarked += result.value().unmarked;
        suppressed += result.value().published == 0 ? 1 : 0;
      } else if (!(result.error() instanceof WindowStore.StoreException)
          && !(result.error() instanceof AlertPublisher.PublishException)) {
        throw result.error() instanceof RuntimeException e ? e : new IllegalStateException(result.error());
      } else if (failure == null) {
        failure = result.error();
      } else {
        failure.addSuppressed(result.error());
      }
    }
    if (failure instanceof WindowStore.StoreException e) {
      throw e;
    }
    if (failure instanceof AlertPublisher.PublishException e) {
      throw e;
    }
    return new Outcome(published, suppressed, unmarked);
  }

  /**
   * The windows of an object's dedup strings, read in one step when there are several; empty when the
   * store failed (each dedup string is then read alone, and a failure there fails it).
   */
  private Map<String, Optional<WindowStore.Window>> readAll(Batch batch) {
    if (batch.groups.size() < 2) {
      return Map.of();
    }
    List<String> dedups = batch.groups.values().stream().map(group -> windowKey(group.first())).toList();
    try {
      return store.readAll(dedups);
    } catch (WindowStore.StoreException e) {
      return Map.of();
    }
  }

  /** {@code read}: windows read by {@link #readAll}; the first round reads its own when it is not among them. */
  private void handle(MatchGroup group, String objectId, Map<String, Optional<WindowStore.Window>> read, Tally tally)
      throws WindowStore.StoreException, AlertPublisher.PublishException {
    String dedup = windowKey(group.first());
    DedupPolicy policy = DedupPolicy.of(group.first().rule());
    String owner = UUID.randomUUID().toString();
    Instant publishedStart = null; // a window this call published, even if its mark failed
    int contended = 0;
    for (int round = 0; round < ROUNDS; round++) {
      Instant now = now();
      Optional<WindowStore.Window> stored = round == 0 && read.containsKey(dedup) ? read.get(dedup) : store.read(dedup);
      WindowStore.Window window = stored.orElse(null);
      if (window != null && window.liveAt(now)) {
        WindowStore.Joined joined = store.join(dedup, window, objectId, group.count(), now());
        if (joined != WindowStore.Joined.STALE) {
          if (!window.published()) {
            publishWhenDue(group, window, policy, owner, tally);
          }
          return;
        }
      } else if (window != null && !window.published() && !window.start().equals(publishedStart)
          && window.due(policy.threshold())) {
        publishWhenDue(group, window, policy, owner, tally);
        publishedStart = window.start();
        continue; // read again: the window is published now, or someone replaced it
      } else {
        now = now();
        WindowStore.Window opened = new WindowStore.Window(now, policy.expiresAt(now), group.count(),
            policy.threshold(), false);
        WindowStore.Lease lease = opened.due(policy.threshold()) ? lease(owner, now) : null;
        if (store.open(dedup, window, objectId, opened, lease)) {
          if (lease != null) {
            publish(group, opened, lease, tally);
          }
          return;
        }
      }
      // another invocation changed the window between two steps: back off, read again
      pause(FIRST_PAUSE.multipliedBy(1L << contended++));
    }
    throw new WindowStore.StoreException("window of " + dedup + " kept changing; giving up for now", null);
  }

  /** Claims and publishes {@code window} if due; waits out another owner's lease (at most two leases). */
  private void publishWhenDue(MatchGroup group, WindowStore.Window window, DedupPolicy policy, String owner,
      Tally tally) throws WindowStore.StoreException, AlertPublisher.PublishException {
    String dedup = windowKey(group.first());
    long threshold = window.effectiveThreshold(policy.threshold());
    Instant giveUp = now().plus(LEASE.multipliedBy(2));
    Duration wait = FIRST_PAUSE;
    while (true) {
      Instant now = now();
      WindowStore.Lease lease = lease(owner, now);
      switch (store.claim(dedup, window.start(), threshold, lease, now)) {
        case WindowStore.Claimed claimed -> {
          publish(group, claimed.window(), lease, tally);
          return;
        }
        case WindowStore.Settled settled -> {
          return;
        }
        case WindowStore.Held held -> {
          if (!now.isBefore(giveUp)) {
            throw new WindowStore.StoreException("the alert of " + dedup + " stayed leased by another invocation for "
                + LEASE.multipliedBy(2).toSeconds() + " s; retry later", null);
          }
          pause(wait);
          wait = longer(wait);
        }
      }
    }
  }

  /** A store step that marks something about a window. */
  private interface Mark {
    void run() throws WindowStore.StoreException;
  }

  /**
   * Publishes the alert of {@code window} under {@code lease} to each destination it has not gone to,
   * marking each but the last as sent, then marks the window published.
   */
  private void publish(MatchGroup group, WindowStore.Window window, WindowStore.Lease lease, Tally tally)
      throws AlertPublisher.PublishException {
    String dedup = windowKey(group.first());
    Alert alert = Alert.of(group, window.start(), window.count(), now());
    List<AlertPublisher> pending = publishers.stream().filter(p -> !window.sentTo().contains(p.destination())).toList();
    for (int i = 0; i < pending.size(); i++) {
      AlertPublisher publisher = pending.get(i);
      publisher.publish(alert);
      if (i < pending.size() - 1) { // the last needs no mark of its own: the window is marked published next
        mark(() -> store.markSent(dedup, window.start(), publisher.destination()), lease, tally);
      }
    }
    tally.published++;
    mark(() -> store.markPublished(dedup, window.start()), lease, tally);
  }

  /** Runs {@code mark}, trying again while the lease leaves time (nobody else may publish meanwhile). */
  private void mark(Mark mark, WindowStore.Lease lease, Tally tally) {
    Duration wait = FIRST_PAUSE;
    while (true) {
      try {
        mark.run();
        return;
      } catch (WindowStore.StoreException e) {
        if (!now().plus(wait).plus(MARK_MARGIN).isBefore(lease.until()) || !pauseQuietly(wait)) {
          tally.unmarked++;
          return;
        }
        wait = longer(wait);
      }
    }
  }

  private static WindowStore.Lease lease(String owner, Instant now) {
    return new WindowStore.Lease(owner, now.plus(LEASE));
  }

  /** Milliseconds: what the store keeps, so a retry derives the same alertId from the stored start. */
  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  private void pause(Duration duration) throws WindowStore.StoreException {
    if (!pauseQuietly(duration)) {
      throw new WindowStore.StoreException("interrupted while waiting for the store", null);
    }
  }

  /** False when interrupted (the interrupt is kept). */
  private boolean pauseQuietly(Duration duration) {
    try {
      sleeper.sleep(duration);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static Duration longer(Duration wait) {
    Duration doubled = wait.multipliedBy(2);
    return doubled.compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : doubled;
  }
}
