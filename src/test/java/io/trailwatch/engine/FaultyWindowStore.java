package io.trailwatch.engine;

import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Wraps any {@link WindowStore} (the fake or DynamoDB) with faults chosen per step: a failure before
 * the step, a lost response (the step happens, then the caller sees a failure), or something to run
 * right after it (a clock jump). Counts calls per step. Thread-safe; for a store whose steps are not
 * atomic under concurrent calls (moto), it can run one step at a time, leaving the protocol's
 * interleavings between steps to the test.
 */
public final class FaultyWindowStore implements WindowStore {
  public enum Step { READ, JOIN, OPEN, CLAIM, MARK, SENT }

  private final WindowStore store;
  private final Map<Step, Integer> failures = new EnumMap<>(Step.class);
  private final Map<Step, Integer> lostResponses = new EnumMap<>(Step.class);
  private final Map<Step, Runnable> after = new EnumMap<>(Step.class);
  private final Map<Step, Integer> calls = new EnumMap<>(Step.class);

  private final Object serial;

  public FaultyWindowStore(WindowStore store, boolean oneStepAtATime) {
    this.store = store;
    this.serial = oneStepAtATime ? new Object() : null;
  }

  /** The next {@code n} calls of {@code step} fail without reaching the store. */
  public synchronized void failNext(Step step, int n) {
    failures.put(step, n);
  }

  /** The next call of {@code step} reaches the store, then fails as if its response was lost. */
  public synchronized void loseNextResponse(Step step) {
    lostResponses.put(step, 1);
  }

  /** Runs {@code action} once, right after the next call of {@code step}. */
  public synchronized void afterNext(Step step, Runnable action) {
    after.put(step, action);
  }

  public synchronized int calls(Step step) {
    return calls.getOrDefault(step, 0);
  }

  public WindowStore inner() {
    return store;
  }

  private interface Call<T> {
    T run() throws StoreException;
  }

  private <T> T call(Step step, Call<T> call) throws StoreException {
    boolean lose;
    synchronized (this) {
      calls.merge(step, 1, Integer::sum);
      if (failures.getOrDefault(step, 0) > 0) {
        failures.merge(step, -1, Integer::sum);
        throw new StoreException("store unavailable (test: " + step + ")", null);
      }
      lose = lostResponses.remove(step) != null;
    }
    T result;
    if (serial == null) {
      result = call.run();
    } else {
      synchronized (serial) {
        result = call.run();
      }
    }
    Runnable then;
    synchronized (this) {
      then = after.remove(step);
    }
    if (then != null) {
      then.run();
    }
    if (lose) {
      throw new StoreException("response lost (test: " + step + ")", null);
    }
    return result;
  }

  @Override
  public Optional<Window> read(String dedup) throws StoreException {
    return call(Step.READ, () -> store.read(dedup));
  }

  /** One {@link Step#READ} step for all of {@code dedups}, as the store answers it. */
  @Override
  public Map<String, Optional<Window>> readAll(Collection<String> dedups) throws StoreException {
    return call(Step.READ, () -> store.readAll(dedups));
  }

  @Override
  public Joined join(String dedup, Window window, String objectId, long count, Instant now) throws StoreException {
    return call(Step.JOIN, () -> store.join(dedup, window, objectId, count, now));
  }

  @Override
  public boolean open(String dedup, Window replacing, String objectId, Window window, Lease lease)
      throws StoreException {
    return call(Step.OPEN, () -> store.open(dedup, replacing, objectId, window, lease));
  }

  @Override
  public Claim claim(String dedup, Instant windowStart, long threshold, Lease lease, Instant now)
      throws StoreException {
    return call(Step.CLAIM, () -> store.claim(dedup, windowStart, threshold, lease, now));
  }

  @Override
  public void markSent(String dedup, Instant windowStart, String destination) throws StoreException {
    call(Step.SENT, () -> {
      store.markSent(dedup, windowStart, destination);
      return null;
    });
  }

  @Override
  public void markPublished(String dedup, Instant windowStart) throws StoreException {
    call(Step.MARK, () -> {
      store.markPublished(dedup, windowStart);
      return null;
    });
  }
}
