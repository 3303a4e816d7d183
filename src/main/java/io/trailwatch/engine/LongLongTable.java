package io.trailwatch.engine;

/**
 * A map from long to non-negative long in two arrays (open addressing, linear probing, at most three
 * quarters full): 16 to 43 bytes an entry instead of a boxed map's 80 or so. Not thread-safe.
 */
final class LongLongTable {
  private static final long FREE = 0;

  private long[] keys = new long[16];
  private long[] values = new long[16];
  private int size;
  private boolean hasZero; // the key 0 marks free slots: it is kept apart
  private long zeroValue;

  /** The value of {@code key}, or -1 when it has none. */
  long get(long key) {
    if (key == FREE) {
      return hasZero ? zeroValue : -1;
    }
    int mask = keys.length - 1;
    for (int i = slot(key, mask); ; i = (i + 1) & mask) {
      if (keys[i] == key) {
        return values[i];
      }
      if (keys[i] == FREE) {
        return -1;
      }
    }
  }

  /** Sets the value of {@code key} ({@code value} at least 0). */
  void put(long key, long value) {
    if (value < 0) {
      throw new IllegalArgumentException("values are not negative: " + value);
    }
    if (key == FREE) {
      size += hasZero ? 0 : 1;
      hasZero = true;
      zeroValue = value;
      return;
    }
    if ((size + 1) * 4L > keys.length * 3L) {
      grow();
    }
    int mask = keys.length - 1;
    for (int i = slot(key, mask); ; i = (i + 1) & mask) {
      if (keys[i] == key) {
        values[i] = value;
        return;
      }
      if (keys[i] == FREE) {
        keys[i] = key;
        values[i] = value;
        size++;
        return;
      }
    }
  }

  int size() {
    return size;
  }

  private static int slot(long key, int mask) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32)) & mask;
  }

  private void grow() {
    long[] oldKeys = keys;
    long[] oldValues = values;
    keys = new long[oldKeys.length * 2];
    values = new long[oldValues.length * 2];
    int mask = keys.length - 1;
    for (int j = 0; j < oldKeys.length; j++) {
      if (oldKeys[j] != FREE) {
        int i = slot(oldKeys[j], mask);
        while (keys[i] != FREE) {
          i = (i + 1) & mask;
        }
        keys[i] = oldKeys[j];
        values[i] = oldValues[j];
      }
    }
  }
}
