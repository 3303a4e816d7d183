package io.trailwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.trailwatch.engine.Json;
import io.trailwatch.engine.Logs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code scan --tuning} and {@code tune --check}. */
class TuningCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String EXCLUDE_CI = """
      AWS.CloudTrail.UserAccessKeyAuth:
        InlineFilters:
          - None:
              - KeyPath: userIdentity.arn
                Condition: IsIn
                Values: [arn:aws:iam::123456789012:user/ci-deployer]
      """;
  @TempDir Path dir;

  private Path logs() throws IOException {
    Path file = dir.resolve("logs/a.json.gz");
    Files.createDirectories(file.getParent());
    return Files.write(file, Logs.gzip(Logs.cloudTrail(List.of(
        Json.akiaRecord("ci-deployer", "AKIACI", "2024-06-02T10:00:00Z"),
        Json.akiaRecord("ci-deployer", "AKIACI", "2024-06-02T10:05:00Z"),
        Json.akiaRecord("intruder", "AKIAINTRUDER", "2024-06-02T10:06:00Z")))));
  }

  private Path tuning(String yaml) throws IOException {
    return Files.writeString(dir.resolve("tuning.yml"), yaml);
  }

  @Test
  void aTuningFileThatExcludesTheCiUserLeavesTheIntrudersAlertAndCountsWhatItFiltered() throws IOException {
    Cli cli = Cli.run("scan", "--tuning", tuning(EXCLUDE_CI).toString(), logs().toString());
    assertEquals(0, cli.status(), cli.err());
    assertEquals(1, cli.outLines().size());
    assertEquals("User arn:aws:iam::123456789012:user/intruder signed in with access key AKIAINTRUDER",
        JSON.readTree(cli.outLines().get(0)).get("title").textValue());
    assertTrue(cli.err().contains("3 records, 1 matches, 2 filtered, 1 alerts"), cli.err());
  }

  @Test
  void withoutTheTuningFileBothUsersAlert() throws IOException {
    Cli cli = Cli.run("scan", logs().toString());
    assertEquals(2, cli.outLines().size());
    assertTrue(cli.err().contains("3 matches, 0 filtered, 2 alerts"), cli.err());
  }

  @Test
  void aTuningFileOverridesSeverity() throws IOException {
    Cli cli = Cli.run("scan", "--tuning", tuning("AWS.CloudTrail.UserAccessKeyAuth: {Severity: High}").toString(),
        logs().toString());
    assertEquals("HIGH", JSON.readTree(cli.outLines().get(0)).get("severity").textValue());
  }

  @Test
  void anInvalidTuningFileIsOneLineAndExit2AndNothingIsScanned() throws IOException {
    Path bad = tuning("AWS.CloudTrail.UserAccessKeyAuth:\n  Threshold: zero\n");
    Cli cli = Cli.run("scan", "--tuning", bad.toString(), logs().toString());
    assertEquals(2, cli.status());
    assertEquals("", cli.out());
    assertEquals(bad + ": AWS.CloudTrail.UserAccessKeyAuth.Threshold must be a whole number from 1 to any, not \"zero\""
        + " (see: trailwatch scan --help)\n", cli.err());
  }

  @Test
  void aMissingTuningFileIsNamed() {
    Cli cli = Cli.run("scan", "--tuning", dir.resolve("none.yml").toString(), ".");
    assertEquals(2, cli.status());
    assertEquals("cannot read tuning file " + dir.resolve("none.yml") + ": no such file or directory"
        + " (see: trailwatch scan --help)\n", cli.err());
  }

  @Test
  void firstSeenModeTurnsHourlyAlertsIntoOnePerNewAddress() throws IOException {
    List<com.fasterxml.jackson.databind.JsonNode> records = new java.util.ArrayList<>();
    java.time.Instant start = java.time.Instant.parse("2024-06-01T00:00:00Z");
    for (int hour = 0; hour < 72; hour++) {
      String ip = hour < 48 ? "192.0.2.10" : "192.0.2.99"; // the CI runner moves on the third day
      records.add(Json.akiaRecord("ci-deployer", "AKIACI", start.plusSeconds(3600L * hour).toString())
          .put("sourceIPAddress", ip));
    }
    Path file = dir.resolve("month/a.json.gz");
    Files.createDirectories(file.getParent());
    Files.write(file, Logs.gzip(Logs.cloudTrail(records)));
    Path tuning = tuning("AWS.CloudTrail.UserAccessKeyAuth:\n"
        + "  NewTerms: {Fields: [userIdentity.accessKeyId, sourceIPAddress], HistoryDays: 10}\n");

    assertEquals(72, Cli.run("scan", file.toString()).outLines().size(), "hourly without first-seen mode");
    Cli cli = Cli.run("scan", "--tuning", tuning.toString(), file.toString());
    assertEquals(0, cli.status(), cli.err());
    assertEquals(2, cli.outLines().size(), cli.out());
    var first = JSON.readTree(cli.outLines().get(0));
    assertEquals("first seen", first.get("reason").textValue());
    assertEquals("{\"userIdentity.accessKeyId\":\"AKIACI\",\"sourceIPAddress\":\"192.0.2.10\"}",
        first.get("newTerms").get("terms").toString());
    assertEquals(10, first.get("newTerms").get("historyDays").intValue());
    assertEquals("192.0.2.99", JSON.readTree(cli.outLines().get(1)).get("newTerms").get("terms").get("sourceIPAddress")
        .textValue());
    assertTrue(cli.err().contains("first-seen mode: 70 matches seen before (not alerted)"), cli.err());
  }

  @Test
  void firstSeenModeRefusesAThresholdAboveOne() throws IOException {
    Cli cli = Cli.run("tune", "--check", tuning("AWS.CloudTrail.UserAccessKeyAuth:\n  Threshold: 2\n"
        + "  NewTerms: {Fields: [sourceIPAddress], HistoryDays: 1}\n").toString());
    assertEquals(2, cli.status());
    assertTrue(cli.err().contains("AWS.CloudTrail.UserAccessKeyAuth: Threshold must be 1 with NewTerms"), cli.err());
  }

  @Test
  void tuneCheckShowsTheSettingsAsTheyWillApply() throws IOException {
    Path file = tuning(EXCLUDE_CI + "  NewTerms: {Fields: [userIdentity.accessKeyId, sourceIPAddress], HistoryDays: 10}\n"
        + "AWS.Privilege.Escalation.Via.User.Compromise: {Severity: Critical}\n");
    Cli cli = Cli.run("tune", "--check", file.toString());
    assertEquals(0, cli.status(), cli.err());
    assertEquals(List.of(file + ": valid; tunes 2 rule(s)",
        "  AWS.CloudTrail.UserAccessKeyAuth: Severity INFO, DedupPeriodMinutes 60, Threshold 1, InlineFilters,"
            + " first seen over 10 days of [userIdentity.accessKeyId, sourceIPAddress]",
        "  AWS.Privilege.Escalation.Via.User.Compromise: Severity CRITICAL, DedupPeriodMinutes 60, Threshold 1,"
            + " no InlineFilters"), cli.outLines());
  }

  @Test
  void tuneCheckRefusesAnUnknownRuleIdWithExit2() throws IOException {
    Cli cli = Cli.run("tune", "--check", tuning("AWS.Typo: {Severity: High}").toString());
    assertEquals(2, cli.status());
    assertTrue(cli.err().startsWith(dir.resolve("tuning.yml") + ": unknown RuleID AWS.Typo; Trailwatch has ["), cli.err());
    assertEquals(1, cli.err().lines().count());
  }
}
