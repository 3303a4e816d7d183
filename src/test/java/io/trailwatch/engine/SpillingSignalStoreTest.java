package io.trailwatch.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The signal-store contract against the store {@code scan} uses, holding one key in memory so that every
 * other key goes through its file; and its answers against the in-memory store's over random steps, with
 * keys that share a hash.
 */
class SpillingSignalStoreTest extends SignalStoreContract {
  private final List<SpillingSignalStore> made = new ArrayList<>();

  @Override
  protected SignalStore newStore() {
    SpillingSignalStore store = SpillingSignalStore.holding(1);
    made.add(store);
    return store;
  }

  @AfterEach
  void close() throws IOException {
    for (SpillingSignalStore store : made) {
      store.close();
    }
  }

  private static SignalStore.Signal signal(Random random, int i) {
    String id = "e" + i + (random.nextInt(10) == 0 ? "\u00e9\u4e2d" : "");
    return new SignalStore.Signal(Instant.ofEpochSecond(1_700_000_000L + random.nextInt(100_000), random.nextInt(1000)),
        id, new SignalStore.Summary(id, random.nextBoolean() ? null : "2024-06-02T10:00:00Z", "iam.amazonaws.com",
            "CreateAccessKey", "us-east-1", "203.0.113." + i % 256, "arn:aws:iam::1:user/u", null, "AKIA" + i, "f.json.gz"));
  }

  @Test
  void givenRandomStepsOnManyKeys_whenMostWaitInTheFile_expectTheInMemoryStoresAnswers() throws IOException {
    Random random = new Random(11);
    InMemorySignalStore expected = new InMemorySignalStore();
    // keys of one length share a hash: every lookup in the file walks a chain of other keys' records
    SpillingSignalStore store = SpillingSignalStore.holding(3, key -> key.length());
    made.add(store);
    Instant expires = Instant.EPOCH;
    for (int i = 0; i < 2000; i++) {
      String key = "10.0." + random.nextInt(40) + ":AKIA" + random.nextInt(10);
      SignalStore.Signal signal = signal(random, i);
      if (random.nextInt(5) == 0) {
        assertEquals(expected.recordFirst(key, signal, expires), store.recordFirst(key, signal, expires), key);
      } else {
        assertEquals(expected.recordSecond(key, signal, expires), store.recordSecond(key, signal, expires), key);
      }
    }
    assertTrue(store.spilled() > 1000, "keys went to the file: " + store.spilled());
  }

  @Test
  void givenKeysBeyondWhatItHolds_whenClosed_expectItsFileDeleted() throws IOException {
    SpillingSignalStore store = SpillingSignalStore.holding(1);
    Random random = new Random(3);
    for (int i = 0; i < 10; i++) {
      store.recordSecond("k" + i, signal(random, i), Instant.EPOCH);
    }
    assertEquals(9, store.spilled());
    java.nio.file.Path file = store.file();
    assertTrue(java.nio.file.Files.exists(file), file + " made");
    store.close();
    assertTrue(java.nio.file.Files.notExists(file), file + " deleted");
  }
}
