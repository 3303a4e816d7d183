package io.trailwatch.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link SignalStore} contract and the correlator's rules over it, run against the in-memory
 * store here and DynamoDB on moto in {@code io.trailwatch.aws}.
 */
public abstract class SignalStoreContract {
  private static final Instant T0 = Instant.parse("2024-06-02T10:00:00Z");
  private static final String KEY = "203.0.113.10:AKIANEW";
  private SignalStore store;
  private Correlator correlator;

  protected abstract SignalStore newStore();

  @BeforeEach
  void setUp() {
    store = newStore();
    correlator = Correlator.over(CorrelationRule.builtIn(), store);
  }

  private static SignalStore.Signal signal(String id, long minutes) {
    return new SignalStore.Signal(T0.plus(Duration.ofMinutes(minutes)), id,
        new SignalStore.Summary(id, null, null, null, null, "203.0.113.10", "arn:x", null, "AKIANEW", "f\"quoted\""));
  }

  @Test
  void givenSignalsOfAKey_whenRecorded_expectTheFirstKeptAndTheEarliestSecond() throws Exception {
    Instant expires = T0.plus(Duration.ofDays(2));
    SignalStore.Pair pair = store.recordSecond(KEY, signal("use-late", 30), expires);
    assertNull(pair.first());
    assertEquals("use-late", pair.second().eventId());
    pair = store.recordSecond(KEY, signal("use-early", 10), expires);
    assertEquals("use-early", pair.second().eventId());
    pair = store.recordSecond(KEY, signal("use-later", 40), expires);
    assertEquals("use-early", pair.second().eventId(), "a later use never replaces the earliest");
    pair = store.recordFirst(KEY, signal("create", 0), expires);
    assertEquals("create", pair.first().eventId());
    assertEquals(T0, pair.first().time());
    assertEquals(signal("use-early", 10).summary(), pair.second().summary(), "the summary travels with it");
    assertNull(store.recordFirst("other", signal("x", 0), expires).second(), "keys are apart");
  }

  @Test
  void givenACreationThenUses_whenOffered_expectOnlyTheFirstUseCompletesAndItsRetryAgain() throws Exception {
    assertNull(correlator.offer(KEY, true, signal("create", 0)));
    assertNotNull(correlator.offer(KEY, false, signal("use-1", 20)));
    assertNull(correlator.offer(KEY, false, signal("use-2", 30)), "a second use does not report again");
    assertNotNull(correlator.offer(KEY, false, signal("use-1", 20)), "a retry of the completing record does");
  }

  @Test
  void givenTheUseFirst_whenTheCreationArrives_expectTheCreationCompletesIt() throws Exception {
    assertNull(correlator.offer(KEY, false, signal("use-1", 20)));
    assertNotNull(correlator.offer(KEY, true, signal("create", 0)));
  }

  @Test
  void givenAUseBeforeTheCreationOrPastTheWindow_whenOffered_expectNothing() throws Exception {
    assertNull(correlator.offer(KEY, false, signal("early", -1)));
    assertNull(correlator.offer(KEY, true, signal("create", 0)));
    SignalStore fresh = newStore();
    Correlator other = Correlator.over(CorrelationRule.builtIn(), fresh);
    assertNull(other.offer(KEY, true, signal("create", 0)));
    assertNull(other.offer(KEY, false, signal("late", 61)));
    assertNotNull(other.offer(KEY, false, signal("edge", 60)), "the window's end is inside it");
  }
}
