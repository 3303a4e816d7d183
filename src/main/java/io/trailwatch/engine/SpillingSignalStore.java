package io.trailwatch.engine;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * {@link SignalStore} for {@code scan}, in bounded memory: the most recently used keys in memory, the
 * rest in a temporary file. A scan of logs where every call comes from a new address has one key per
 * record; this store keeps such a scan's memory flat.
 *
 * <p>Rules kept:
 * <ul>
 *   <li>the answers are {@link InMemorySignalStore}'s (the same contract tests run on both, with keys
 *       moving to the file after every few steps);</li>
 *   <li>at most {@code hotKeys} keys are held as objects; the least recently used one beyond that is
 *       appended to the file, and only a 64-bit hash of its key and the place of its newest record
 *       stay in memory ({@link LongLongTable}, at most 43 bytes a key). A key coming back is read from the
 *       file (records of keys sharing a hash are chained, and each names its key, so a lookup is exact);</li>
 *   <li>the file is made on the first move, deleted by {@link #close}; expiry is not enforced (a scan
 *       decides on event time, and the correlation checks the window itself).</li>
 * </ul>
 */
public final class SpillingSignalStore implements SignalStore, AutoCloseable {
  private final int hotKeys;
  private final ToLongFunction<String> hash;
  private final Map<String, Pair> hot;
  private final LongLongTable newest = new LongLongTable();
  /** One record being written, in a buffer used again for the next. */
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(1024);
  private final DataOutputStream bufferOut = new DataOutputStream(buffer);
  private Path file;
  private DataOutputStream appender;
  private RandomAccessFile reader;
  private long length;
  private int written;

  private SpillingSignalStore(int hotKeys, ToLongFunction<String> hash) {
    if (hotKeys < 1) {
      throw new IllegalArgumentException("hotKeys must be positive, not " + hotKeys);
    }
    this.hotKeys = hotKeys;
    this.hash = hash;
    this.hot = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Pair> eldest) {
        if (size() <= SpillingSignalStore.this.hotKeys) {
          return false;
        }
        spill(eldest.getKey(), eldest.getValue());
        return true;
      }
    };
  }

  /** A store holding at most {@code hotKeys} keys in memory. */
  public static SpillingSignalStore holding(int hotKeys) {
    return new SpillingSignalStore(hotKeys, SpillingSignalStore::fnv1a);
  }

  /** With another hash of keys (tests: keys that share a hash). */
  static SpillingSignalStore holding(int hotKeys, ToLongFunction<String> hash) {
    return new SpillingSignalStore(hotKeys, hash);
  }

  @Override
  public synchronized Pair recordFirst(String key, Signal signal, Instant expiresAt) {
    Pair old = load(key);
    Pair now = new Pair(earlier(old.first(), signal), old.second());
    hot.put(key, now);
    return now;
  }

  @Override
  public synchronized Pair recordSecond(String key, Signal signal, Instant expiresAt) {
    Pair old = load(key);
    Pair now = new Pair(old.first(), earlier(old.second(), signal));
    hot.put(key, now);
    return now;
  }

  private static Signal earlier(Signal stored, Signal offered) {
    return stored == null || offered.time().isBefore(stored.time()) ? offered : stored;
  }

  /** Records written to the file (tests). */
  int spilled() {
    return written;
  }

  /** The file, or null before the first key moved there (tests). */
  Path file() {
    return file;
  }

  private Pair load(String key) {
    Pair pair = hot.get(key);
    if (pair != null) {
      return pair;
    }
    long at = newest.get(hash.applyAsLong(key));
    try {
      while (at >= 0) {
        Spilled record = read(at);
        if (record.key().equals(key)) {
          return record.pair();
        }
        at = record.previous();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the correlation's spill file " + file, e);
    }
    return new Pair(null, null);
  }

  private record Spilled(String key, long previous, Pair pair) {}

  private void spill(String key, Pair pair) {
    long h = hash.applyAsLong(key);
    try {
      if (appender == null) {
        file = Files.createTempFile("trailwatch-signals", ".bin");
        file.toFile().deleteOnExit();
        appender = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
        reader = new RandomAccessFile(file.toFile(), "r");
      }
      buffer.reset();
      writeString(bufferOut, key);
      bufferOut.writeLong(newest.get(h));
      writeSignal(bufferOut, pair.first());
      writeSignal(bufferOut, pair.second());
      int size = buffer.size();
      appender.writeInt(size);
      buffer.writeTo(appender);
      newest.put(h, length);
      length += 4 + size;
      written++;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the correlation's spill file " + file, e);
    }
  }

  private Spilled read(long at) throws IOException {
    appender.flush();
    reader.seek(at);
    byte[] bytes = new byte[reader.readInt()];
    reader.readFully(bytes);
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
    return new Spilled(readString(in), in.readLong(), new Pair(readSignal(in), readSignal(in)));
  }

  private static void writeSignal(DataOutputStream out, Signal signal) throws IOException {
    out.writeBoolean(signal != null);
    if (signal == null) {
      return;
    }
    out.writeLong(signal.time().getEpochSecond());
    out.writeInt(signal.time().getNano());
    writeString(out, signal.eventId());
    Summary s = signal.summary();
    for (String field : new String[] {s.eventID(), s.eventTime(), s.eventSource(), s.eventName(), s.awsRegion(),
        s.sourceIPAddress(), s.actor(), s.targetUser(), s.accessKeyId(), s.source()}) {
      writeString(out, field);
    }
  }

  private static Signal readSignal(DataInputStream in) throws IOException {
    if (!in.readBoolean()) {
      return null;
    }
    Instant time = Instant.ofEpochSecond(in.readLong(), in.readInt());
    String eventId = readString(in);
    return new Signal(time, eventId, new Summary(readString(in), readString(in), readString(in), readString(in),
        readString(in), readString(in), readString(in), readString(in), readString(in), readString(in)));
  }

  /** A nullable string of any length: -1, or its UTF-8 length and bytes. */
  private static void writeString(DataOutputStream out, String value) throws IOException {
    if (value == null) {
      out.writeInt(-1);
      return;
    }
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  private static String readString(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0) {
      return null;
    }
    byte[] bytes = new byte[length];
    in.readFully(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** FNV-1a over the key's characters, 64 bits. */
  private static long fnv1a(String key) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < key.length(); i++) {
      h ^= key.charAt(i);
      h *= 0x100000001b3L;
    }
    return h;
  }

  /** Deletes the file, if one was made. */
  @Override
  public void close() throws IOException {
    if (appender != null) {
      appender.close();
      reader.close();
      Files.deleteIfExists(file);
    }
  }
}
