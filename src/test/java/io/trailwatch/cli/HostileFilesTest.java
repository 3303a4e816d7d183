package io.trailwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailwatch.engine.Json;
import io.trailwatch.engine.Logs;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A directory of hostile files beside two good ones, scanned by a separate JVM with a 128 MB heap:
 * it finishes, names every unreadable file with its reason, prints the good files' alerts, exits 1,
 * and never dies with a stack trace.
 */
class HostileFilesTest {
  @TempDir static Path dir;
  private static Result result;

  record Result(int status, String out, String err) {}

  private static void write(String name, byte[] bytes) throws IOException {
    Files.write(dir.resolve(name), bytes);
  }

  private static byte[] akia(String user) {
    return Logs.cloudTrail(List.of(Json.akiaRecord(user, "AKIA" + user.toUpperCase(), "2024-06-02T20:16:22Z")));
  }

  @BeforeAll
  static void scanHostileDirectory() throws Exception {
    byte[] good = Logs.gzip(akia("alice"));
    write("good.json.gz", good);
    write("corrupt.json.gz", corrupt(good));
    write("truncated.json.gz", Arrays.copyOf(good, good.length - 20));
    write("not-gzip.json.gz", Logs.utf8("this is not a log, gzip or JSON"));
    write("empty.json.gz", new byte[0]);
    write("empty-gzip.json.gz", Logs.gzip(new byte[0]));
    write("deep.json", Logs.utf8("{\"Records\":[" + "[".repeat(100_000) + "]".repeat(100_000) + "]}"));
    write("records-not-array.json", Logs.utf8("{\"Records\":\"nope\"}"));
    write("not-objects.json", Logs.utf8("{\"Records\":[1,\"two\",null,[3]]}"));
    byte[] bob = akia("bob");
    String nanAndDuplicates = new String(bob, StandardCharsets.UTF_8)
        .replace("\"eventVersion\":\"1.08\"", "\"eventVersion\":\"1.08\",\"n\":NaN,\"eventName\":\"First\"");
    write("nan-and-duplicates.json", Logs.utf8(nanAndDuplicates));
    byte[] invalidUtf8 = Logs.utf8("{\"Records\":[{\"userIdentity\":{\"accessKeyId\":\"AKIA\"},\"x\":\"??\"}]}");
    invalidUtf8[invalidUtf8.length - 6] = (byte) 0xC3;
    invalidUtf8[invalidUtf8.length - 5] = (byte) 0x28;
    write("invalid-utf8.json", invalidUtf8);
    bomb(dir.resolve("bomb.json.gz"), 1L << 30);
    write("enormous-record.json.gz", Logs.gzip(Logs.utf8("{\"Records\":[{\"userIdentity\":{\"accessKeyId\":\"AKIAHUGE\"},"
        + "\"blob\":[" + "\"0123456789abcdef\",".repeat(1_000_000) + "\"end\"]}]}")));

    Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx128m", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "scan", dir.toString())
        .redirectErrorStream(false).start();
    process.getOutputStream().close();
    var out = process.getInputStream().readAllBytes();
    var err = process.getErrorStream().readAllBytes();
    assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the scan finished");
    result = new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
  }

  private static byte[] corrupt(byte[] gzip) {
    byte[] bad = gzip.clone();
    for (int i = 12; i < bad.length - 8; i++) {
      bad[i] ^= 0x5a;
    }
    return bad;
  }

  /** {@code {"Records":[{"a":"AAAA…"}]}} with a string of {@code size} bytes, gzipped to a few MB. */
  private static void bomb(Path file, long size) throws IOException {
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file), 1 << 16)) {
      out.write(Logs.utf8("{\"Records\":[{\"a\":\""));
      byte[] chunk = new byte[1 << 20];
      Arrays.fill(chunk, (byte) 'A');
      for (long written = 0; written < size; written += chunk.length) {
        out.write(chunk);
      }
      out.write(Logs.utf8("\"}]}"));
    }
  }

  @Test
  void givenHostileFiles_whenScanned_expectExit1AndTheGoodAlerts() {
    assertEquals(1, result.status(), result.err());
    List<String> lines = result.out().lines().toList();
    assertEquals(2, lines.size(), result.out());
    assertTrue(lines.stream().anyMatch(l -> l.contains("user/alice")));
    assertTrue(lines.stream().anyMatch(l -> l.contains("user/bob") && l.contains("\"eventName\":\"GetCallerIdentity\"")),
        "duplicate keys: the last one wins");
  }

  @Test
  void givenHostileFiles_whenScanned_expectEachUnreadableFileNamedWithItsReason() {
    String err = result.err();
    assertTrue(err.contains("corrupt.json.gz: unreadable: corrupt gzip"), err);
    assertTrue(err.contains("truncated.json.gz: unreadable: truncated gzip"), err);
    assertTrue(err.contains("not-gzip.json.gz: unreadable: not gzip, although named .gz; read as JSON: invalid JSON at byte 0: invalid token 'this'"), err);
    assertTrue(err.contains("deep.json: unreadable: invalid JSON at byte 1010: nesting depth exceeds 1000"), err);
    assertTrue(err.contains("records-not-array.json: unreadable: invalid JSON at byte 11: Records is not an array"), err);
    assertTrue(err.contains("bomb.json.gz: unreadable: invalid JSON at byte"), err);
    assertTrue(err.contains("a string longer than 20000000 bytes"), err);
    assertTrue(err.contains("invalid-utf8.json: 1 record(s) that may match not evaluated, first: record at byte 12 is not valid JSON"), err);
    assertTrue(err.contains("enormous-record.json.gz: 1 record(s) that may match not evaluated, first: record at byte"), err);
    // the summary counts what the unreadable files held before their bad bytes too
    assertTrue(err.contains("trailwatch: 13 files, 6 records, 2 matches, 0 filtered, 2 alerts, 6 unreadable files, 0 rule errors,"
        + " 6 non-object records skipped, 2 unevaluated records"), err);
  }

  @Test
  void givenHostileFiles_whenScanned_expectNoStackTraceAndNoOutOfMemory() {
    assertFalse(result.err().contains("\tat "), result.err());
    assertFalse(result.err().contains("OutOfMemoryError"), result.err());
    assertFalse(result.err().contains("Exception in thread"), result.err());
  }
}
