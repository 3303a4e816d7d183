package io.trailwatch.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The targeted read gives what the whole record gives: over thousands of generated records (keys in other
 * cases, escaped and non-ASCII keys and values, repeated keys, values of every type where objects are
 * expected, numbers of every form, nesting, and broken JSON), every lookup the rules and the engine make
 * finds the same on the kept fields as on Jackson's whole tree; it never accepts what Jackson refuses; and
 * an engine reading the fields of interest hands on exactly the matches of one reading whole records.
 */
class TargetedReadPropertyTest {
  private static final String[] CASES = {"%s", "%S", "x%s", "%s ", "%s\\u0041"};
  private static final String[] WANTED = {"userIdentity", "accessKeyId", "arn", "errorCode", "errorMessage",
      "eventName", "eventSource", "sourceIPAddress", "sessionContext", "sessionIssuer", "principalId", "userName",
      "resources", "ARN", "accountId", "responseElements", "accessKey", "eventTime", "eventID", "userAgent",
      "awsRegion", "recipientAccountId", "firstUse", "requestParameters"};
  private static final String[] SCALARS = {"\"AKIAEXAMPLE\"", "\"ASIA1\"", "\"\"", "\"a\\\"b\\\\c\\u00e9\"",
      "\"CreateAccessKey\"", "\"iam.amazonaws.com\"", "\"arn:aws:iam::1:user/jack\"", "\"203.0.113.9\"", "null",
      "true", "false", "0", "-0", "12", "-1.5e3", "1E+2", "0.25", "123456789012345678901234567890", "1e400",
      "\"2024-06-02T20:16:22Z\"", "\"jack\""};
  /** Damage that makes a record invalid or odd: each replaces one character. */
  private static final String[] DAMAGE = {"01", "1.", ".5", "+1", "NaN", "tru", "nul", "\"\\x\"", "\"\t\"",
      "[1,]", "{\"a\":1,}", "{\"a\" 1}", "{\"a\":1 \"b\":2}", "\"\\u12\"", "Infinity", "'a'", "{a:1}", "1 2"};
  private static final List<String> PATHS = Stream.concat(Engine.READS.stream(), Rules.shipped().stream()
      .flatMap(rule -> rule.reads().stream())).distinct().toList();

  private static String key(Random random) {
    String name = WANTED[random.nextInt(WANTED.length)];
    String form = random.nextBoolean() ? "%s" : CASES[random.nextInt(CASES.length)];
    if (random.nextInt(40) == 0) {
      return "K\u212a" + name; // the Kelvin sign: equal to k ignoring case
    }
    return form.contains("%S") ? name.toUpperCase(java.util.Locale.ROOT) : form.replace("%s", name);
  }

  private static String value(Random random, int depth) {
    int kind = depth > 3 ? 0 : random.nextInt(5);
    return switch (kind) {
      case 1, 2 -> object(random, depth + 1);
      case 3 -> {
        List<String> items = new ArrayList<>();
        for (int i = random.nextInt(3); i > 0; i--) {
          items.add(value(random, depth + 1));
        }
        yield "[" + String.join(",", items) + "]";
      }
      default -> SCALARS[random.nextInt(SCALARS.length)];
    };
  }

  private static String object(Random random, int depth) {
    List<String> fields = new ArrayList<>();
    for (int i = random.nextInt(depth == 0 ? 12 : 5); i > 0; i--) {
      fields.add("\"" + key(random) + "\"" + (random.nextInt(20) == 0 ? " : " : ":") + value(random, depth));
    }
    return "{" + String.join(",", fields) + "}";
  }

  private static String record(Random random) {
    String record = object(random, 0);
    if (random.nextInt(8) == 0) {
      int at = random.nextInt(record.length());
      record = record.substring(0, at) + DAMAGE[random.nextInt(DAMAGE.length)] + record.substring(at + 1);
    }
    return record;
  }

  private static JsonNode jackson(byte[] bytes) {
    try {
      return CloudTrailReader.mapper().readTree(bytes);
    } catch (IOException e) {
      return null;
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(ints = {1, 2, 3, 4})
  void givenGeneratedRecords_whenReadForTheEnginesFields_expectEveryLookupAsOnTheWholeRecord(int seed) {
    Random random = new Random(seed);
    Interest interest = Engine.interest(Rules.shipped());
    TextCache texts = new TextCache(); // shared by the records, as in a log: values repeat across them
    int answered = 0;
    int refused = 0;
    for (int i = 0; i < 3000; i++) {
      byte[] bytes = Logs.utf8(record(random));
      JsonNode whole = jackson(bytes);
      JsonNode fields = TargetedRead.read(bytes, 0, bytes.length, interest, texts);
      JsonNode all = TargetedRead.read(bytes, 0, bytes.length, Interest.WHOLE, texts);
      if (whole == null || !whole.isObject()) {
        assertNull(fields, () -> "accepted what Jackson refuses: " + new String(bytes));
        refused++;
        continue;
      }
      if (all != null) {
        assertEquals(whole, all, () -> new String(bytes));
      }
      if (fields == null) {
        continue; // not plain: the reader parses it whole
      }
      answered++;
      for (String text : PATHS) {
        KeyPath path = KeyPath.of(text);
        assertEquals(path.find(whole), path.find(fields), () -> text + " in " + new String(bytes));
        for (String[] keys : List.of(path.leadingKeys().toArray(String[]::new),
            path.leadingKeys().stream().map(k -> k.toUpperCase(java.util.Locale.ROOT)).toArray(String[]::new))) {
          assertEquals(Fields.get(whole, keys), Fields.get(fields, keys), () -> String.join(".", keys) + " in "
              + new String(bytes));
        }
      }
    }
    assertTrue(answered > 800, "the generator makes plain records: " + answered);
    assertTrue(refused > 50, "the generator makes broken records: " + refused);
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(ints = {7, 8})
  void givenRecordsRepeatingTheirIdentities_whenRead_expectEqualIdentitiesSharedAndEveryLookupAsOnTheWholeRecord(
      int seed) {
    Random random = new Random(seed);
    Interest interest = Engine.interest(Rules.shipped());
    TextCache texts = new TextCache();
    String head = "{\"type\":\"IAMUser\",\"principalId\":\"AIDAEXAMPLE000000000";
    // users with their own principalId, two that share their first 64 bytes (one slot) and differ after them,
    // a short identity, one with nested objects
    List<String> identities = List.of(head + "1\",\"arn\":\"arn:aws:iam::1:user/jack\",\"userName\":\"jack\"}",
        head + "1\",\"arn\":\"arn:aws:iam::1:user/jack\",\"userName\":\"jacky\"}",
        head + "2\",\"arn\":\"arn:aws:iam::1:user/jill\",\"accessKeyId\":\"AKIAEXAMPLE\"}", "{\"type\":\"Root\"}",
        head + "3\",\"sessionContext\":{\"sessionIssuer\":{\"userName\":\"r\"}},\"arn\":\"arn:aws:iam::1:user/j\"}");
    java.util.Map<JsonNode, String> seen = new java.util.IdentityHashMap<>();
    int shared = 0;
    for (int i = 0; i < 3000; i++) {
      String identity = identities.get(random.nextInt(identities.size()));
      String rest = object(random, 1);
      String text = "{\"eventVersion\":\"1.08\",\"userIdentity\":" + identity
          + (rest.length() > 2 ? "," + rest.substring(1) : "}");
      if (random.nextInt(8) == 0) {
        int at = random.nextInt(text.length());
        text = text.substring(0, at) + DAMAGE[random.nextInt(DAMAGE.length)] + text.substring(at + 1);
      }
      byte[] bytes = Logs.utf8(text);
      JsonNode whole = jackson(bytes);
      JsonNode fields = TargetedRead.read(bytes, 0, bytes.length, interest, texts);
      if (whole == null || !whole.isObject()) {
        assertNull(fields, text);
        continue;
      }
      if (fields == null) {
        continue;
      }
      for (String path : PATHS) {
        assertEquals(KeyPath.of(path).find(whole), KeyPath.of(path).find(fields), path + " in " + text);
      }
      JsonNode kept = fields.get("userIdentity");
      assertEquals(whole.get("userIdentity"), kept, text);
      String before = kept == null ? null : seen.put(kept, kept.toString());
      if (before != null) {
        assertEquals(before, kept.toString(), "one tree, one identity");
        shared++;
      }
    }
    assertTrue(shared > 600, "records repeating an identity share its tree: " + shared);
  }

  @Test
  void givenPathsOfTuning_whenInterestBuilt_expectTheirFieldsKeptWhole() {
    Interest interest = Interest.of(List.of(KeyPath.of("requestParameters.bucketName"), KeyPath.of("resources[*].ARN"),
        KeyPath.of("tags.n\u00e4me")));
    byte[] bytes = Logs.utf8("{\"requestParameters\":{\"bucketName\":\"b\",\"other\":1},\"resources\":[{\"ARN\":\"a\","
        + "\"x\":2}],\"tags\":{\"plain\":3},\"eventName\":\"e\"}");
    JsonNode fields = TargetedRead.read(bytes, 0, bytes.length, interest, new TextCache());
    assertNotNull(fields);
    assertEquals(Json.obj("{'requestParameters':{'bucketName':'b'},'resources':[{'ARN':'a','x':2}],"
        + "'tags':{'plain':3}}"), fields);
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(ints = {5, 6})
  void givenGeneratedLogs_whenScanned_expectTheMatchesOfAnEngineReadingWholeRecords(int seed) throws IOException {
    Random random = new Random(seed);
    List<JsonNode> records = new ArrayList<>();
    for (int i = 0; i < 1500; i++) {
      String user = "u" + random.nextInt(5);
      var record = Json.akiaRecord(user, random.nextBoolean() ? "AKIA" + user : "ASIA" + user,
          "2024-06-02T10:0" + random.nextInt(10) + ":00Z");
      if (random.nextInt(4) == 0) {
        record.set("requestParameters", Json.tree(object(random, 1)));
      }
      if (random.nextInt(5) == 0) {
        record.set("userIdentity", Json.tree(object(random, 1)));
      }
      if (random.nextInt(10) == 0) {
        record.put("eventName", "CreateAccessKey").put("eventSource", "iam.amazonaws.com")
            .set("responseElements", Json.obj("{'accessKey':{'accessKeyId':'AKIANEW','userName':'jack'}}"));
      }
      records.add(record);
    }
    byte[] log = Logs.cloudTrail(records);
    Clock clock = Clock.fixed(Instant.EPOCH, ZoneOffset.UTC);
    // tuning that reads fields no rule reads: a filter on a request parameter, first-seen on another
    List<Rule> rules = Tuning.read(new ByteArrayInputStream(Logs.utf8("""
        AWS.CloudTrail.UserAccessKeyAuth:
          InlineFilters:
            - KeyPath: requestParameters.EventName
              Condition: IsNull
        AWS.IAM.Backdoor.User.Keys:
          NewTerms:
            Fields: [requestParameters.arn, userAgent]
            HistoryDays: 30
        """)), "t.yml").apply(Rules.shipped());
    Engine targeted = Engine.create(rules, CloudTrailReader.Limits.DEFAULT, clock);
    Engine whole = new Engine(rules, CloudTrailReader.keeping(CloudTrailReader.Limits.DEFAULT, Interest.WHOLE), clock);
    List<Match> a = new ArrayList<>();
    List<Match> b = new ArrayList<>();
    Engine.Result ra = targeted.scan(new ByteArrayInputStream(log), new Source.File("f"), a::add);
    Engine.Result rb = whole.scan(new ByteArrayInputStream(log), new Source.File("f"), b::add);
    assertEquals(rb, ra);
    assertTrue(a.size() > 300, "the generator makes matches: " + a.size());
    assertTrue(ra.filtered() > 0, "the filter kept some records from the rule: " + ra.filtered());
    assertEquals(b, a); // every component, the whole record included
  }
}
