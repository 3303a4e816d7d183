package io.trailwatch.engine;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A blocking queue bounded by the bytes its items hold, not by their count: one producer, one consumer.
 *
 * <p>Rules kept: {@link #put} waits while the queue holds items and adding this one would pass the
 * capacity, so an item larger than the capacity still goes through, alone; {@link #poll} hands items
 * in order and frees their bytes; a waiting producer is woken when the queue is down to half its
 * capacity, so producer and consumer do not trade a wake-up per item.
 */
final class ByteBoundedQueue<T> {
  private record Entry<T>(T item, long bytes) {}

  private final long capacity;
  private final ArrayDeque<Entry<T>> items = new ArrayDeque<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notFull = lock.newCondition();
  private final Condition notEmpty = lock.newCondition();
  private long held;

  ByteBoundedQueue(long capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive, not " + capacity);
    }
    this.capacity = capacity;
  }

  /** Adds {@code item}, counted as {@code bytes}, waiting for room. */
  void put(T item, long bytes) throws InterruptedException {
    lock.lockInterruptibly();
    try {
      while (!items.isEmpty() && held + bytes > capacity) {
        notFull.await();
      }
      if (items.isEmpty()) {
        notEmpty.signal(); // the consumer waits only on an empty queue
      }
      items.add(new Entry<>(item, bytes));
      held += bytes;
    } finally {
      lock.unlock();
    }
  }

  /** The next item, or null when none came within the timeout. */
  T poll(long timeout, TimeUnit unit) throws InterruptedException {
    long nanos = unit.toNanos(timeout);
    lock.lockInterruptibly();
    try {
      while (items.isEmpty()) {
        if (nanos <= 0) {
          return null;
        }
        nanos = notEmpty.awaitNanos(nanos);
      }
      Entry<T> entry = items.poll();
      held -= entry.bytes();
      if (held <= capacity / 2) {
        notFull.signal(); // the producer resumes at half: one wake-up per half a queue, not per item
      }
      return entry.item();
    } finally {
      lock.unlock();
    }
  }

  boolean isEmpty() {
    lock.lock();
    try {
      return items.isEmpty();
    } finally {
      lock.unlock();
    }
  }
}
