package io.trailwatch.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LongLongTableTest {
  @Test
  void givenRandomPutsAndGets_whenCompared_expectAHashMapsAnswers() {
    Random random = new Random(5);
    LongLongTable table = new LongLongTable();
    Map<Long, Long> expected = new HashMap<>();
    for (int i = 0; i < 200_000; i++) {
      long key = switch (random.nextInt(4)) {
        case 0 -> 0L; // the key that marks free slots inside the table
        case 1 -> random.nextInt(1000) * (1L << 40); // keys that probe into each other
        default -> random.nextLong();
      };
      if (random.nextBoolean()) {
        long value = random.nextLong() & Long.MAX_VALUE;
        table.put(key, value);
        expected.put(key, value);
      } else {
        assertEquals(expected.getOrDefault(key, -1L), table.get(key));
      }
    }
    assertEquals(expected.size(), table.size());
  }

  @Test
  void givenANegativeValue_whenPut_expectRefused() {
    assertThrows(IllegalArgumentException.class, () -> new LongLongTable().put(1, -1));
  }
}
