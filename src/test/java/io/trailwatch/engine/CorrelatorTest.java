package io.trailwatch.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The cache of each key's earliest use ({@link Correlator#caching}) only spares requests: over the same
 * store, a caching correlator answers every offer as one without a cache does, whatever the order, ties and
 * retries of the signals.
 */
class CorrelatorTest {
  private static final Instant T0 = Instant.parse("2024-06-02T10:00:00Z");

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(ints = {1, 2, 3, 4, 5, 6})
  void givenSignalsInAnyOrder_whenOfferedWithAndWithoutTheCache_expectTheSameAnswers(int seed) throws Exception {
    Random random = new Random(seed);
    Correlator plain = Correlator.over(CorrelationRule.builtIn(), new InMemorySignalStore());
    Correlator cached = Correlator.caching(CorrelationRule.builtIn(), new InMemorySignalStore(), Fanout.SEQUENTIAL);
    int completed = 0;
    for (int i = 0; i < 3000; i++) {
      String key = "203.0.113." + random.nextInt(4) + ":AKIA" + random.nextInt(3);
      boolean first = random.nextInt(5) == 0;
      // few distinct times and ids: ties, retries of one record and later uses all come often
      String id = "e" + random.nextInt(40);
      Instant time = T0.plus(Duration.ofMinutes(random.nextInt(90) - 10));
      SignalStore.Signal signal = new SignalStore.Signal(time, id,
          new SignalStore.Summary(id, null, null, null, null, null, null, null, null, "f"));
      SignalStore.Pair expected = plain.offer(key, first, signal);
      assertEquals(expected, cached.offer(key, first, signal), "offer " + i + ": " + key + " " + first + " " + id);
      completed += expected == null ? 0 : 1;
    }
    assertTrue(completed > 10, "the sequence completes correlations: " + completed);
  }
}
