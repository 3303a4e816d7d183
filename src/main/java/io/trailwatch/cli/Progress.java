package io.trailwatch.cli;

import java.io.PrintWriter;

/** Progress lines on stderr, at most one every two seconds, only when asked for. */
final class Progress {
  private final PrintWriter err;
  private final boolean on;
  private final int total;
  private final long started = System.nanoTime();
  private long lastPrinted = started;
  private int done;

  private Progress(PrintWriter err, boolean on, int total) {
    this.err = err;
    this.on = on;
    this.total = total;
  }

  static Progress to(PrintWriter err, boolean on, int total) {
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

  void fileDone(String file, long records) {
    done++;
    long now = System.nanoTime();
    if (!on || now - lastPrinted < 2_000_000_000L) {
      return;
    }
    lastPrinted = now;
    double seconds = (now - started) / 1e9;
    err.printf("trailwatch: %d/%d files, %d records, %.0f records/s, at %s%n",
        done, total, records, records / seconds, file);
    err.flush();
  }
}
