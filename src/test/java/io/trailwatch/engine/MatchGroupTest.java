package io.trailwatch.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
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

  @Test
  void givenOneMatch_whenItsAlertIsBuilt_expectItsOwnEntitiesAndActivity() {
    Match alice = ReplayWindowsTest.match("alice", "2024-01-01T10:00:00Z");
    MatchGroup group = MatchGroup.startingWith(alice);
    assertEquals(1, group.count());
    assertEquals(new Entities.Builder().addAll(alice.entities()).build(), group.entities());
    assertEquals(List.of("alice"), group.entities().get(Entities.Kind.USERNAMES));
    assertEquals(new Activity(1, Instant.parse("2024-01-01T10:00:00Z"), Instant.parse("2024-01-01T10:00:00Z"),
        Map.of("sts.amazonaws.com:GetCallerIdentity", 1L), 0, List.of("198.51.100.7"), List.of(), List.of("us-east-1"),
        false), group.activity());
  }

  @Test
  void givenASecondMatch_whenAdded_expectTheFirstOnesEntitiesAndActivityKept() throws Exception {
    Match first = ReplayWindowsTest.match("alice", "2024-01-01T10:00:00Z");
    var record = Json.akiaRecord("alice", "AKIAALICE", "2024-01-01T10:05:00Z")
        .put("sourceIPAddress", "203.0.113.9").put("awsRegion", "eu-west-1");
    Match second = Rules.userAccessKeyAuth().evaluate(RecordView.of(record), new Source.File("f"), Instant.EPOCH);
    MatchGroup group = MatchGroup.startingWith(first);
    group.add(second);
    assertEquals(2, group.count());
    assertEquals(List.of("198.51.100.7", "203.0.113.9"), group.entities().get(Entities.Kind.IP_ADDRESSES));
    Activity activity = group.activity();
    assertEquals(2, activity.events());
    assertEquals(Map.of("sts.amazonaws.com:GetCallerIdentity", 2L), activity.calls());
    assertEquals(List.of("198.51.100.7", "203.0.113.9"), activity.sourceIPAddresses().stream().sorted().toList());
    assertEquals(List.of("eu-west-1", "us-east-1"), activity.awsRegions().stream().sorted().toList());
  }
}
