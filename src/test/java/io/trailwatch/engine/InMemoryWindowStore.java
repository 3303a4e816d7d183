package io.trailwatch.engine;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The in-memory fake of {@link WindowStore} for engine tests, keeping the port's contract: every
 * method is atomic (synchronized), an expired window behaves as absent though it stays stored, an
 * object is counted once per window. It can be told to fail, to test retries.
 */
public final class InMemoryWindowStore implements WindowStore {
  private static final class Item {
    Instant windowStart;
    Instant expiresAt;
    long count;
    boolean published;
    final Set<String> objects = new HashSet<>();
  }

  private final Map<String, Item> items = new HashMap<>();
  private int failuresLeft;
  private int writes;

  /** The next {@code n} calls throw {@link StoreException}. */
  public synchronized void failNext(int n) {
    failuresLeft = n;
  }

  /** Writes attempted (join, open, markPublished). */
  public synchronized int writes() {
    return writes;
  }

  /** Whether an item, live or expired, is stored for {@code dedup}. */
  public synchronized boolean stored(String dedup) {
    return items.containsKey(dedup);
  }

  @Override
  public synchronized Joined join(String dedup, String objectId, long count, Instant now) throws StoreException {
    step();
    Item item = items.get(dedup);
    if (item == null || !now.isBefore(item.expiresAt)) {
      return new NoLiveWindow();
    }
    if (!item.objects.add(objectId)) {
      return new AlreadyCounted(item.windowStart, item.count, item.published);
    }
    long before = item.count;
    item.count += count;
    return new Added(item.windowStart, before, item.count);
  }

  @Override
  public synchronized boolean open(String dedup, String objectId, long count, Instant windowStart, Instant expiresAt)
      throws StoreException {
    step();
    Item old = items.get(dedup);
    if (old != null && windowStart.isBefore(old.expiresAt)) {
      return false;
    }
    Item item = new Item();
    item.windowStart = windowStart;
    item.expiresAt = expiresAt;
    item.count = count;
    item.objects.add(objectId);
    items.put(dedup, item);
    return true;
  }

  @Override
  public synchronized void markPublished(String dedup, Instant windowStart) throws StoreException {
    step();
    Item item = items.get(dedup);
    if (item != null && item.windowStart.equals(windowStart)) {
      item.published = true;
    }
  }

  private void step() throws StoreException {
    writes++;
    if (failuresLeft > 0) {
      failuresLeft--;
      throw new StoreException("store unavailable (test)", null);
    }
  }
}
