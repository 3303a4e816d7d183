package io.trailwatch.engine;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * An input stream that keeps a copy of what was read since a mark, so that the bytes of one JSON
 * record can be parsed again after a streaming pass has found it interesting.
 *
 * <p>Rules kept: offsets are absolute positions in the stream; {@link #keepFrom} drops what lies
 * before it (lazily, when room is needed); at most {@code limit} bytes are kept from the mark: past
 * that the tape {@linkplain #overflowed() overflows} and keeps nothing until the next mark, so memory
 * stays bounded whatever the record size.
 */
final class Tape extends FilterInputStream {
  private final int limit;
  private static final int WINDOW = 64 * 1024;
  private byte[] buffer = new byte[2 * WINDOW];
  private long bufferStart; // absolute offset of buffer[0]
  private int size;
  private long mark;
  private boolean overflowed;

  private Tape(InputStream in, int limit) {
    super(in);
    this.limit = limit;
  }

  static Tape over(InputStream in, int limit) {
    return new Tape(in, limit);
  }

  /** From now on, keep the bytes from {@code offset} on. */
  void keepFrom(long offset) {
    mark = offset;
    overflowed = false;
  }

  boolean overflowed() {
    return overflowed;
  }

  /** The bytes in [from, to), which must lie after the mark and have been read; null when overflowed. */
  byte[] slice(long from, long to) {
    if (overflowed || from < bufferStart || to > bufferStart + size) {
      return null;
    }
    return Arrays.copyOfRange(buffer, (int) (from - bufferStart), (int) (to - bufferStart));
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    if (n > 0) {
      append(b, off, n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    byte[] scratch = new byte[(int) Math.min(n, 8192)];
    int read = read(scratch, 0, scratch.length);
    return Math.max(read, 0);
  }

  private void append(byte[] b, int off, int n) {
    if (size + n > buffer.length) {
      makeRoom(n);
    }
    System.arraycopy(b, off, buffer, size, n);
    size += n;
  }

  private void makeRoom(int n) {
    // Keep from the mark; once overflowed, keep only a trailing window, where the next record's
    // first byte will be (the parser's read-ahead is smaller than the window).
    long keep = overflowed ? bufferStart + size + n - WINDOW : mark;
    int drop = (int) Math.min(Math.max(keep - bufferStart, 0), size);
    System.arraycopy(buffer, drop, buffer, 0, size - drop);
    bufferStart += drop;
    size -= drop;
    if (size + n <= buffer.length) {
      return;
    }
    if (!overflowed && size + n > limit + WINDOW) {
      overflowed = true;
      makeRoom(n);
      return;
    }
    buffer = Arrays.copyOf(buffer, Math.max(size + n, Math.min(buffer.length * 2, limit + WINDOW)));
  }
}
