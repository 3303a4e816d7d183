package io.trailwatch.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ActivityTest {
  private static Match match(String eventName, String ip, String agent, String region, String time) throws RuleException {
    var record = Json.akiaRecord("alice", "AKIA1", time);
    record.put("eventSource", "s3.amazonaws.com").put("eventName", eventName).put("sourceIPAddress", ip)
        .put("userAgent", agent).put("awsRegion", region);
    return Rules.userAccessKeyAuth().evaluate(RecordView.of(record), new Source.File("f"), Instant.EPOCH);
  }

  @Test
  void countsAddUpToTheMatchesAndListsGoByFrequency() throws RuleException {
    Activity.Builder builder = new Activity.Builder();
    for (int i = 0; i < 25; i++) {
      builder.add(match("Call" + (char) ('A' + i), "10.0.0.1", "aws-cli", "us-east-1", "2024-06-02T10:00:00Z"));
    }
    builder.add(match("CallA", "10.0.0.2", "boto3", "eu-west-1", "2024-06-02T09:00:00Z"));
    builder.add(match("CallB", "10.0.0.2", "boto3", "eu-west-1", "2024-06-02T11:00:00Z"));
    Activity activity = builder.build();
    assertEquals(27, activity.events());
    assertEquals(27, activity.calls().values().stream().mapToLong(Long::longValue).sum() + activity.other());
    assertEquals(Activity.TOP_CALLS, activity.calls().size());
    assertEquals(List.of("s3.amazonaws.com:CallA", "s3.amazonaws.com:CallB", "s3.amazonaws.com:CallC"),
        activity.calls().keySet().stream().limit(3).toList());
    assertEquals(2L, activity.calls().get("s3.amazonaws.com:CallA"));
    assertEquals(5, activity.other());
    assertEquals(List.of("10.0.0.1", "10.0.0.2"), activity.sourceIPAddresses());
    assertEquals(List.of("aws-cli", "boto3"), activity.userAgents());
    assertEquals(List.of("us-east-1", "eu-west-1"), activity.awsRegions());
    assertEquals(Instant.parse("2024-06-02T09:00:00Z"), activity.firstEventTime());
    assertEquals(Instant.parse("2024-06-02T11:00:00Z"), activity.lastEventTime());
    assertFalse(activity.cut());
  }

  @Test
  void memoryIsBoundedAndTheCountsStillAddUp() throws RuleException {
    Activity.Builder builder = new Activity.Builder();
    int n = Activity.TRACKED + 500;
    for (int i = 0; i < n; i++) {
      builder.add(match("Call" + i, "10.0." + (i / 256) + "." + (i % 256), "a".repeat(2_000), "r" + i,
          "2024-06-02T10:00:00Z"));
    }
    Activity activity = builder.build();
    assertEquals(n, activity.calls().values().stream().mapToLong(Long::longValue).sum() + activity.other());
    assertEquals(Activity.TOP_ADDRESSES, activity.sourceIPAddresses().size());
    assertEquals(Activity.MAX_VALUE_CHARS, activity.userAgents().get(0).length());
    assertEquals(Activity.TOP_REGIONS, activity.awsRegions().size());
  }

  @Test
  void shortenedFoldsCallsIntoOther() throws RuleException {
    Activity.Builder builder = new Activity.Builder();
    builder.add(match("A", "1.1.1.1", "x", "r", "2024-06-02T10:00:00Z"));
    builder.add(match("B", "1.1.1.2", "y", "r", "2024-06-02T10:00:00Z"));
    Activity cut = builder.build().shortened(1);
    assertEquals(Map.of("s3.amazonaws.com:A", 1L), cut.calls());
    assertEquals(1, cut.other());
    assertEquals(List.of("1.1.1.1"), cut.sourceIPAddresses());
    assertEquals(true, cut.cut());
  }

  @Test
  void givenMoreCallsThanSlots_whenMemoizedInRandomOrder_expectEachCallSpelledAndARepeatShared() {
    Activity.Calls calls = new Activity.Calls();
    Random random = new Random(3);
    for (int i = 0; i < 50_000; i++) {
      // 2,000 calls for 256 slots: slots are shared and replaced all the time; equal strings, new instances
      String source = new String("s" + random.nextInt(40) + ".amazonaws.com");
      String name = new String("Op" + random.nextInt(50));
      String call = calls.call(source, name);
      assertEquals(source + ":" + name, call);
      String again = calls.call(new String(source), new String(name));
      assertSame(call, again, "a call just made is in its slot");
    }
    assertEquals(List.of("None:None", "a:b"), List.of(Activity.Sample.of(Json.obj("{}"), calls).call(),
        Activity.Sample.of(Json.obj("{'eventSource':'a','eventName':'b'}"), calls).call()));
  }
}
