package io.trailwatch.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StringCountsTest {
  /** Values drawn from a small pool, some of them colliding by hash ("Aa" and "BB"), against a HashMap. */
  @ParameterizedTest
  @ValueSource(ints = {1, 7, 42})
  void givenRandomValues_whenCounted_expectWhatAHashMapCounts(int seed) {
    Random random = new Random(seed);
    List<String> pool = List.of("Aa", "BB", "AaAa", "BBBB", "AaBB", "BBAa", "us-east-1", "198.51.100.7", "", "x");
    for (int round = 0; round < 200; round++) {
      StringCounts counts = StringCounts.counting();
      StringCounts set = StringCounts.set();
      Map<String, Long> expected = new HashMap<>();
      int adds = random.nextInt(300);
      int lastSlot = -1;
      String last = null;
      for (int i = 0; i < adds; i++) {
        String value = random.nextInt(3) == 0 ? pool.get(random.nextInt(pool.size())) : "v" + random.nextInt(1 + round);
        if (value.equals(last) && random.nextBoolean()) {
          counts.addAt(lastSlot); // the slot add returned holds while no other value is added
        } else {
          assertEquals(expected.containsKey(value), counts.contains(value), value);
          int before = counts.size();
          lastSlot = counts.add(value);
          assertEquals(before + (expected.containsKey(value) ? 0 : 1), counts.size());
        }
        set.add(value);
        last = value;
        expected.merge(value, 1L, Long::sum);
      }
      assertEquals(expected, counts.totals());
      assertEquals(expected.keySet(), new HashSet<>(counts.values()));
      assertEquals(expected.size(), counts.values().size());
      assertEquals(expected.keySet(), set.totals().keySet());
      assertEquals(expected.keySet(), new HashSet<>(set.values()));
      assertEquals(expected.size(), set.size());
    }
  }
}
