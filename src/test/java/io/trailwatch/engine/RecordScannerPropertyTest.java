package io.trailwatch.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The byte-level pre-filter never hides a record a shipped rule would match or fail on: over thousands of
 * generated records with tricky keys (other cases, escapes, duplicates, non-ASCII), values of every
 * type and decoys nested deeper, every record where rule() is true or raises reaches the parser,
 * whatever the read sizes.
 */
class RecordScannerPropertyTest {
  private static final List<Rule> RULES = Rules.shipped();
  private static final String[] NAME_KEYS = {"eventName", "EventName", "EVENTNAME", "event\\u004eame", "eventNam",
      "eventNames", "éventName"};
  private static final String[] NAME_VALUES = {"\"CreateAccessKey\"", "\"createaccesskey\"", "\"Create\\u0041ccessKey\"",
      "\"CreateAccessKeys\"", "\"ListUsers\"", "null", "1", "{}", "[\"CreateAccessKey\"]"};
  private static final String[] SOURCES = {"\"iam.amazonaws.com\"", "\"sts.amazonaws.com\""};
  private static final String[] TARGETS = {"jack", "user1", "jackson"};
  private static final String[] IDENTITY_KEYS = {"userIdentity", "UserIdentity", "USERIDENTITY", "user\\u0049dentity",
      "userIdentity ", "useridentitY", "userİdentity", "identity"};
  private static final String[] KEY_KEYS = {"accessKeyId", "AccessKeyID", "accesskeyid", "access\\u004beyId",
      "accessKeyIdx", "accessKey", "ACCESSKEYID"};
  private static final String[] KEY_VALUES = {"\"AKIAABCDEFGH\"", "\"ASIAABCDEFGH\"", "\"akiaabc\"", "\"\\u0041KIAXYZ\"",
      "null", "12", "true", "false", "{}", "[\"AKIA\"]", "{\"a\":\"AKIA\"}", "\"AKI\"", "\"\"", "\"AKIA\\\"quoted\"",
      "\"" + "AKIA".repeat(60) + "\"", "-1.5e3"};

  private static String record(Random random, int id) {
    List<String> fields = new ArrayList<>();
    fields.add("\"eventID\":\"e" + id + "\"");
    if (random.nextInt(4) == 0) {
      fields.add("\"errorCode\":" + (random.nextBoolean() ? "\"AccessDenied\"" : "null"));
    }
    int identities = random.nextInt(3);
    for (int i = 0; i < identities; i++) {
      StringBuilder identity = new StringBuilder("{");
      int keys = random.nextInt(4);
      for (int k = 0; k < keys; k++) {
        identity.append(k == 0 ? "" : ",").append('"').append(KEY_KEYS[random.nextInt(KEY_KEYS.length)]).append("\":")
            .append(KEY_VALUES[random.nextInt(KEY_VALUES.length)]);
      }
      identity.append('}');
      String value = random.nextInt(8) == 0 ? "\"not an object\"" : identity.toString();
      fields.add(random.nextInt(fields.size() + 1), "\"" + IDENTITY_KEYS[random.nextInt(IDENTITY_KEYS.length)] + "\":" + value);
    }
    if (random.nextInt(3) == 0) { // the backdoor rule's fields
      fields.add(random.nextInt(fields.size() + 1), "\"" + NAME_KEYS[random.nextInt(NAME_KEYS.length)] + "\":"
          + NAME_VALUES[random.nextInt(NAME_VALUES.length)]);
      fields.add("\"eventSource\":" + SOURCES[random.nextInt(SOURCES.length)]);
      fields.add("\"sourceIPAddress\":\"203.0.113.9\"");
      fields.add("\"responseElements\":{\"accessKey\":{\"accessKeyId\":\"AKIANEW\",\"userName\":\""
          + TARGETS[random.nextInt(TARGETS.length)] + "\"}}");
    }
    if (random.nextBoolean()) { // a decoy deeper down
      fields.add("\"requestParameters\":{\"userIdentity\":{\"accessKeyId\":\"AKIADECOY\"},\"list\":[1,{\"x\":[\"}\",\"]\"]}]}");
    }
    if (random.nextInt(5) == 0) {
      fields.add("\"text\":\"braces } ] { [ and \\\" quotes \\\\\"");
    }
    return "{" + String.join(",", fields) + "}";
  }

  /** Hands out at most a few bytes per read, to cross every buffer boundary. */
  private static final class Trickle extends FilterInputStream {
    private final Random random;

    Trickle(InputStream in, Random random) {
      super(in);
      this.random = random;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return in.read(b, off, Math.min(len, 1 + random.nextInt(13)));
    }

    @Override
    public int available() {
      return 0; // else a BufferedInputStream in front reads on until its buffer is full
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(ints = {1, 2, 3, 4, 5})
  void givenGeneratedRecords_whenScanned_expectEveryRecordTheRuleSeesHandedOn(int seed) throws IOException {
    Random random = new Random(seed);
    List<String> records = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      records.add(record(random, i));
    }
    String log = seed % 2 == 0 ? "{\"Records\":[" + String.join(",", records) + "]}" : String.join("\n", records);
    Set<String> mustSee = new HashSet<>();
    int backdoors = 0;
    for (String record : records) {
      JsonNode tree = Json.tree(record);
      try {
        for (Rule rule : RULES) {
          if (rule.rule(tree)) {
            mustSee.add(tree.get("eventID").textValue());
            backdoors += rule instanceof IamBackdoorUserKeys ? 1 : 0;
          }
        }
      } catch (RuleException e) {
        mustSee.add(tree.get("eventID").textValue());
      }
    }
    Set<String> seen = new HashSet<>();
    InputStream in = seed % 3 == 0 ? new ByteArrayInputStream(Logs.utf8(log))
        : new Trickle(new ByteArrayInputStream(Logs.utf8(log)), random);
    CloudTrailReader.Counts counts = CloudTrailReader.keeping(CloudTrailReader.Limits.DEFAULT, Interest.WHOLE)
        .read(in, record -> seen.add(record.fields().get("eventID").textValue()));
    assertEquals(2000, counts.records());
    assertTrue(mustSee.size() > 50, "the generator makes matches: " + mustSee.size());
    assertTrue(backdoors > 10, "the generator makes backdoor matches: " + backdoors);
    Set<String> missed = new HashSet<>(mustSee);
    missed.removeAll(seen);
    assertEquals(Set.of(), missed);
  }

  /**
   * Read at once, a candidate is mostly whole in the buffer when the scanner learns it is one, and the reader
   * takes it there (RecordScanner.Sink#take); trickled, it mostly is not, and the scanner reads it to its end
   * first. Either way the same records, fields and counts come out.
   */
  @ParameterizedTest(name = "seed {0}")
  @ValueSource(ints = {1, 2, 3, 4})
  void givenGeneratedLogs_whenReadAtOnceOrTrickled_expectTheSameRecordsAndCounts(int seed) throws IOException {
    Random random = new Random(seed);
    List<String> records = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      records.add(record(random, i));
    }
    byte[] log = Logs.utf8(seed % 2 == 0 ? "{\"Records\":[" + String.join(",", records) + "]}"
        : String.join("\n", records)); // JSON Lines: the records are root objects
    CloudTrailReader reader = CloudTrailReader.keeping(CloudTrailReader.Limits.DEFAULT, Engine.interest(RULES));
    List<RecordView> atOnce = new ArrayList<>();
    List<RecordView> trickled = new ArrayList<>();
    CloudTrailReader.Counts a = reader.read(new ByteArrayInputStream(log), atOnce::add);
    CloudTrailReader.Counts b = reader.read(new Trickle(new ByteArrayInputStream(log), random), trickled::add);
    assertEquals(b, a);
    assertTrue(a.cloudTrailRecords() > 100, "the generator makes records with an eventName: " + a.cloudTrailRecords());
    assertEquals(trickled.stream().map(RecordView::fields).toList(), atOnce.stream().map(RecordView::fields).toList());
    assertEquals(trickled, atOnce); // the whole records, from their bytes
  }
}
