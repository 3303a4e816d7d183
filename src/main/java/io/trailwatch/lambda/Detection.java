package io.trailwatch.lambda;

import io.trailwatch.engine.Correlator;
import io.trailwatch.engine.Engine;
import io.trailwatch.engine.Tuning;
import java.util.function.Function;

/**
 * The engine and correlator the function runs with: fixed, or built from the tuning file and rebuilt
 * whenever a new valid version of it is loaded ({@link TuningReloader}). Not thread-safe (one invocation
 * at a time per instance, as Lambda runs them).
 */
final class Detection {
  /** What one object is evaluated with. */
  record Current(Engine engine, Correlator correlator) {}

  private final TuningReloader reloader;
  private final Function<Tuning, Current> build;
  private Tuning builtFrom;
  private Current current;

  private Detection(TuningReloader reloader, Function<Tuning, Current> build, Current current) {
    this.reloader = reloader;
    this.build = build;
    this.current = current;
  }

  /** Always the same engine and correlator. */
  static Detection fixed(Engine engine, Correlator correlator) {
    return new Detection(null, null, new Current(engine, correlator));
  }

  /** Built by {@code build} from the reloader's tuning, now and after each change. */
  static Detection reloading(TuningReloader reloader, Function<Tuning, Current> build) {
    return new Detection(reloader, build, null);
  }

  /** Built from no tuning file. */
  static Detection untuned(Function<Tuning, Current> build) {
    return new Detection(null, null, build.apply(Tuning.NONE));
  }

  /** What to evaluate the next objects with (checking the tuning file when a check is due). */
  Current current(Log log, Metrics metrics) {
    if (reloader == null) {
      return current;
    }
    Tuning tuning = reloader.current(log, metrics);
    if (tuning != builtFrom) {
      current = build.apply(tuning);
      builtFrom = tuning;
    }
    return current;
  }
}
