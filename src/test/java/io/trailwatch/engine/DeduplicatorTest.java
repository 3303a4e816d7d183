package io.trailwatch.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class DeduplicatorTest {
  private static final RuleMetadata RULE = RuleMetadata.builtIn();
  private final InMemoryWindowStore store = new InMemoryWindowStore();
  private final CollectingPublisher publisher = new CollectingPublisher();
  private final TestClock clock = new TestClock(Instant.parse("2024-06-02T20:00:00Z"));
  private final Deduplicator dedup = Deduplicator.over(RULE, store, publisher, clock);

  static Deduplicator.Batch batch(String... users) {
    Deduplicator.Batch batch = new Deduplicator.Batch();
    for (String user : users) {
      batch.add(ReplayWindowsTest.match(user, "2024-06-02T19:59:00Z"));
    }
    return batch;
  }

  @Test
  void givenManyMatchesOfFewUsers_whenApplied_expectOneWritePerDedupStringAndOneAlertEach() throws Exception {
    Deduplicator.Outcome outcome = dedup.apply(batch("alice", "alice", "bob", "alice", "bob"), "obj1");
    assertEquals(new Deduplicator.Outcome(2, 0), outcome);
    assertEquals(List.of(3L, 2L), publisher.alerts().stream().map(Alert::eventCount).toList());
    assertEquals(Instant.parse("2024-06-02T20:00:00Z"), publisher.alerts().get(0).windowStart(),
        "the Lambda's windows run on processing time");
    // per dedup string: join (no window), open, mark published
    assertEquals(6, store.writes());
  }

  @Test
  void givenOpenWindow_whenAnotherObjectMatches_expectCountedAndSuppressed() throws Exception {
    dedup.apply(batch("alice"), "obj1");
    clock.advance(Duration.ofMinutes(59));
    assertEquals(new Deduplicator.Outcome(0, 1), dedup.apply(batch("alice", "alice"), "obj2"));
    assertEquals(1, publisher.alerts().size());
  }

  @Test
  void givenSameObjectDeliveredAgain_whenApplied_expectNothingNewAndNotCountedTwice() throws Exception {
    RuleMetadata two = new RuleMetadata(RULE.ruleId(), "Info", 60, 2, true, List.of());
    Deduplicator strict = Deduplicator.over(two, store, publisher, clock);
    strict.apply(batch("alice"), "obj1");
    strict.apply(batch("alice"), "obj1");
    assertEquals(List.of(), publisher.alerts(), "a redelivery must not reach the threshold of 2");
    strict.apply(batch("alice"), "obj2");
    assertEquals(1, publisher.alerts().size());
    assertEquals(2, publisher.alerts().get(0).eventCount());
  }

  @Test
  void givenExpiredWindowStillStored_whenMatched_expectNewWindowAndAlert() throws Exception {
    dedup.apply(batch("alice"), "obj1");
    clock.advance(Duration.ofMinutes(60));
    assertTrue(store.stored(publisher.alerts().get(0).dedup()), "the expired item is still there");
    dedup.apply(batch("alice"), "obj2");
    assertEquals(2, publisher.alerts().size());
    assertEquals(Instant.parse("2024-06-02T21:00:00Z"), publisher.alerts().get(1).windowStart());
  }

  @Test
  void givenThresholdThree_whenCountCrossesIt_expectExactlyOneAlertAtTheCrossing() throws Exception {
    RuleMetadata three = new RuleMetadata(RULE.ruleId(), "Info", 60, 3, true, List.of());
    Deduplicator strict = Deduplicator.over(three, store, publisher, clock);
    strict.apply(batch("alice"), "o1");
    strict.apply(batch("alice"), "o2");
    assertEquals(0, publisher.alerts().size());
    strict.apply(batch("alice", "alice"), "o3");
    strict.apply(batch("alice"), "o4");
    assertEquals(1, publisher.alerts().size());
    assertEquals(4, publisher.alerts().get(0).eventCount());
  }

  @Test
  void givenPublishFails_whenRetried_expectTheAlertStillGoesOutOnceWithTheSameId() throws Exception {
    publisher.failNext(1);
    assertThrows(AlertPublisher.PublishException.class, () -> dedup.apply(batch("alice", "bob"), "obj1"));
    assertEquals(1, publisher.alerts().size(), "bob's alert is not held back by alice's failure");
    dedup.apply(batch("alice", "bob"), "obj1");
    assertEquals(2, publisher.alerts().size());
    dedup.apply(batch("alice", "bob"), "obj1");
    assertEquals(2, publisher.alerts().size(), "once published, a further redelivery is quiet");
    assertEquals(Alert.alertId(RULE.ruleId(), publisher.alerts().get(1).dedup(), clock.instant()),
        publisher.alerts().get(1).alertId());
  }

  @Test
  void givenStoreFails_whenApplied_expectStoreExceptionAndRetryPublishes() throws Exception {
    store.failNext(1);
    WindowStore.StoreException e = assertThrows(WindowStore.StoreException.class, () -> dedup.apply(batch("alice"), "o"));
    assertEquals("store unavailable (test)", e.getMessage());
    dedup.apply(batch("alice"), "o");
    assertEquals(1, publisher.alerts().size());
  }

  @Test
  void givenCrashBetweenWindowWriteAndPublish_whenRetried_expectAlertPublished() throws Exception {
    // the window is written, then the invocation dies before publishing
    store.open(ReplayWindowsTest.match("alice", "2024-06-02T19:59:00Z").dedup(), "obj1", 1, clock.instant(),
        clock.instant().plus(Duration.ofHours(1)));
    dedup.apply(batch("alice"), "obj1");
    assertEquals(1, publisher.alerts().size());
  }

  @Test
  void givenEightConcurrentInvocationsOnOneNewDedupString_whenApplied_expectExactlyOneAlert() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Deduplicator.Outcome>> futures = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      String objectId = "obj" + i;
      futures.add(pool.submit(() -> {
        start.await();
        return dedup.apply(batch("alice"), objectId);
      }));
    }
    start.countDown();
    long published = 0;
    for (Future<Deduplicator.Outcome> f : futures) {
      published += f.get().published();
    }
    pool.shutdown();
    assertEquals(1, published);
    assertEquals(1, publisher.alerts().size());
  }
}
