package io.trailwatch.engine;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts the bytes read through it. Rule kept: {@link #count()} is exactly the number of bytes
 * handed to callers; subclasses may refuse more through {@link #counted(long)}.
 */
public class CountingInputStream extends FilterInputStream {
  private long count;

  public CountingInputStream(InputStream in) {
    super(in);
  }

  public final long count() {
    return count;
  }

  /** Called after each read with the total so far; throw to stop reading. */
  protected void counted(long total) throws IOException {}

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b >= 0) {
      counted(++count);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    if (n > 0) {
      count += n;
      counted(count);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = in.skip(n);
    if (skipped > 0) {
      count += skipped;
      counted(count);
    }
    return skipped;
  }
}
