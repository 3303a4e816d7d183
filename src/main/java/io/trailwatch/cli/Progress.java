package io.trailwatch.cli;

import java.io.PrintWriter;

/**
 * Progress lines on stderr, at most one every two seconds, only when asked for: objects and bytes done,
 * the rate, and an estimate of the time left when the total is known.
 */
final class Progress {
  /** What there is to read; a count or byte total of -1 is unknown. */
  record Total(long objects, long bytes) {
    static final Total UNKNOWN = new Total(-1, -1);
  }

  private final PrintWriter err;
  private final boolean on;
  private final Total total;
  private final long started = System.nanoTime();
  private long lastPrinted = started;
  private long done;
  private long bytes;

  private Progress(PrintWriter err, boolean on, Total total) {
    this.err = err;
    this.on = on;
    this.total = total;
  }

  static Progress to(PrintWriter err, boolean on, Total total) {
    return new Progress(err, on, total);
  }

  /** True when stderr looks like a terminal (a console exists and, on JDK 22+, says it is one). */
  static boolean stderrIsTerminal() {
    java.io.Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true; // JDK 21: a console exists only when attached to a terminal
    }
  }

  /** One input done: its name, the records read so far, its size (-1 when unknown). */
  void fileDone(String file, long records, long size) {
    done++;
    bytes += Math.max(0, size);
    long now = System.nanoTime();
    if (!on || now - lastPrinted < 2_000_000_000L) {
      return;
    }
    lastPrinted = now;
    double seconds = (now - started) / 1e9;
    double rate = bytes / seconds;
    String eta = "";
    if (total.bytes() > 0 && rate > 0) {
      long left = Math.max(0, (long) ((total.bytes() - bytes) / rate));
      eta = String.format(", about %d:%02d left", left / 60, left % 60);
    }
    err.printf("trailwatch: %d%s objects, %.1f%s MB, %.1f MB/s, %d records%s, at %s%n",
        done, total.objects() >= 0 ? "/" + total.objects() : "", bytes / 1e6,
        total.bytes() >= 0 ? String.format("/%.1f", total.bytes() / 1e6) : "", rate / 1e6, records, eta, file);
    err.flush();
  }
}
