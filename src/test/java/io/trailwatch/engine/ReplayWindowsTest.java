package io.trailwatch.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReplayWindowsTest {
  private static final RuleMetadata RULE = RuleMetadata.builtIn();
  private final List<Alert> alerts = new ArrayList<>();
  private final ReplayWindows windows = ReplayWindows.emittingTo(alerts::add);
  private final List<String> rendered = new ArrayList<>();

  static Match match(String user, String time) {
    return match(Rules.userAccessKeyAuth(), user, time);
  }

  static Match match(Rule rule, String user, String time) {
    try {
      return rule.evaluate(RecordView.of(Json.akiaRecord(user, "AKIA" + user.toUpperCase(), time)), new Source.File("f"), Instant.EPOCH);
    } catch (RuleException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void givenMatchesWithinThePeriod_whenReplayed_expectOneAlertWithFinalCountAtTheEnd() {
    windows.add(match("alice", "2024-01-01T10:00:00Z"));
    windows.add(match("alice", "2024-01-01T10:30:00Z"));
    windows.add(match("alice", "2024-01-01T10:59:59Z"));
    assertEquals(List.of(), alerts);
    windows.finish();
    assertEquals(1, alerts.size());
    assertEquals(3, alerts.get(0).eventCount());
    assertEquals(Instant.parse("2024-01-01T10:00:00Z"), alerts.get(0).windowStart());
    assertEquals(Instant.parse("2024-01-01T10:59:59Z"), alerts.get(0).createdAt());
  }

  @Test
  void givenMatchAtWindowStartPlusPeriod_whenReplayed_expectFixedWindowClosesAndNewOneOpens() {
    windows.add(match("alice", "2024-01-01T10:00:00Z"));
    windows.add(match("alice", "2024-01-01T10:50:00Z"));
    windows.add(match("alice", "2024-01-01T11:00:00Z")); // not sliding: 10:00 + 60 min is exclusive
    assertEquals(1, alerts.size(), "the first window is emitted as soon as it is closed");
    assertEquals(2, alerts.get(0).eventCount());
    windows.finish();
    assertEquals(2, alerts.size());
    assertEquals(Instant.parse("2024-01-01T11:00:00Z"), alerts.get(1).windowStart());
    assertNotEquals(alerts.get(0).alertId(), alerts.get(1).alertId());
  }

  @Test
  void givenMatchEarlierThanWindowStart_whenReplayed_expectItJoins() {
    windows.add(match("alice", "2024-01-01T10:00:00Z"));
    windows.add(match("alice", "2024-01-01T08:00:00Z"));
    windows.finish();
    assertEquals(1, alerts.size());
    assertEquals(2, alerts.get(0).eventCount());
    assertEquals(Instant.parse("2024-01-01T10:00:00Z"), alerts.get(0).windowStart());
  }

  @Test
  void givenTwoUsers_whenReplayed_expectSeparateWindowsEmittedInWindowStartOrder() {
    windows.add(match("bob", "2024-01-01T10:05:00Z"));
    windows.add(match("alice", "2024-01-01T10:00:00Z"));
    windows.finish();
    assertEquals(List.of("alice", "bob"), alerts.stream().map(a -> a.entities().get(Entities.Kind.USERNAMES).get(0)).toList());
  }

  @Test
  void givenThresholdTwo_whenReplayed_expectOnlyWindowsReachingItAlert() throws Exception {
    Rule two = Rules.of(new RuleMetadata(RULE.ruleId(), "High", 60, 2, true, List.of()));
    ReplayWindows strict = ReplayWindows.emittingTo(alerts::add);
    strict.add(match(two, "alice", "2024-01-01T10:00:00Z"));
    strict.add(match(two, "bob", "2024-01-01T10:00:00Z"));
    strict.add(match(two, "bob", "2024-01-01T10:10:00Z"));
    strict.finish();
    assertEquals(1, alerts.size());
    assertEquals("HIGH", alerts.get(0).rule().severity());
    assertEquals(2, alerts.get(0).eventCount());
    assertEquals(2, alerts.get(0).rule().threshold());
  }

  @Test
  void givenSameWindowReplayedTwice_whenAlertId_expectSameId() {
    windows.add(match("alice", "2024-01-01T10:00:00Z"));
    windows.finish();
    ReplayWindows again = ReplayWindows.emittingTo(alerts::add);
    again.add(match("alice", "2024-01-01T10:00:00Z"));
    again.finish();
    assertEquals(alerts.get(0).alertId(), alerts.get(1).alertId());
    assertEquals(AlertJson.toJson(alerts.get(0)), AlertJson.toJson(alerts.get(1)));
  }

  @Test
  void givenMoreWindowsThanOneRound_whenFinishedOnThreads_expectTheSameAlertsInTheSameOrderAsOnOne() {
    ReplayWindows threaded = ReplayWindows.rendering(AlertJson::toJson, rendered::add);
    int users = ReplayWindows.FINISH_AHEAD * 2 + 7;
    for (int i = 0; i < users; i++) {
      String time = "2024-01-01T10:%02d:00Z".formatted(i % 60);
      Match m = match("user" + i, time);
      windows.add(m);
      threaded.add(m);
      if (i % 3 == 0) {
        windows.add(match("user" + i, "2024-01-01T10:59:00Z"));
        threaded.add(match("user" + i, "2024-01-01T10:59:00Z"));
      }
    }
    windows.finish();
    threaded.finish(3);
    assertEquals(users, rendered.size());
    assertEquals(alerts.stream().map(AlertJson::toJson).toList(), rendered);
    assertEquals(users, threaded.emitted());
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2})
  void givenARenderingThatFails_whenFinished_expectTheAlertsBeforeItEmittedAndTheFailureRaised(int threads) {
    ReplayWindows threaded = ReplayWindows.rendering(alert -> {
      if (alert.title().contains("user5 ")) {
        throw new IllegalArgumentException("no");
      }
      return alert.title();
    }, rendered::add);
    for (int i = 0; i < 40; i++) {
      threaded.add(match("user" + i, "2024-01-01T10:%02d:00Z".formatted(i)));
    }
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> threaded.finish(threads));
    assertEquals("rendering an alert failed: no", e.getMessage());
    assertEquals(5, rendered.size());
    assertTrue(rendered.get(4).contains("user4 "), rendered.get(4));
  }
}
