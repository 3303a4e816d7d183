package io.trailwatch.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The engine over the real, anonymized Stratus Red Team CloudTrail events (expectations stated here). */
class EngineTest {
  static Path stratus() {
    return Path.of("src/test/resources/stratus");
  }

  @Test
  void givenStratusDetonationLogs_whenScannedAndReplayed_expect235KeyUsesIn32AlertsAndTwoBackdoors() throws IOException {
    Engine engine = Engine.create(Rules.shipped(), CloudTrailReader.Limits.DEFAULT, new TestClock(Instant.EPOCH));
    List<Alert> alerts = new ArrayList<>();
    ReplayWindows windows = ReplayWindows.emittingTo(alerts::add);
    long records = 0;
    long matches = 0;
    List<Path> files;
    try (Stream<Path> list = Files.list(stratus())) {
      files = list.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    for (Path file : files) {
      try (InputStream in = Files.newInputStream(file)) {
        Engine.Result result = engine.scan(in, new Source.File(file.toString()), windows::add);
        records += result.records();
        matches += result.matches();
        assertEquals(0, result.ruleErrors());
      }
    }
    windows.finish();
    // 310 records; 240 carry an AKIA key, 5 of those failed; 32 (user, key) pairs within one window each;
    // two detonations created a key for another user.
    assertEquals(310, records);
    assertEquals(237, matches);
    List<Alert> keyUses = alerts.stream().filter(a -> a.rule().ruleId().equals(UserAccessKeyAuth.ID)).toList();
    assertEquals(32, keyUses.size());
    assertEquals(235, keyUses.stream().mapToLong(Alert::eventCount).sum());
    assertEquals(56, keyUses.stream().mapToLong(Alert::eventCount).max().orElseThrow());
    assertTrue(keyUses.stream().allMatch(a -> a.title().startsWith("User arn:aws:iam::") && a.dedup().equals(a.title())));
    List<Alert> backdoors = alerts.stream().filter(a -> a.rule().ruleId().equals(IamBackdoorUserKeys.ID)).toList();
    assertEquals(List.of("[arn:aws:iam::946986569305:user/christophe] created API keys for [stratus-red-team-backdoor-u-user]",
        "[arn:aws:iam::229654561268:user/christophe] created API keys for [malicious-iam-user]"),
        backdoors.stream().map(Alert::title).toList());
    assertTrue(backdoors.stream().allMatch(a -> a.rule().severity().equals("MEDIUM")));
  }

  @Test
  void givenRecordWithoutEventTime_whenMatched_expectProcessingTime() throws IOException {
    Engine engine = Engine.create(Rules.shipped(), CloudTrailReader.Limits.DEFAULT,
        new TestClock(Instant.parse("2030-01-01T00:00:00Z")));
    List<Match> matches = new ArrayList<>();
    var record = Json.obj("{'userIdentity':{'accessKeyId':'AKIAX'},'eventTime':'yesterday'}");
    engine.scan(new java.io.ByteArrayInputStream(Logs.cloudTrail(List.of(record))), new Source.File("f"), matches::add);
    assertEquals(Instant.parse("2030-01-01T00:00:00Z"), matches.get(0).eventTime());
  }

  @Test
  void givenRuleErrorBetweenMatches_whenScanned_expectCountedReportedAndScanGoesOn() throws IOException {
    Engine engine = Engine.create(Rules.shipped(), CloudTrailReader.Limits.DEFAULT, new TestClock(Instant.EPOCH));
    List<Match> matches = new ArrayList<>();
    var bad = Json.obj("{'eventID':'e-bad','userIdentity':{'accessKeyId':42}}");
    var good = Json.akiaRecord("alice", "AKIA1", "2024-01-01T00:00:00Z");
    Engine.Result result = engine.scan(new java.io.ByteArrayInputStream(Logs.cloudTrail(List.of(good, bad, good))),
        new Source.File("f"), matches::add);
    assertEquals(2, result.matches());
    assertEquals(1, result.ruleErrors());
    assertEquals("AWS.CloudTrail.UserAccessKeyAuth: userIdentity.accessKeyId is number, not a string (eventID e-bad)",
        result.firstRuleError());
  }
}
