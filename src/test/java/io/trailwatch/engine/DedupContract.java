package io.trailwatch.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailwatch.engine.FaultyWindowStore.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The dedup protocol's contract (docs/RELIABILITY.md), run against every {@link WindowStore}: the
 * in-memory fake here, DynamoDB on moto or LocalStack in {@code io.trailwatch.aws}. Each scenario
 * drives the real {@link Deduplicator} over the store, with faults from {@link FaultyWindowStore}, a
 * clock the test moves, and waits that move that clock instead of sleeping.
 */
public abstract class DedupContract {
  protected static final RuleMetadata RULE = RuleMetadata.builtIn();
  private static final String ALICE = "alice";

  protected final TestClock clock = new TestClock(Instant.parse("2024-06-02T20:00:00Z"));
  protected final CollectingPublisher publisher = new CollectingPublisher();
  protected FaultyWindowStore store;

  /** A new, empty store. */
  protected abstract WindowStore newStore();

  /** The largest item the store wrote or read so far, where it has items. */
  protected abstract OptionalLong largestItemBytes();

  /** How many objects the backlog scenario counts into one window: 13,000 unless the store is too slow. */
  protected int backlogObjects() {
    return 13_000;
  }

  /** Whether the store keeps each step atomic under concurrent calls by itself (moto does not). */
  protected boolean atomicUnderConcurrency() {
    return true;
  }

  @BeforeEach
  void newFaultyStore() {
    store = new FaultyWindowStore(newStore(), !atomicUnderConcurrency());
  }

  /** The threshold of the rule the next batches' matches carry. */
  private volatile int threshold = 1;

  /**
   * Waits move the test clock: a lease is waited out at once. The batches made after this call carry
   * a rule with {@code threshold}.
   */
  protected Deduplicator dedup(int threshold) {
    this.threshold = threshold;
    return Deduplicator.over(store, publisher, clock, clock::advance);
  }

  /**
   * Waits really wait and leave the clock alone: for invocations running at once, whose waits must
   * not add up into a jump of the shared clock past another's lease.
   */
  private Deduplicator concurrentDedup() {
    return Deduplicator.over(store, publisher, clock, Sleeper.REAL);
  }

  protected Deduplicator dedup() {
    return dedup(1);
  }

  protected Deduplicator.Batch batch(String... users) {
    Rule rule = Rules.of(new RuleMetadata(RULE.ruleId(), "Info", 60, threshold, true, List.of()));
    Deduplicator.Batch batch = new Deduplicator.Batch();
    for (String user : users) {
      batch.add(ReplayWindowsTest.match(rule, user, "2024-06-02T19:59:00Z"));
    }
    return batch;
  }

  /** The store's key of a user's windows. */
  protected static String dedupOf(String user) {
    return Deduplicator.windowKey(ReplayWindowsTest.match(user, "2024-06-02T19:59:00Z"));
  }

  private WindowStore.Window stored(String user) throws Exception {
    return store.inner().read(dedupOf(user)).orElseThrow();
  }

  // --- the ordinary path ---

  @Test
  void givenManyMatchesOfFewUsers_whenApplied_expectOneAlertPerDedupStringWithItsCount() throws Exception {
    Deduplicator.Outcome outcome = dedup().apply(batch(ALICE, ALICE, "bob", ALICE, "bob"), "obj1");
    assertEquals(new Deduplicator.Outcome(2, 0, 0), outcome);
    assertEquals(List.of(3L, 2L), publisher.alerts().stream().map(Alert::eventCount).toList());
    assertEquals(clock.instant(), publisher.alerts().get(0).windowStart(), "the Lambda's windows run on processing time");
    assertTrue(stored(ALICE).published());
  }

  @Test
  void givenOpenWindow_whenAnotherObjectMatches_expectCountedAndSuppressed() throws Exception {
    dedup().apply(batch(ALICE), "obj1");
    clock.advance(Duration.ofMinutes(59));
    assertEquals(new Deduplicator.Outcome(0, 1, 0), dedup().apply(batch(ALICE, ALICE), "obj2"));
    assertEquals(1, publisher.alerts().size());
    assertEquals(3, stored(ALICE).count());
    assertEquals(0, store.calls(Step.CLAIM), "a published window needs no claim");
  }

  @Test
  void givenSameObjectDeliveredAgain_whenApplied_expectCountedOnce() throws Exception {
    Deduplicator two = dedup(2);
    two.apply(batch(ALICE), "obj1");
    two.apply(batch(ALICE), "obj1");
    assertEquals(List.of(), publisher.alerts(), "a redelivery must not reach the threshold of 2");
    two.apply(batch(ALICE), "obj2");
    assertEquals(1, publisher.alerts().size());
    assertEquals(2, publisher.alerts().get(0).eventCount());
  }

  @Test
  void givenExpiredWindowStillStored_whenMatched_expectNewWindowAndAlert() throws Exception {
    dedup().apply(batch(ALICE), "obj1");
    clock.advance(Duration.ofMinutes(60));
    assertFalse(stored(ALICE).liveAt(clock.instant()), "expired, still stored");
    dedup().apply(batch(ALICE), "obj2");
    assertEquals(2, publisher.alerts().size());
    assertEquals(Instant.parse("2024-06-02T21:00:00Z"), publisher.alerts().get(1).windowStart());
  }

  @Test
  void givenThresholdThree_whenCountReachesIt_expectExactlyOneAlertWithTheCountAtTheClaim() throws Exception {
    Deduplicator three = dedup(3);
    three.apply(batch(ALICE), "o1");
    three.apply(batch(ALICE), "o2");
    assertEquals(0, publisher.alerts().size());
    three.apply(batch(ALICE, ALICE), "o3");
    three.apply(batch(ALICE), "o4");
    assertEquals(1, publisher.alerts().size());
    assertEquals(4, publisher.alerts().get(0).eventCount());
  }

  // --- SNS outages ---

  @Test
  void givenSnsDownLongerThanTheRetries_whenItReturns_expectOneAlertFromTheFirstInvocationAfter() throws Exception {
    Instant opened = clock.instant();
    publisher.failNext(1_000);
    for (int attempt = 0; attempt < 3; attempt++) { // the delivery and Lambda's two retries
      assertThrows(AlertPublisher.PublishException.class, () -> dedup().apply(batch(ALICE), "obj1"));
      clock.advance(Duration.ofMinutes(1));
    }
    assertThrows(AlertPublisher.PublishException.class, () -> dedup().apply(batch(ALICE), "obj2"),
        "a later object of the same key also tries, and fails while SNS is down");
    publisher.failNext(0);
    clock.advance(Duration.ofMinutes(5));
    assertEquals(new Deduplicator.Outcome(1, 0, 0), dedup().apply(batch(ALICE), "obj3"));
    assertEquals(1, publisher.alerts().size());
    Alert alert = publisher.alerts().get(0);
    assertEquals(opened, alert.windowStart(), "the alert of the window obj1 opened");
    assertEquals(3, alert.eventCount(), "obj1, obj2 and obj3, each once");
    assertEquals(Alert.alertId(RULE.ruleId(), alert.dedup(), opened), alert.alertId());
    dedup().apply(batch(ALICE), "obj1"); // the failure queue replayed
    dedup().apply(batch(ALICE), "obj2");
    assertEquals(1, publisher.alerts().size());
  }

  @Test
  void givenSnsDownPastTheWindowsEnd_whenItReturns_expectTheOldWindowPublishedBeforeANewOne() throws Exception {
    Instant first = clock.instant();
    publisher.failNext(1_000);
    assertThrows(AlertPublisher.PublishException.class, () -> dedup().apply(batch(ALICE), "obj1"));
    clock.advance(Duration.ofMinutes(30));
    assertThrows(AlertPublisher.PublishException.class, () -> dedup().apply(batch(ALICE), "obj2"));
    publisher.failNext(0);
    clock.advance(Duration.ofMinutes(45));
    Instant second = clock.instant();
    assertEquals(new Deduplicator.Outcome(2, 0, 0), dedup().apply(batch(ALICE), "obj3"));
    assertEquals(List.of(first, second), publisher.alerts().stream().map(Alert::windowStart).toList());
    assertEquals(List.of(2L, 1L), publisher.alerts().stream().map(Alert::eventCount).toList(),
        "the old window keeps its own count");
    dedup().apply(batch(ALICE), "obj1");
    assertEquals(2, publisher.alerts().size(), "a replay of the first object joins the new window quietly");
  }

  @Test
  void givenPublishFailsForOneUser_whenApplied_expectTheOthersStillPublishedAndTheRetryCompletes() throws Exception {
    publisher.failNext(1);
    assertThrows(AlertPublisher.PublishException.class, () -> dedup().apply(batch(ALICE, "bob"), "obj1"));
    assertEquals(1, publisher.alerts().size(), "bob's alert is not held back by alice's failure");
    dedup().apply(batch(ALICE, "bob"), "obj1");
    assertEquals(2, publisher.alerts().size());
    dedup().apply(batch(ALICE, "bob"), "obj1");
    assertEquals(2, publisher.alerts().size(), "once published, a further redelivery is quiet");
  }

  // --- several destinations (alert topic, chat topic, Security Hub) ---

  private final CollectingPublisher chat = new CollectingPublisher("chat");
  private final CollectingPublisher findings = new CollectingPublisher("securityhub");

  private Deduplicator threeDestinations() {
    threshold = 1;
    return Deduplicator.over(store, List.of(publisher, chat, findings), clock, clock::advance);
  }

  @Test
  void anAlertGoesToEveryDestinationOnceAndOnlyTheLastIsNotMarkedSent() throws Exception {
    assertEquals(new Deduplicator.Outcome(1, 0, 0), threeDestinations().apply(batch(ALICE), "obj1"));
    assertEquals(List.of(1, 1, 1), List.of(publisher.alerts().size(), chat.alerts().size(), findings.alerts().size()));
    assertTrue(stored(ALICE).published());
    assertEquals(java.util.Set.of("alerts", "chat"), stored(ALICE).sentTo());
    assertEquals(2, store.calls(Step.SENT), "the last destination is covered by the published mark");
  }

  @Test
  void aRetryAfterALaterDestinationFailedSendsOnlyToTheRest() throws Exception {
    chat.failNext(1);
    assertThrows(AlertPublisher.PublishException.class, () -> threeDestinations().apply(batch(ALICE), "obj1"));
    assertEquals(List.of(1, 0, 0), List.of(publisher.alerts().size(), chat.alerts().size(), findings.alerts().size()));
    assertFalse(stored(ALICE).published());
    assertEquals(java.util.Set.of("alerts"), stored(ALICE).sentTo());
    clock.advance(Duration.ofMinutes(1));
    threeDestinations().apply(batch(ALICE), "obj1"); // the retry of the same object
    assertEquals(List.of(1, 1, 1), List.of(publisher.alerts().size(), chat.alerts().size(), findings.alerts().size()),
        "the alert topic is not sent the alert again");
    assertEquals(publisher.alerts().get(0).alertId(), findings.alerts().get(0).alertId());
    assertTrue(stored(ALICE).published());
  }

  @Test
  void aLastDestinationDownForLongIsRetriedAloneUntilItTakesTheAlert() throws Exception {
    findings.failNext(3);
    for (int attempt = 0; attempt < 3; attempt++) {
      assertThrows(AlertPublisher.PublishException.class, () -> threeDestinations().apply(batch(ALICE), "obj1"));
      clock.advance(Duration.ofMinutes(1));
    }
    assertEquals(new Deduplicator.Outcome(1, 0, 0), threeDestinations().apply(batch(ALICE), "obj1"));
    assertEquals(List.of(1, 1, 1), List.of(publisher.alerts().size(), chat.alerts().size(), findings.alerts().size()));
  }

  @Test
  void aSentMarkThatKeepsFailingIsCountedNotFailed() throws Exception {
    store.failNext(Step.SENT, 1_000);
    Deduplicator.Outcome outcome = threeDestinations().apply(batch(ALICE), "obj1");
    assertEquals(1, outcome.published());
    assertTrue(outcome.unmarked() >= 1, outcome.toString());
    assertEquals(List.of(1, 1, 1), List.of(publisher.alerts().size(), chat.alerts().size(), findings.alerts().size()));
    assertTrue(stored(ALICE).published(), "the published mark still went through");
  }

  // --- many users in one object, handled several at once ---

  @Test
  void twoHundredUsersInOneObjectThroughAFanoutAlertOnceEach() throws Exception {
    String[] users = java.util.stream.IntStream.range(0, 200).mapToObj(i -> "user" + i).toArray(String[]::new);
    Deduplicator fanned = Deduplicator.over(store, List.of(publisher), clock, Sleeper.REAL, Fanout.of(16));
    assertEquals(new Deduplicator.Outcome(200, 0, 0), fanned.apply(batch(users), "obj1"));
    assertEquals(new Deduplicator.Outcome(0, 200, 0), fanned.apply(batch(users), "obj1"), "a redelivery adds nothing");
    assertEquals(200, publisher.alerts().stream().map(Alert::alertId).distinct().count());
    assertEquals(200, publisher.alerts().size());
  }

  @Test
  void aFailingUserAmongManyFailsTheObjectAfterTheOthersWentOut() throws Exception {
    publisher.failNext(1);
    Deduplicator fanned = Deduplicator.over(store, List.of(publisher), clock, Sleeper.REAL, Fanout.of(8));
    assertThrows(AlertPublisher.PublishException.class, () -> fanned.apply(batch("a", "b", "c", "d", "e"), "obj1"));
    assertEquals(4, publisher.alerts().size());
    clock.advance(Duration.ofMinutes(1));
    fanned.apply(batch("a", "b", "c", "d", "e"), "obj1");
    assertEquals(5, publisher.alerts().size(), "the retry sends only the one that failed");
  }

  // --- marks, lost responses, crashes ---

  @Test
  void givenMarkPublishedFailsTwiceAfterThePublish_whenApplied_expectMarkedWithinTheLeaseAndNoRepublish()
      throws Exception {
    store.failNext(Step.MARK, 2);
    assertEquals(new Deduplicator.Outcome(1, 0, 0), dedup().apply(batch(ALICE), "obj1"));
    assertTrue(stored(ALICE).published());
    clock.advance(Duration.ofMinutes(1));
    dedup().apply(batch(ALICE), "obj1");
    dedup().apply(batch(ALICE), "obj2");
    assertEquals(1, publisher.alerts().size());
  }

  @Test
  void givenMarkPublishedFailsThroughTheLease_whenApplied_expectCountedAsUnmarkedNotAFailure() throws Exception {
    store.failNext(Step.MARK, 1_000);
    assertEquals(new Deduplicator.Outcome(1, 0, 1), dedup().apply(batch(ALICE), "obj1"));
    assertEquals(1, publisher.alerts().size());
    assertFalse(stored(ALICE).published(), "the documented remaining risk: a later duplicate, same alertId");
  }

  @Test
  void givenJoinResponseLost_whenTheObjectIsRetried_expectCountedOnce() throws Exception {
    Deduplicator two = dedup(2);
    two.apply(batch(ALICE), "obj1");
    store.loseNextResponse(Step.JOIN);
    assertThrows(WindowStore.StoreException.class, () -> two.apply(batch(ALICE), "obj2"));
    two.apply(batch(ALICE), "obj2");
    assertEquals(1, publisher.alerts().size());
    assertEquals(2, publisher.alerts().get(0).eventCount());
    assertEquals(2, stored(ALICE).count());
  }

  @Test
  void givenOpenResponseLost_whenTheObjectIsRetried_expectOneAlertAfterTheLostOwnersLease() throws Exception {
    store.loseNextResponse(Step.OPEN);
    assertThrows(WindowStore.StoreException.class, () -> dedup().apply(batch(ALICE), "obj1"));
    dedup().apply(batch(ALICE), "obj1");
    assertEquals(1, publisher.alerts().size());
    assertEquals(1, publisher.alerts().get(0).eventCount());
    assertTrue(stored(ALICE).published());
  }

  @Test
  void givenAnObjectOfThreeUsers_whenApplied_expectTheirWindowsReadInOneStep() throws Exception {
    assertEquals(new Deduplicator.Outcome(3, 0, 0), dedup().apply(batch(ALICE, "bob", "carol"), "obj1"));
    assertEquals(1, store.calls(Step.READ));
    assertEquals(new Deduplicator.Outcome(0, 3, 0), dedup().apply(batch(ALICE, "bob", "carol"), "obj2"));
    assertEquals(2, store.calls(Step.READ));
    assertEquals(2, stored("carol").count());
  }

  @Test
  void givenTheReadOfAllWindowsFails_whenApplied_expectEachReadAloneAndNothingLost() throws Exception {
    store.failNext(Step.READ, 1);
    assertEquals(new Deduplicator.Outcome(2, 0, 0), dedup().apply(batch(ALICE, "bob"), "obj1"));
    assertEquals(3, store.calls(Step.READ), "the failed read of both, then one each");
    assertEquals(2, publisher.alerts().size());
  }

  @Test
  void givenStoreUnavailable_whenApplied_expectStoreExceptionAndTheRetryPublishes() throws Exception {
    store.failNext(Step.READ, 1);
    WindowStore.StoreException e = assertThrows(WindowStore.StoreException.class, () -> dedup().apply(batch(ALICE), "o"));
    assertEquals("store unavailable (test: READ)", e.getMessage());
    dedup().apply(batch(ALICE), "o");
    assertEquals(1, publisher.alerts().size());
  }

  @Test
  void givenAnOpenerThatDiedHoldingTheLease_whenAnotherObjectArrives_expectItPublishesAfterTheLease() throws Exception {
    Instant now = clock.instant();
    openAlices("obj1", 1, 1, new WindowStore.Lease("dead", now.plus(Deduplicator.LEASE)));
    clock.advance(Duration.ofSeconds(1));
    dedup().apply(batch(ALICE), "obj2");
    assertEquals(1, publisher.alerts().size());
    assertEquals(now, publisher.alerts().get(0).windowStart());
    assertEquals(2, publisher.alerts().get(0).eventCount());
    assertFalse(clock.instant().isBefore(now.plus(Deduplicator.LEASE)), "it waited the lease out");
  }

  // --- concurrency ---

  @Test
  void givenTheSameObjectDeliveredEightTimesAtOnce_whenApplied_expectOneAlertCountingItOnce() throws Exception {
    assertEquals(1, concurrently(8, i -> "obj"));
    assertEquals(1, publisher.alerts().size());
    assertEquals(1, stored(ALICE).count());
  }

  @Test
  void givenEightObjectsOfOneKeyAtOnce_whenApplied_expectOneAlertAndAllCounted() throws Exception {
    assertEquals(1, concurrently(8, i -> "obj" + i));
    assertEquals(1, publisher.alerts().size());
    assertEquals(8, stored(ALICE).count());
  }

  private long concurrently(int n, java.util.function.IntFunction<String> objectId) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Deduplicator.Outcome>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        String id = objectId.apply(i);
        futures.add(pool.submit(() -> {
          start.await();
          return concurrentDedup().apply(batch(ALICE), id);
        }));
      }
      start.countDown();
      long published = 0;
      for (Future<Deduplicator.Outcome> f : futures) {
        published += f.get().published();
      }
      return published;
    } finally {
      pool.shutdown();
    }
  }

  // --- backlogs, thresholds, clocks ---

  @Test
  void givenABacklogOfThirteenThousandObjectsOfOneKeyInOneWindow_whenApplied_expectOneAlertAndAConstantItemSize()
      throws Exception {
    int objects = backlogObjects();
    dedup().apply(batch(ALICE), "obj0");
    OptionalLong firstSize = largestItemBytes();
    AtomicInteger next = new AtomicInteger(1);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Long>> workers = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        workers.add(pool.submit(() -> {
          long published = 0;
          for (int i = next.getAndIncrement(); i < objects; i = next.getAndIncrement()) {
            published += concurrentDedup().apply(batch(ALICE), "obj" + i).published();
          }
          return published;
        }));
      }
      for (Future<Long> worker : workers) {
        assertEquals(0, worker.get());
      }
    } finally {
      pool.shutdown();
    }
    assertEquals(1, publisher.alerts().size());
    assertEquals(objects, stored(ALICE).count());
    if (firstSize.isPresent()) {
      long growth = largestItemBytes().getAsLong() - firstSize.getAsLong();
      assertTrue(growth <= 3, "no item grows with the objects counted, but for eventCount's digits: " + growth);
    }
  }

  @Test
  void givenThresholdLoweredMidWindow_whenTheNextObjectArrives_expectTheAlert() throws Exception {
    dedup(5).apply(batch(ALICE), "o1");
    dedup(5).apply(batch(ALICE), "o2");
    assertEquals(5, stored(ALICE).threshold(), "the window keeps the threshold it opened with");
    assertEquals(0, publisher.alerts().size());
    dedup(2).apply(batch(ALICE), "o3");
    assertEquals(1, publisher.alerts().size());
    assertEquals(3, publisher.alerts().get(0).eventCount());
  }

  @Test
  void givenTheWindowExpiresBetweenTheReadAndTheJoin_whenApplied_expectANewWindowAndItsAlert() throws Exception {
    dedup().apply(batch(ALICE), "obj1");
    clock.advance(Duration.ofMinutes(59));
    store.afterNext(Step.READ, () -> clock.advance(Duration.ofMinutes(2)));
    assertEquals(new Deduplicator.Outcome(1, 0, 0), dedup().apply(batch(ALICE), "obj2"));
    assertEquals(2, publisher.alerts().size());
    assertEquals(1, publisher.alerts().get(1).eventCount(), "obj2 was not counted in the expired window");
  }

  @Test
  void givenTheClockMovesDuringAnObject_whenApplied_expectEachStepToReadIt() throws Exception {
    dedup().apply(batch(ALICE), "obj1");
    clock.advance(Duration.ofMinutes(59));
    store.afterNext(Step.READ, () -> clock.advance(Duration.ofMinutes(2)));
    dedup().apply(batch("bob", ALICE), "obj2");
    assertEquals(Instant.parse("2024-06-02T21:01:00Z"), publisher.alerts().get(2).windowStart(),
        "alice's new window starts when its step ran, not when the object started");
  }

  // --- the port itself ---

  @Test
  void givenNoWindow_whenClaimedOrMarked_expectSettledAndNothingStored() throws Exception {
    String dedup = dedupOf(ALICE);
    Instant now = clock.instant();
    assertInstanceOf(WindowStore.Settled.class, store.claim(dedup, now, 1, new WindowStore.Lease("me", now), now));
    store.markPublished(dedup, now);
    assertTrue(store.read(dedup).isEmpty());
  }

  @Test
  void givenAStoredWindow_whenOpenedOverItWithoutReplacingOrWithAStaleCount_expectRefused() throws Exception {
    String dedup = dedupOf(ALICE);
    Instant now = clock.instant();
    WindowStore.Window first = openAlices("o1", 1, 1, null);
    Instant later = now.plus(Duration.ofHours(2));
    WindowStore.Window second = new WindowStore.Window(later, later.plus(Duration.ofHours(1)), 1, 1, false);
    assertFalse(store.open(dedup, null, "o2", second, null));
    assertFalse(store.open(dedup, new WindowStore.Window(now, first.expiresAt(), 7, 1, false), "o2", second, null));
    WindowStore.Window early = new WindowStore.Window(now.plusSeconds(1), now.plus(Duration.ofMinutes(61)), 1, 1, false);
    assertFalse(store.open(dedup, first, "o2", early, null), "the window it replaces must have expired");
    assertTrue(store.open(dedup, first, "o2", second, null));
    assertEquals(later, store.read(dedup).orElseThrow().start());
  }

  @Test
  void givenALeaseHeldByAnother_whenClaimed_expectHeldUntilItEndsAndReentrantForItsOwner() throws Exception {
    String dedup = dedupOf(ALICE);
    Instant now = clock.instant();
    WindowStore.Lease mine = new WindowStore.Lease("me", now.plusSeconds(15));
    WindowStore.Window window = openAlices("o1", 1, 1, mine);
    assertInstanceOf(WindowStore.Claimed.class, store.claim(dedup, now, 1, mine, now));
    WindowStore.Lease theirs = new WindowStore.Lease("them", now.plusSeconds(30));
    assertInstanceOf(WindowStore.Held.class, store.claim(dedup, now, 1, theirs, now.plusSeconds(14)));
    WindowStore.Claim claim = store.claim(dedup, now, 1, theirs, now.plusSeconds(15));
    assertEquals(new WindowStore.Claimed(window), claim);
    store.markPublished(dedup, now);
    assertInstanceOf(WindowStore.Settled.class, store.claim(dedup, now, 1, mine, now.plusSeconds(60)));
    assertInstanceOf(WindowStore.Settled.class, store.claim(dedup, now.minusSeconds(1), 1, mine, now),
        "another window start");
  }

  @Test
  void givenTheObjectThatOpenedAWindow_whenItJoins_expectAlreadyCountedAndAnotherObjectAdded() throws Exception {
    String dedup = dedupOf(ALICE);
    Instant now = clock.instant();
    WindowStore.Window window = openAlices("o1", 2, 5, null);
    assertEquals(WindowStore.Joined.ALREADY_COUNTED, store.join(dedup, window, "o1", 2, now));
    assertEquals(WindowStore.Joined.ADDED, store.join(dedup, window, "o2", 3, now));
    assertEquals(WindowStore.Joined.ALREADY_COUNTED, store.join(dedup, window, "o2", 3, now));
    assertEquals(5, store.read(dedup).orElseThrow().count());
    assertEquals(WindowStore.Joined.STALE, store.join(dedup, window, "o1", 2, window.expiresAt()),
        "expired: the opener's object goes to a new window");
    WindowStore.Window other = new WindowStore.Window(now.minusSeconds(1), now.plus(Duration.ofHours(1)), 2, 5, false);
    assertEquals(WindowStore.Joined.STALE, store.join(dedup, other, "o1", 2, now), "another window start");
  }

  @Test
  void givenStoredAndAbsentWindows_whenReadTogether_expectEachAsReadAloneOrLeftOut() throws Exception {
    Instant now = clock.instant();
    List<String> dedups = new ArrayList<>();
    for (int i = 0; i < 150; i++) { // more than one request's worth of keys in DynamoDB
      String dedup = dedupOf("user" + i);
      dedups.add(dedup);
      if (i % 3 == 0) {
        assertTrue(store.open(dedup, null, "o" + i,
            new WindowStore.Window(now, now.plus(Duration.ofMinutes(i)), i + 1, 1, false), null));
      }
    }
    store.markPublished(dedups.get(3), now);
    dedups.add(dedups.get(0)); // asked twice
    Map<String, Optional<WindowStore.Window>> read = store.readAll(dedups);
    assertFalse(read.isEmpty());
    for (Map.Entry<String, Optional<WindowStore.Window>> entry : read.entrySet()) {
      assertEquals(store.read(entry.getKey()), entry.getValue(), entry.getKey());
    }
    assertEquals(new HashSet<>(dedups), new HashSet<>(read.keySet()), "nothing left out by a store at rest");
    assertTrue(read.get(dedups.get(3)).orElseThrow().published());
    assertTrue(store.readAll(List.of()).isEmpty());
  }

  @Test
  void givenAWindowBelowItsThreshold_whenClaimed_expectSettled() throws Exception {
    Instant now = clock.instant();
    openAlices("o1", 1, 3, null);
    assertInstanceOf(WindowStore.Settled.class,
        store.claim(dedupOf(ALICE), now, 3, new WindowStore.Lease("me", now), now));
  }

  /** Opens an hour's window of alice's, now, by {@code objectId} (asserting it opened); returns it. */
  private WindowStore.Window openAlices(String objectId, long count, long threshold, WindowStore.Lease lease)
      throws WindowStore.StoreException {
    Instant now = clock.instant();
    WindowStore.Window window = new WindowStore.Window(now, now.plus(Duration.ofHours(1)), count, threshold, false);
    assertTrue(store.open(dedupOf(ALICE), null, objectId, window, lease));
    return window;
  }
}
