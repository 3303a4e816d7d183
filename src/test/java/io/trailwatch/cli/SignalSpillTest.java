package io.trailwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailwatch.engine.Json;
import io.trailwatch.engine.Logs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * More correlation keys than the scan holds in memory: with a temporary directory it can write to, the
 * scan gives the alerts it gives with everything in memory; where it cannot write, it stops with one line
 * naming the file and exit 3, never a stack trace (each in a separate JVM, whose temporary directory is
 * set at start).
 */
class SignalSpillTest {
  private static final int KEYS = ScanCommand.HOT_SIGNAL_KEYS + 500;

  private static Path log(Path dir) throws IOException {
    List<com.fasterxml.jackson.databind.JsonNode> records = new ArrayList<>();
    for (int i = 0; i < KEYS; i++) { // one IP:key pair a call: every pair is a correlation key
      records.add(Json.akiaRecord("ci", "AKIACI", "2024-06-02T10:00:00Z")
          .put("sourceIPAddress", "10." + i / 65536 + "." + i / 256 % 256 + "." + i % 256).put("eventID", "e" + i));
    }
    records.add(Json.obj("{'eventName':'CreateAccessKey','eventSource':'iam.amazonaws.com','eventTime':"
        + "'2024-06-02T09:59:00Z','eventID':'create','sourceIPAddress':'10.0.0.7','userIdentity':{'type':'IAMUser',"
        + "'arn':'arn:aws:iam::123456789012:user/admin','accessKeyId':'AKIAADMIN'},'responseElements':{'accessKey':"
        + "{'accessKeyId':'AKIACI','userName':'ci'}}}"));
    Path file = dir.resolve("logs/trail.json");
    Files.createDirectories(file.getParent());
    Files.write(file, Logs.cloudTrail(records));
    return file;
  }

  private record Run(int exit, String out, String err) {}

  private static Run scan(Path log, Path tmp) throws Exception {
    Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Djava.io.tmpdir=" + tmp, "-cp", System.getProperty("java.class.path"), Main.class.getName(), "scan",
        log.toString()).start();
    process.getOutputStream().close();
    byte[] out = process.getInputStream().readAllBytes();
    byte[] err = process.getErrorStream().readAllBytes();
    assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the scan finished");
    return new Run(process.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
  }

  @Test
  void givenMoreKeysThanHeld_whenScanned_expectTheCorrelationFoundThroughTheFileAndTheFileDeleted(@TempDir Path dir)
      throws Exception {
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    Run run = scan(log(dir), tmp);
    assertEquals(0, run.exit(), run.err());
    // the creation comes last: the use it completes (10.0.0.7) went to the file long before
    assertTrue(run.out().contains("\"ruleId\":\"AWS.Privilege.Escalation.Via.User.Compromise\""), run.out());
    assertTrue(run.out().contains("10.0.0.7:AKIACI"), run.out());
    try (var left = Files.list(tmp)) {
      assertEquals(0, left.count(), "the temporary file is deleted");
    }
  }

  @Test
  void givenATemporaryDirectoryItCannotWrite_whenScanned_expectOneLineAndExit3(@TempDir Path dir) throws Exception {
    Run run = scan(log(dir), dir.resolve("missing"));
    assertEquals(3, run.exit(), run.err());
    assertTrue(run.err().contains("scan stopped, alerts may be missing: cannot write the correlation's spill file"),
        run.err());
    assertFalse(run.err().contains("\tat "), run.err());
  }
}
