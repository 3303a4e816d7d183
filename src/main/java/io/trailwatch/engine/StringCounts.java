package io.trailwatch.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Strings counted by equality in an open-addressing table of two arrays (linear probing): what an alert
 * window gathers of each kind, a handful of values each, in 12 to 24 bytes a value where a hash map of
 * counters takes about 60 (its entry, its slot, the counter), and one table of 4 slots to start with.
 *
 * <p>Rules kept: {@link #add} finds a value iff an equal one was added, and counts it; the table grows
 * when more than three quarters full, so a probe always meets an empty slot; a slot {@link #add} returns
 * stays the value's until the next value is added; null is not a value; the order of values is not kept
 * (callers sort); a {@link #set} keeps no counts. Not thread-safe.
 */
final class StringCounts {
  private String[] values = new String[4];
  /** Null in a {@link #set}. */
  private long[] counts;
  private int size;

  private StringCounts(boolean counting) {
    counts = counting ? new long[4] : null;
  }

  /** Values with how often each was added. */
  static StringCounts counting() {
    return new StringCounts(true);
  }

  /** Values only: {@link #totals} counts each once. */
  static StringCounts set() {
    return new StringCounts(false);
  }

  /** How many values were added. */
  int size() {
    return size;
  }

  /** Whether an equal value was added. */
  boolean contains(String value) {
    return values[slot(value)] != null;
  }

  /** Counts {@code value} once more; its slot, for {@link #addAt} until another value is added. */
  int add(String value) {
    int slot = slot(value);
    if (values[slot] == null) {
      if ((size + 1) * 4 > values.length * 3) {
        grow();
        slot = slot(value);
      }
      values[slot] = value;
      size++;
    }
    if (counts != null) {
      counts[slot]++;
    }
    return slot;
  }

  /** Counts once more the value {@link #add} last returned {@code slot} for (in a counting table). */
  void addAt(int slot) {
    counts[slot]++;
  }

  /** The values added. */
  List<String> values() {
    List<String> out = new ArrayList<>(size);
    for (String value : values) {
      if (value != null) {
        out.add(value);
      }
    }
    return out;
  }

  /** Each value added, with how often. */
  Map<String, Long> totals() {
    Map<String, Long> out = new HashMap<>();
    for (int i = 0; i < values.length; i++) {
      if (values[i] != null) {
        out.put(values[i], counts == null ? 1 : counts[i]);
      }
    }
    return out;
  }

  /** The slot holding {@code value}, or the empty one where it goes. */
  private int slot(String value) {
    int mask = values.length - 1;
    int h = value.hashCode();
    int slot = (h ^ h >>> 16) & mask;
    while (values[slot] != null && !values[slot].equals(value)) {
      slot = (slot + 1) & mask;
    }
    return slot;
  }

  private void grow() {
    String[] oldValues = values;
    long[] oldCounts = counts;
    values = new String[oldValues.length * 2];
    counts = oldCounts == null ? null : new long[oldValues.length * 2];
    for (int i = 0; i < oldValues.length; i++) {
      if (oldValues[i] != null) {
        int slot = slot(oldValues[i]);
        values[slot] = oldValues[i];
        if (counts != null) {
          counts[slot] = oldCounts[i];
        }
      }
    }
  }
}
