package io.trailwatch.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MatchGroupTest {
  @Test
  void givenMatchesOfOneDedupString_whenAdded_expectThemCounted() {
    MatchGroup group = MatchGroup.startingWith(ReplayWindowsTest.match("alice", "2024-01-01T10:00:00Z"));
    group.add(ReplayWindowsTest.match("alice", "2024-01-01T10:05:00Z"));
    assertEquals(2, group.count());
    assertEquals(2, group.activity().events());
  }

  @Test
  void givenAMatchOfAnotherDedupString_whenAdded_expectTheAssertionToRefuseIt() {
    // the test JVM runs with assertions on (Surefire's default), as the check is an assertion
    MatchGroup group = MatchGroup.startingWith(ReplayWindowsTest.match("alice", "2024-01-01T10:00:00Z"));
    AssertionError refused = assertThrows(AssertionError.class,
        () -> group.add(ReplayWindowsTest.match("bob", "2024-01-01T10:05:00Z")));
    assertTrue(refused.getMessage().startsWith("rule or dedup differs"), refused.getMessage());
  }
}
