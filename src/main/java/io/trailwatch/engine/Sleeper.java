package io.trailwatch.engine;

import java.time.Duration;

/** How the engine waits; tests pass one that moves their clock instead. */
@FunctionalInterface
public interface Sleeper {
  /** Thread.sleep. */
  Sleeper REAL = duration -> Thread.sleep(duration.toMillis());

  void sleep(Duration duration) throws InterruptedException;
}
