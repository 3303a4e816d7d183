package io.trailwatch.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link TermStore} contract and first-seen mode's rules over it ({@link FirstSeenBatch}), run
 * against the in-memory store here and DynamoDB on moto in {@code io.trailwatch.aws}.
 */
public abstract class TermStoreContract {
  private static final Instant T0 = Instant.parse("2024-06-02T10:00:00Z");
  private static final Rule RULE = Rules.of(RuleMetadata.builtIn().tuned("INFO", 60, 1, InlineFilter.PASS,
      NewTerms.of(List.of("userIdentity.accessKeyId", "sourceIPAddress"), 10)));
  private TermStore store;

  protected abstract TermStore newStore();

  @BeforeEach
  void setUp() {
    store = newStore();
  }

  private static Match use(String key, String ip) throws RuleException {
    return RULE.evaluate(RecordView.of(Json.akiaRecord("ci", key, "2024-06-02T10:00:00Z").put("sourceIPAddress", ip)),
        new Source.File("f"), T0);
  }

  /** Runs one batch at {@code now}: the matches admitted, then the sightings recorded. */
  private List<Match> batch(Instant now, Match... matches) throws WindowStore.StoreException {
    FirstSeenBatch batch = new FirstSeenBatch();
    for (Match match : matches) {
      batch.add(match);
    }
    List<Match> admitted = batch.admitted(store, now);
    batch.record(store, now);
    return admitted;
  }

  @Test
  void anUnknownKeyHasNoSightingAndASightingIsKept() throws Exception {
    assertEquals(Map.of(), store.lastSeen(Set.of("k1")));
    store.saw(Map.of("k1", T0.plus(Duration.ofDays(10))), T0);
    assertEquals(Map.of("k1", T0), store.lastSeen(Set.of("k1", "k2")));
    store.saw(Map.of("k1", T0.plus(Duration.ofDays(11))), T0.plus(Duration.ofDays(1)));
    assertEquals(Map.of("k1", T0.plus(Duration.ofDays(1))), store.lastSeen(Set.of("k1")));
  }

  @Test
  void moreKeysThanOneRequestTakes() throws Exception {
    Map<String, Instant> keys = IntStream.range(0, 260).boxed()
        .collect(Collectors.toMap(i -> NewTerms.key("r", Map.of("f", "v" + i)), i -> T0.plus(Duration.ofDays(1))));
    store.saw(keys, T0);
    Map<String, Instant> seen = store.lastSeen(keys.keySet());
    assertEquals(260, seen.size());
    assertTrue(seen.values().stream().allMatch(T0::equals));
  }

  @Test
  void aCombinationAlertsOnceThenAgainOnlyAfterItsHistory() throws Exception {
    assertEquals(1, batch(T0, use("AKIACI", "192.0.2.10")).size());
    assertEquals(0, batch(T0.plus(Duration.ofHours(1)), use("AKIACI", "192.0.2.10")).size());
    assertEquals(0, batch(T0.plus(Duration.ofDays(9)), use("AKIACI", "192.0.2.10")).size(), "each sighting refreshes");
    assertEquals(1, batch(T0.plus(Duration.ofDays(9)).plus(Duration.ofDays(10)), use("AKIACI", "192.0.2.10")).size(),
        "unseen for the whole history: new again");
  }

  @Test
  void aNewAddressOfAKnownKeyAlertsUnderItsOwnDedupString() throws Exception {
    Match known = batch(T0, use("AKIACI", "192.0.2.10")).get(0);
    List<Match> moved = batch(T0.plus(Duration.ofMinutes(5)), use("AKIACI", "192.0.2.99"));
    assertEquals(1, moved.size());
    assertEquals(Map.of("userIdentity.accessKeyId", "AKIACI", "sourceIPAddress", "192.0.2.99"),
        moved.get(0).firstSeen().terms());
    assertTrue(!moved.get(0).dedup().equals(known.dedup()), "its own window, not the one that already alerted");
    assertTrue(moved.get(0).dedup().endsWith("\nfirst seen: userIdentity.accessKeyId=AKIACI, sourceIPAddress=192.0.2.99"),
        moved.get(0).dedup());
  }

  @Test
  void onlyTheFirstMatchOfACombinationInABatchCanAlert() throws Exception {
    FirstSeenBatch batch = new FirstSeenBatch();
    batch.add(use("AKIACI", "192.0.2.10"));
    batch.add(use("AKIACI", "192.0.2.10"));
    batch.add(use("AKIAOTHER", "192.0.2.10"));
    assertEquals(2, batch.admitted(store, T0).size());
    assertEquals(1, batch.seenBefore());
  }

  @Test
  void aBatchThatFailsBeforeRecordingFindsItsCombinationsNewOnRetry() throws Exception {
    FirstSeenBatch failed = new FirstSeenBatch();
    failed.add(use("AKIACI", "192.0.2.10"));
    assertEquals(1, failed.admitted(store, T0).size());
    // the alert could not go out: record() is never called, and the object is retried
    assertEquals(1, batch(T0.plus(Duration.ofMinutes(1)), use("AKIACI", "192.0.2.10")).size());
  }

  @Test
  void manyCombinationsInOneBatch() throws Exception {
    Match[] matches = IntStream.range(0, 150).mapToObj(i -> {
      try {
        return use("AKIA" + i, "192.0.2.1");
      } catch (RuleException e) {
        throw new AssertionError(e);
      }
    }).toArray(Match[]::new);
    assertEquals(150, batch(T0, matches).size());
    assertEquals(0, batch(T0.plusSeconds(1), matches).size());
  }
}
