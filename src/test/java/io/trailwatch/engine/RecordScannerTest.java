package io.trailwatch.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How the scanner offers a candidate to its sink before reading the rest of it ({@link RecordScanner.Sink#take}):
 * once, as soon as it is known to be one, with what of it lies in the buffer; a record taken is skipped, the
 * scan going on after it; a record declined is scanned to its end and handed on as before.
 */
class RecordScannerTest {
  private static final String LOG = "{\"Records\":["
      + "{\"eventVersion\":\"1.08\",\"userIdentity\":{\"accessKeyId\":\"AKIA1\"},\"eventName\":\"A\",\"x\":[1,{\"y\":\"}\"}]},"
      + "{\"eventVersion\":\"1.08\",\"userIdentity\":{\"accessKeyId\":\"ASIA2\"},\"eventName\":\"B\"},"
      + "{\"eventName\":\"CreateAccessKey\",\"userIdentity\":{\"accessKeyId\":\"AKIA3\"}}"
      + "]}";

  /** Takes what TargetedRead reads whole (as CloudTrailReader does), or declines everything; notes each call. */
  private static final class Recording implements RecordScanner.Sink {
    private final boolean takes;
    final List<String> calls = new ArrayList<>();

    Recording(boolean takes) {
      this.takes = takes;
    }

    @Override
    public int take(byte[] bytes, int offset, int limit, long position) {
      TargetedRead.Leading read = takes
          ? TargetedRead.readLeading(bytes, offset, limit, Interest.WHOLE, new TextCache()) : null;
      calls.add((read == null ? "declined at " : "took at ") + position
          + (read == null ? "" : ": " + new String(bytes, offset, read.end() - offset, StandardCharsets.US_ASCII)));
      return read == null ? -1 : read.end() - offset;
    }

    @Override
    public void candidate(byte[] bytes, int offset, int length, long position) {
      calls.add("candidate at " + position + ": " + new String(bytes, offset, length, StandardCharsets.US_ASCII));
    }

    @Override
    public void unevaluated(String why) {
      calls.add("unevaluated: " + why);
    }
  }

  private static RecordScanner scanned(String log, RecordScanner.Sink sink) throws IOException {
    RecordScanner scanner = new RecordScanner(new ByteArrayInputStream(log.getBytes(StandardCharsets.US_ASCII)),
        1 << 20, sink);
    scanner.scan();
    return scanner;
  }

  private static String record(int index) {
    return LOG.substring(12, LOG.length() - 2).split(",(?=\\{\"event)")[index];
  }

  @Test
  void givenCandidatesWholeInTheBuffer_whenTaken_expectEachOfferedOnceAndTheScanGoingOnAfterIt() throws IOException {
    Recording sink = new Recording(true);
    RecordScanner scanner = scanned(LOG, sink);
    assertEquals(List.of("took at 12: " + record(0), "took at " + (12 + record(0).length() + 1 + record(1).length() + 1)
        + ": " + record(2)), sink.calls);
    assertEquals(3, scanner.records);
    assertEquals(1, scanner.cloudTrailRecords); // the record not taken; the sink counts the ones it takes
  }

  @Test
  void givenTheSinkDeclines_whenScanned_expectTheCandidateHandedOnWholeAtItsEnd() throws IOException {
    Recording sink = new Recording(false);
    RecordScanner scanner = scanned(LOG, sink);
    int third = 12 + record(0).length() + 1 + record(1).length() + 1;
    assertEquals(List.of("declined at 12", "candidate at 12: " + record(0), "declined at " + third,
        "candidate at " + third + ": " + record(2)), sink.calls);
    assertEquals(3, scanner.records);
    assertEquals(3, scanner.cloudTrailRecords);
  }

  @Test
  void givenACandidateBrokenAfterItIsKnown_whenOffered_expectItDeclinedAndTheLogMalformedAsBefore() {
    String log = "[{\"userIdentity\":{\"accessKeyId\":\"AKIA1\"},\"x\":tru}]";
    Recording taking = new Recording(true);
    MalformedLogException e = assertThrows(MalformedLogException.class, () -> scanned(log, taking));
    assertEquals("invalid JSON at byte 45: invalid token 'tru'", e.getMessage());
    assertEquals(List.of("declined at 1"), taking.calls);
    assertEquals(e.getMessage(),
        assertThrows(MalformedLogException.class, () -> scanned(log, new Recording(false))).getMessage());
  }

  @Test
  void givenACandidateLongerThanTheBuffersBytes_whenOffered_expectItDeclinedThenHandedOnWhole() throws IOException {
    Recording sink = new Recording(true);
    String padding = "p".repeat(1 << 19); // past the scanner's first read
    String record = "{\"userIdentity\":{\"accessKeyId\":\"AKIA1\"},\"x\":\"" + padding + "\"}";
    scanned("[" + record + "]", sink);
    assertEquals(List.of("declined at 1", "candidate at 1: " + record), sink.calls);
  }

  private static final String NESTED = "{\"Records\":[{\"eventName\":\"A\",\"requestParameters\":{\"a\":";

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "a bracket that does not match | {\"b\":[1,2}}}]} | invalid JSON at byte 63: unexpected '}'",
      "a broken literal | {\"b\":tru}}}]} | invalid JSON at byte 59: invalid token 'tru'",
      "the end inside a string | {\"b\":\"x | invalid JSON at byte 61: unexpected end of input inside a string",
      "the end inside an array | {\"b\":[1, | invalid JSON at byte 62: unexpected end of input inside an array",
      "the end after an escape | {\"b\":\"x\\ | invalid JSON at byte 62: unexpected end of input inside a string"})
  void givenBrokenJsonNestedBelowARecordsValues_whenScanned_expectTheScannersMessage(String what, String tail,
      String message) {
    MalformedLogException e = assertThrows(MalformedLogException.class,
        () -> scanned(NESTED + tail, new Recording(true)));
    assertEquals(message, e.getMessage(), what);
  }

  @Test
  void givenNestingDeeperThanTheLimitBelowARecordsValues_whenScanned_expectTheDepthNamed() {
    MalformedLogException e = assertThrows(MalformedLogException.class,
        () -> scanned(NESTED + "[".repeat(RecordScanner.MAX_DEPTH), new Recording(true)));
    assertEquals("invalid JSON at byte 1050: nesting depth exceeds 1000", e.getMessage());
  }

  @Test
  void givenNestedValuesHoldingQuotesBracketsAndEscapes_whenScanned_expectTheKeysAfterThemStillDecided()
      throws IOException {
    String log = "{\"Records\":[{\"r\":{\"a\":{\"b\":\"x\\\"}]y\",\"c\":[{\"d\":null},true,-1.5e3,[]]}},"
        + "\"userIdentity\":{\"sessionContext\":{\"attributes\":{\"x\":\"}\"}},\"accessKeyId\":\"AKIA9\"}},"
        + "{\"r\":{\"a\":{\"eventName\":\"CreateAccessKey\",\"accessKeyId\":\"AKIA8\"}}}]}";
    Recording sink = new Recording(false);
    RecordScanner scanner = scanned(log, sink);
    assertEquals(2, scanner.records);
    assertEquals(List.of("declined at 12", "candidate at 12: " + log.substring(12, log.indexOf(",{\"r\":{\"a\":{\"eventName"))),
        sink.calls, "the first record is a candidate, the second (its keys nested deeper) is not");
  }
}
