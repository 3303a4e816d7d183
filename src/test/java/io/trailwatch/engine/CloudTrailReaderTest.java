package io.trailwatch.engine;

import static io.trailwatch.engine.Json.akiaRecord;
import static io.trailwatch.engine.Json.obj;
import static io.trailwatch.engine.Logs.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CloudTrailReaderTest {
  private final CloudTrailReader reader = CloudTrailReader.keeping(CloudTrailReader.Limits.DEFAULT, Interest.WHOLE);
  private final List<JsonNode> candidates = new ArrayList<>();

  private CloudTrailReader.Counts read(byte[] bytes) throws IOException {
    return reader.read(new ByteArrayInputStream(bytes), record -> candidates.add(record.whole()));
  }

  private static final JsonNode ALICE = akiaRecord("alice", "AKIA1", "2024-01-01T00:00:00Z");
  private static final JsonNode ROLE = obj("{'userIdentity':{'type':'AssumedRole','accessKeyId':'ASIA9'},'eventName':'X'}");

  @ParameterizedTest(name = "gzip={0}")
  @ValueSource(booleans = {false, true})
  void givenRecordsWrapper_whenRead_expectEveryRecordCountedAndOnlyCandidatesParsed(boolean gzip) throws IOException {
    byte[] log = Logs.cloudTrail(List.of(ROLE, ALICE, ROLE));
    CloudTrailReader.Counts counts = read(gzip ? Logs.gzip(log) : log);
    assertEquals(new CloudTrailReader.Counts(3, 0, 0, null, 3), counts);
    assertEquals(List.of(ALICE), candidates);
  }

  @Test
  void givenTopLevelArray_whenRead_expectRecords() throws IOException {
    assertEquals(2, read(utf8("[" + ALICE + "," + ROLE + "]")).records());
    assertEquals(List.of(ALICE), candidates);
  }

  @Test
  void givenJsonLines_whenRead_expectEachLineARecord() throws IOException {
    assertEquals(3, read(utf8(ALICE + "\n" + ROLE + "\n" + ALICE + "\n")).records());
    assertEquals(List.of(ALICE, ALICE), candidates);
  }

  @ParameterizedTest(name = "gzip={0}")
  @ValueSource(booleans = {false, true})
  void givenZeroBytes_whenRead_expectEmptyNotError(boolean gzip) throws IOException {
    assertEquals(new CloudTrailReader.Counts(0, 0, 0, null, 0), read(gzip ? Logs.gzip(new byte[0]) : new byte[0]));
  }

  @Test
  void givenNonObjectElements_whenRead_expectSkippedAndCounted() throws IOException {
    CloudTrailReader.Counts counts = read(utf8("{\"Records\":[1,\"x\",null,[" + ALICE + "]," + ALICE + "]}"));
    assertEquals(new CloudTrailReader.Counts(1, 4, 0, null, 1), counts);
    assertEquals(List.of(ALICE), candidates);
  }

  @Test
  void givenOtherCaseIdentityKeys_whenRead_expectCandidate() throws IOException {
    JsonNode odd = obj("{'USERIDENTITY':{'AccessKeyId':'AKIAZ'}}");
    read(Logs.cloudTrail(List.of(odd)));
    assertEquals(List.of(odd), candidates);
  }

  @Test
  void givenNonStringAccessKeyId_whenRead_expectCandidateSoTheRuleCanReportIt() throws IOException {
    JsonNode odd = obj("{'userIdentity':{'accessKeyId':{'nested':[1,2]}}}");
    read(Logs.cloudTrail(List.of(odd, obj("{'userIdentity':{'accessKeyId':null}}"))));
    assertEquals(List.of(odd), candidates);
  }

  @Test
  void givenRecordsThatIsNotAnArray_whenRead_expectMalformedNamingIt() {
    MalformedLogException e = assertThrows(MalformedLogException.class, () -> read(utf8("{\"Records\":{\"a\":1}}")));
    assertEquals("invalid JSON at byte 11: Records is not an array", e.getMessage());
  }

  @Test
  void givenCorruptGzip_whenRead_expectMalformedCorruptGzip() {
    byte[] gz = Logs.gzip(Logs.cloudTrail(List.of(ALICE)));
    Arrays.fill(gz, 12, gz.length - 8, (byte) 0x55);
    MalformedLogException e = assertThrows(MalformedLogException.class, () -> read(gz));
    assertTrue(e.getMessage().startsWith("corrupt gzip"), e.getMessage());
  }

  @Test
  void givenTruncatedGzip_whenRead_expectMalformedTruncated() {
    byte[] gz = Logs.gzip(Logs.cloudTrail(List.of(ALICE, ALICE, ALICE)));
    MalformedLogException e = assertThrows(MalformedLogException.class, () -> read(Arrays.copyOf(gz, gz.length / 2)));
    assertTrue(e.getMessage().startsWith("truncated gzip"), e.getMessage());
  }

  @Test
  void givenInvalidJsonAfterGoodRecords_whenRead_expectEarlierCandidatesKeptAndByteOffsetNamed() {
    byte[] log = utf8("{\"Records\":[" + ALICE + ",{\"eventName\": tru}]}");
    MalformedLogException e = assertThrows(MalformedLogException.class, () -> read(log));
    assertTrue(e.getMessage().matches("invalid JSON at byte \\d+: .*"), e.getMessage());
    assertEquals(List.of(ALICE), candidates);
  }

  @Test
  void givenDeepNesting_whenRead_expectMalformedNotStackOverflow() {
    String deep = "[".repeat(100_000) + "]".repeat(100_000);
    MalformedLogException e = assertThrows(MalformedLogException.class, () -> read(utf8("{\"Records\":[" + deep + "]}")));
    assertTrue(e.getMessage().contains("nesting depth"), e.getMessage());
  }

  @Test
  void givenMoreUncompressedBytesThanAllowed_whenRead_expectMalformedNamingTheLimit() {
    CloudTrailReader small = CloudTrailReader.keeping(new CloudTrailReader.Limits(1000, 1024), Interest.WHOLE);
    byte[] bomb = Logs.gzip(utf8("[\"" + "A".repeat(1_000_000) + "\"]"));
    MalformedLogException e = assertThrows(MalformedLogException.class,
        () -> small.read(new ByteArrayInputStream(bomb), record -> candidates.add(record.whole())));
    assertEquals("more than 1000 uncompressed bytes (limit; a decompression bomb?)", e.getMessage());
  }

  @Test
  void givenCandidateLargerThanRecordLimit_whenRead_expectCountedOversizedAndNeighboursKept() throws IOException {
    CloudTrailReader small = CloudTrailReader.keeping(new CloudTrailReader.Limits(1L << 30, 1024), Interest.WHOLE);
    JsonNode huge = obj("{'userIdentity':{'accessKeyId':'AKIAHUGE'},'blob':'" + "x".repeat(200_000) + "'}");
    JsonNode hugeRole = obj("{'userIdentity':{'accessKeyId':'ASIA'},'blob':'" + "y".repeat(200_000) + "'}");
    CloudTrailReader.Counts counts = small.read(
        new ByteArrayInputStream(Logs.cloudTrail(List.of(ALICE, huge, hugeRole, ALICE))), record -> candidates.add(record.whole()));
    assertEquals(4, counts.records());
    assertEquals(1, counts.unevaluated());
    assertTrue(counts.firstUnevaluated().matches("record at byte \\d+ is larger than 1024 bytes"), counts.firstUnevaluated());
    assertEquals(List.of(ALICE, ALICE), candidates);
  }

  @Test
  void givenCandidateWithInvalidUtf8OrGrammar_whenRead_expectItUnevaluatedAndTheRestRead() throws IOException {
    byte[] bad = Logs.utf8("{\"userIdentity\":{\"accessKeyId\":\"AKIA\"},\"x\":\"");
    byte[] tail = Logs.utf8("\"}");
    byte[] badUtf8 = new byte[bad.length + 2 + tail.length];
    System.arraycopy(bad, 0, badUtf8, 0, bad.length);
    badUtf8[bad.length] = (byte) 0xC3; // a lead byte followed by no continuation byte
    badUtf8[bad.length + 1] = (byte) 0x28;
    System.arraycopy(tail, 0, badUtf8, bad.length + 2, tail.length);
    String log = "{\"Records\":[" + new String(badUtf8, java.nio.charset.StandardCharsets.ISO_8859_1)
        + ",{\"userIdentity\":{\"accessKeyId\":\"AKIA2\"} \"missing\":\"comma\"}," + ALICE + "]}";
    CloudTrailReader.Counts counts = read(log.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    assertEquals(3, counts.records());
    assertEquals(2, counts.unevaluated());
    assertTrue(counts.firstUnevaluated().startsWith("record at byte 12 is not valid JSON"), counts.firstUnevaluated());
    assertEquals(List.of(ALICE), candidates);
  }

  @Test
  void givenHugeString_whenRead_expectMalformedNamingTheStringLimit() {
    InputStream endless = new InputStream() {
      private final byte[] head = Logs.utf8("{\"Records\":[{\"a\":\"");
      private long served;

      @Override
      public int read() {
        return served < head.length ? head[(int) served++] : 'A';
      }

      @Override
      public int read(byte[] b, int off, int len) {
        for (int i = 0; i < len; i++) {
          b[off + i] = (byte) read();
        }
        return len;
      }
    };
    MalformedLogException e = assertThrows(MalformedLogException.class, () -> reader.read(endless, record -> candidates.add(record.whole())));
    assertTrue(e.getMessage().endsWith("a string longer than 20000000 bytes"), e.getMessage());
  }

  @Test
  void givenManyRecordsAcrossBufferRefills_whenRead_expectEachCandidateExact() throws IOException {
    List<JsonNode> records = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      records.add(i % 3 == 0 ? akiaRecord("u" + i, "AKIA" + i, "2024-01-01T00:00:00Z") : ROLE);
    }
    read(Logs.gzip(Logs.cloudTrail(records)));
    assertEquals(records.stream().filter(r -> r != ROLE).toList(), candidates);
  }

  @Test
  void givenSourceThatFails_whenRead_expectItsIOExceptionNotMalformed() {
    IOException network = new IOException("connection reset");
    InputStream failing = new InputStream() {
      @Override
      public int read() throws IOException {
        throw network;
      }
    };
    IOException e = assertThrows(IOException.class, () -> reader.read(failing, record -> candidates.add(record.whole())));
    assertSame(network, e);
  }

  @Test
  void givenNaNAndDuplicateKeys_whenRead_expectParsedLastKeyWins() throws IOException {
    read(utf8("[{\"userIdentity\":{\"accessKeyId\":\"AKIA1\"},\"n\":NaN,\"eventName\":\"A\",\"eventName\":\"B\"}]"));
    assertEquals("B", candidates.get(0).get("eventName").textValue());
    assertTrue(Double.isNaN(candidates.get(0).get("n").doubleValue()));
  }
}
