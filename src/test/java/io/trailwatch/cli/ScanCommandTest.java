package io.trailwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trailwatch.engine.Json;
import io.trailwatch.engine.Logs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScanCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  private Path write(String name, byte[] bytes) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    return Files.write(file, bytes);
  }

  private static byte[] log(String... users) {
    return Logs.gzip(Logs.cloudTrail(java.util.Arrays.stream(users)
        .map(u -> Json.akiaRecord(u, "AKIA" + u.toUpperCase(), "2024-06-02T20:16:22Z")).toList()));
  }

  @Test
  void givenSampleLogsInEvents_whenScanned_expect34AlertLinesAndSummary() throws IOException {
    Cli cli = Cli.run("scan", "events/cloudtrail");
    assertEquals(0, cli.status(), cli.err());
    assertEquals(34, cli.outLines().size());
    java.util.Map<String, Integer> perRule = new java.util.TreeMap<>();
    for (String line : cli.outLines()) {
      JsonNode alert = JSON.readTree(line);
      assertEquals(1, alert.get("schemaVersion").intValue());
      perRule.merge(alert.get("ruleId").textValue(), 1, Integer::sum);
      long calls = 0;
      for (JsonNode count : alert.get("activity").get("calls")) {
        calls += count.longValue();
      }
      assertEquals(alert.get("eventCount").longValue(), calls, "activity counts add up to eventCount: " + line);
      assertTrue(alert.get("source").get("path").textValue().endsWith(".json.gz"));
    }
    assertEquals(java.util.Map.of("AWS.CloudTrail.UserAccessKeyAuth", 32, "AWS.IAM.Backdoor.User.Keys", 2), perRule);
    assertEquals("trailwatch: 35 files, 310 records, 237 matches, 0 filtered, 34 alerts, 0 unreadable files, 0 rule errors,"
        + " 0 non-object records skipped, 0 unevaluated records\n", cli.err());
  }

  @Test
  void givenSameLogs_whenScannedTwice_expectIdenticalOutput() {
    assertEquals(Cli.run("scan", "events/cloudtrail").out(), Cli.run("scan", "events/cloudtrail").out());
  }

  @Test
  void givenCorruptFileBesideGoodOne_whenScanned_expectExit1NamingItAndGoodAlertsPrinted() throws IOException {
    Path bad = write("a/bad.json.gz", new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3});
    write("b/good.json.gz", log("alice"));
    Cli cli = Cli.run("scan", dir.toString());
    assertEquals(1, cli.status());
    assertEquals(1, cli.outLines().size());
    assertTrue(cli.err().contains("trailwatch: " + bad + ": unreadable: "), cli.err());
    assertTrue(cli.err().contains(", 1 unreadable files,"), cli.err());
  }

  @Test
  void givenSymlinkedDirectory_whenScanned_expectItsLogsRead() throws IOException {
    write("real/AWSLogs/x.json.gz", log("alice"));
    Path link = Files.createSymbolicLink(dir.resolve("link"), dir.resolve("real"));
    Cli cli = Cli.run("scan", link.toString());
    assertEquals(0, cli.status(), cli.err());
    assertEquals(1, cli.outLines().size());
  }

  @Test
  void givenMissingPath_whenScanned_expectExit2NamingIt() {
    Cli cli = Cli.run("scan", "no/such/dir");
    assertEquals(2, cli.status());
    assertEquals("no such file or directory: no/such/dir (see: trailwatch scan --help)\n", cli.err());
    assertEquals("", cli.out());
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
      "--threads|0|--threads must be at least 1, not 0",
      "--max-record-bytes|-1|--max-record-bytes must be at least 1024, not -1",
      "--max-uncompressed-bytes|0|--max-uncompressed-bytes must be at least 1, not 0"})
  void givenAnOptionValueOutOfRange_whenScanned_expectAUsageErrorNotAStackTrace(String option, String value, String line) {
    Cli cli = Cli.run("scan", option, value, "events/cloudtrail");
    assertEquals(2, cli.status());
    assertEquals(line + " (see: trailwatch scan --help)\n", cli.err(), "one line, no usage text, no stack trace");
    assertEquals("", cli.out());
  }

  @Test
  void givenADirectoryTheWalkCannotEnter_whenScanned_expectItNamedWithTheReasonAndTheRestScanned(@TempDir Path dir)
      throws IOException {
    Files.write(dir.resolve("good.json.gz"), Logs.gzip(Logs.cloudTrail(List.of(
        Json.akiaRecord("alice", "AKIAALICE", "2024-06-02T20:16:22Z")))));
    Path sub = Files.createDirectories(dir.resolve("sub"));
    Files.createSymbolicLink(sub.resolve("loop"), dir); // root can read anything; a loop it cannot walk
    Cli cli = Cli.run("scan", dir.toString());
    assertEquals(1, cli.status(), cli.err());
    assertEquals(1, cli.outLines().size(), "the readable file's alert");
    assertTrue(cli.err().contains("trailwatch: " + sub.resolve("loop") + ": cannot read: a symbolic link loop\n"), cli.err());
    assertTrue(cli.err().contains(", 1 unreadable files,"), cli.err());
    assertFalse(cli.err().contains("Usage:"), cli.err());
  }

  @Test
  void givenControlCharactersInAFileNameAndItsBytes_whenScanned_expectThemEscapedOnStderr(@TempDir Path dir)
      throws IOException {
    Path evil = Files.write(dir.resolve("evil\u001b]0;owned\u0007\u202e.json.gz"), "{\"Records\": [\u001b[2J".getBytes(
        java.nio.charset.StandardCharsets.UTF_8));
    Cli cli = Cli.run("scan", dir.toString());
    assertEquals(1, cli.status());
    assertFalse(cli.err().chars().anyMatch(c -> c == 0x1b || c == 0x07 || c == 0x202e), cli.err());
    assertTrue(cli.err().contains("evil\\x1b]0;owned\\x07\\u202e.json.gz: unreadable: "), cli.err());
  }

  @Test
  void givenADash_whenScanned_expectStandardInputRead() throws IOException {
    java.io.InputStream saved = System.in;
    try {
      System.setIn(new java.io.ByteArrayInputStream(Logs.gzip(Logs.cloudTrail(List.of(
          Json.akiaRecord("alice", "AKIAALICE", "2024-06-02T20:16:22Z"))))));
      Cli cli = Cli.run("scan", "-");
      assertEquals(0, cli.status(), cli.err());
      assertEquals(1, cli.outLines().size());
      assertTrue(cli.outLines().get(0).contains("\"source\":{\"path\":\"-\"}"), cli.out());
    } finally {
      System.setIn(saved);
    }
  }

  @Test
  void givenInputsThatHoldNoCloudTrail_whenScanned_expectThemNamedAndNoAllClear(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("package.json"), "{\"name\":\"x\",\"version\":\"1.0.0\"}");
    Path empty = Files.createDirectories(dir.resolve("empty"));
    Cli notTrail = Cli.run("scan", dir.resolve("package.json").toString());
    assertEquals(1, notTrail.status(), notTrail.err());
    assertTrue(notTrail.err().contains(dir.resolve("package.json") + ": no CloudTrail record in it"), notTrail.err());
    assertTrue(notTrail.err().endsWith("trailwatch: no input held a CloudTrail record: nothing was checked\n"), notTrail.err());
    Cli nothing = Cli.run("scan", empty.toString());
    assertEquals(1, nothing.status(), nothing.err());
    assertTrue(nothing.err().startsWith("trailwatch: 0 files,"), nothing.err());
  }

  @Test
  void givenAKeyRecordTooLargeToEvaluate_whenScanned_expectAPossibleMissNotExit0(@TempDir Path dir) throws IOException {
    com.fasterxml.jackson.databind.node.ObjectNode big = Json.akiaRecord("alice", "AKIAALICE", "2024-06-02T20:16:22Z");
    big.put("padding", "x".repeat(2048));
    Files.write(dir.resolve("big.json.gz"), Logs.gzip(Logs.cloudTrail(List.of(big))));
    Cli cli = Cli.run("scan", "--max-record-bytes", "1024", dir.toString());
    assertEquals(1, cli.status(), cli.err());
    assertTrue(cli.err().contains("1 record(s) that may match not evaluated"), cli.err());
  }

  @Test
  void givenATruncatedFile_whenScanned_expectItsRecordsAndMatchesBeforeTheCutInTheSummary(@TempDir Path dir)
      throws IOException {
    byte[] whole = Logs.gzip(Logs.cloudTrail(List.of(Json.akiaRecord("alice", "AKIAALICE", "2024-06-02T20:16:22Z"),
        Json.akiaRecord("bob", "AKIABOB", "2024-06-02T20:17:22Z"))));
    byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 12); // the gzip trailer and some data gone
    Files.write(dir.resolve("cut.json.gz"), cut);
    Cli cli = Cli.run("scan", dir.toString());
    assertEquals(1, cli.status(), cli.err());
    assertEquals(1, cli.outLines().size(), "alice's record, before the cut, alerts");
    assertTrue(cli.err().contains("cut.json.gz: unreadable: truncated gzip"), cli.err());
    assertTrue(cli.err().contains("1 files, 2 records, 1 matches, 0 filtered, 1 alerts, 1 unreadable"),
        "the summary counts what was read before the cut (bob's record had begun): " + cli.err());
  }

  @Test
  void givenDigestInsightAndOtherFiles_whenDirectoryScanned_expectOnlyLogsRead() throws IOException {
    write("AWSLogs/1/CloudTrail/us-east-1/x.json.gz", log("alice"));
    write("AWSLogs/1/CloudTrail/us-east-1/y.json", Logs.cloudTrail(List.of(Json.akiaRecord("carol", "AKIAC", "2024-06-02T20:16:22Z"))));
    write("AWSLogs/1/CloudTrail-Digest/us-east-1/d.json.gz", log("bob"));
    write("AWSLogs/1/CloudTrail-Insight/us-east-1/i.json.gz", log("bob"));
    write("AWSLogs/1/notes.txt", Logs.utf8("not a log"));
    Cli cli = Cli.run("scan", dir.toString());
    assertEquals(0, cli.status(), cli.err());
    assertEquals(2, cli.outLines().size());
    assertTrue(cli.err().startsWith("trailwatch: 2 files, 2 records, 2 matches, 0 filtered, 2 alerts"), cli.err());
  }

  @Test
  void givenFilesInAnyOrder_whenScanned_expectLexicographicPathOrder() throws IOException {
    write("b.json", Logs.cloudTrail(List.of(Json.akiaRecord("bob", "AKIAB", "2024-06-02T20:00:00Z"))));
    write("a.json", Logs.cloudTrail(List.of(Json.akiaRecord("alice", "AKIAA", "2024-06-02T21:00:00Z"))));
    Cli cli = Cli.run("scan", dir.resolve("b.json").toString(), dir.toString());
    // windows close at the end in window-start order: bob's window starts first
    assertTrue(cli.outLines().get(0).contains("user/bob"), cli.out());
    assertTrue(cli.err().startsWith("trailwatch: 2 files,"), "b.json named twice is read once: " + cli.err());
  }

  @Test
  void givenRuleErrorRecord_whenScanned_expectReportedAndCounted() throws IOException {
    write("e.json", Logs.cloudTrail(List.of(Json.obj("{'eventID':'E1','eventName':'ListBuckets','userIdentity':{'accessKeyId':true}}"))));
    Cli cli = Cli.run("scan", dir.toString());
    assertEquals(0, cli.status());
    assertTrue(cli.err().contains("1 rule error(s), first: AWS.CloudTrail.UserAccessKeyAuth: userIdentity.accessKeyId is boolean, not a string (eventID E1)"),
        cli.err());
    assertTrue(cli.err().contains(", 1 rule errors,"), cli.err());
  }

  @Test
  void givenHelp_whenAsked_expectUsageAndExit0() {
    for (String command : List.of("scan", "test", "invoke")) {
      Cli cli = Cli.run(command, "--help");
      assertEquals(0, cli.status());
      assertTrue(cli.out().startsWith("Usage: trailwatch " + command), cli.out());
    }
  }
}
