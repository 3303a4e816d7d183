package io.trailwatch.engine;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The in-memory fake of {@link WindowStore}, keeping the port's contract ({@code DedupContract} runs
 * against it and against DynamoDB): every method is atomic (synchronized), an expired window stays
 * readable until replaced, an object is counted once per window (a marker per window and object).
 */
public final class InMemoryWindowStore implements WindowStore {
  private static final class Item {
    Window window;
    String leaseOwner;
    Instant leaseUntil = Instant.EPOCH;
    final Set<String> markers = new HashSet<>();
  }

  private final Map<String, Item> items = new HashMap<>();

  @Override
  public synchronized Optional<Window> read(String dedup) {
    Item item = items.get(dedup);
    return item == null ? Optional.empty() : Optional.of(item.window);
  }

  @Override
  public synchronized Joined join(String dedup, Window window, String objectId, long count, Instant now) {
    Item item = items.get(dedup);
    if (item == null || !item.window.start().equals(window.start()) || !item.window.liveAt(now)) {
      return Joined.STALE;
    }
    if (!item.markers.add(objectId)) {
      return Joined.ALREADY_COUNTED;
    }
    Window w = item.window;
    item.window = new Window(w.start(), w.expiresAt(), w.count() + count, w.threshold(), w.published(), w.sentTo());
    return Joined.ADDED;
  }

  @Override
  public synchronized boolean open(String dedup, Window replacing, String objectId, Window window, Lease lease) {
    Item old = items.get(dedup);
    if (replacing == null ? old != null
        : old == null || !old.window.start().equals(replacing.start()) || old.window.count() != replacing.count()
            || old.window.liveAt(window.start())) {
      return false;
    }
    Item item = new Item();
    item.window = new Window(window.start(), window.expiresAt(), window.count(), window.threshold(), false);
    item.markers.add(objectId);
    if (lease != null) {
      item.leaseOwner = lease.owner();
      item.leaseUntil = lease.until();
    }
    items.put(dedup, item);
    return true;
  }

  @Override
  public synchronized Claim claim(String dedup, Instant windowStart, long threshold, Lease lease, Instant now) {
    Item item = items.get(dedup);
    if (item == null || !item.window.start().equals(windowStart) || item.window.published()
        || item.window.count() < threshold) {
      return new Settled();
    }
    if (now.isBefore(item.leaseUntil) && !lease.owner().equals(item.leaseOwner)) {
      return new Held();
    }
    item.leaseOwner = lease.owner();
    item.leaseUntil = lease.until();
    return new Claimed(item.window);
  }

  @Override
  public synchronized void markPublished(String dedup, Instant windowStart) {
    Item item = items.get(dedup);
    if (item != null && item.window.start().equals(windowStart)) {
      Window w = item.window;
      item.window = new Window(w.start(), w.expiresAt(), w.count(), w.threshold(), true, w.sentTo());
    }
  }

  @Override
  public synchronized void markSent(String dedup, Instant windowStart, String destination) {
    Item item = items.get(dedup);
    if (item != null && item.window.start().equals(windowStart) && !item.window.published()) {
      Window w = item.window;
      Set<String> sent = new HashSet<>(w.sentTo());
      sent.add(destination);
      item.window = new Window(w.start(), w.expiresAt(), w.count(), w.threshold(), false, sent);
    }
  }
}
