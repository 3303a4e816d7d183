package io.trailwatch.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trailwatch.engine.CloudTrailReader;
import io.trailwatch.engine.Json;
import io.trailwatch.engine.Logs;
import io.trailwatch.engine.Rules;
import io.trailwatch.engine.TestClock;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** S3 Batch Operations invoking the function (schemas 1.0 and 2.0), every result code, on moto. */
class BatchOperationsTest {
  private static final String PREFIX = "AWSLogs/123456789012/CloudTrail/us-east-1/2024/06/02/";
  private final TestClock clock = new TestClock(Instant.parse("2026-01-01T12:00:00Z"));
  private AwsServer aws;
  private String bucket;
  private String table;
  private String queue;

  @BeforeEach
  void setUp() {
    aws = AwsServer.connect();
    bucket = aws.bucket();
    table = aws.table();
    queue = aws.topicWithQueue("alerts-" + aws.suffix);
  }

  private Handler handler(String topic) {
    Config config = new Config(table, aws.topicArn(topic), Set.of(bucket), CloudTrailReader.Limits.DEFAULT, "us-east-1",
        AwsServer.endpoint());
    return new Handler(Wiring.processor(config, clock, clock::advance, Rules.shipped(), aws.s3, aws.dynamo, aws.sns),
        clock);
  }

  /** A Batch Operations event of {@code version} over (bucket, key) pairs, keys URL-encoded as Batch Operations sends them. */
  private static String event(String version, List<String[]> tasks) {
    ObjectNode event = Json.obj("{}");
    event.put("invocationSchemaVersion", version).put("invocationId", "inv-" + version);
    event.putObject("job").put("id", "job-1");
    if (version.equals("2.0")) {
      event.with("job").putObject("userArguments").put("k", "v");
    }
    ArrayNode list = event.putArray("tasks");
    for (int i = 0; i < tasks.size(); i++) {
      ObjectNode task = list.addObject().put("taskId", "t" + i)
          .put("s3Key", URLEncoder.encode(tasks.get(i)[1], StandardCharsets.UTF_8)).putNull("s3VersionId");
      if (version.equals("1.0")) {
        task.put("s3BucketArn", "arn:aws:s3:::" + tasks.get(i)[0]);
      } else {
        task.put("s3Bucket", tasks.get(i)[0]);
      }
    }
    return event.toString();
  }

  @ParameterizedTest(name = "schema {0}")
  @ValueSource(strings = {"1.0", "2.0"})
  void everyTaskGetsItsResultCode(String version) {
    String good = PREFIX + "a good+object.json.gz";
    aws.put(bucket, good, Logs.gzip(Logs.cloudTrail(List.of(Json.akiaRecord("alice", "AKIAALICE", "2024-06-02T10:00:00Z")))));
    String corrupt = PREFIX + "corrupt.json.gz";
    aws.put(bucket, corrupt, new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3});
    List<String[]> tasks = List.of(new String[] {bucket, good}, new String[] {bucket, PREFIX + "missing.json.gz"},
        new String[] {bucket, corrupt}, new String[] {"not-allowed-" + aws.suffix, good});
    JsonNode response = HandlerIntegrationTest.invoke(handler("alerts-" + aws.suffix), event(version, tasks));
    assertEquals(version, response.get("invocationSchemaVersion").textValue());
    assertEquals("PermanentFailure", response.get("treatMissingKeysAs").textValue());
    assertEquals("inv-" + version, response.get("invocationId").textValue());
    List<String> codes = new ArrayList<>();
    response.get("results").forEach(r -> codes.add(r.get("taskId").textValue() + " " + r.get("resultCode").textValue()));
    assertEquals(List.of("t0 Succeeded", "t1 PermanentFailure", "t2 PermanentFailure", "t3 PermanentFailure"), codes);
    assertEquals("object unavailable: 404", response.get("results").get(1).get("resultString").textValue().substring(0, 23));
    assertEquals(1, aws.drain(queue).size(), "the good object's alert, its key decoded");
  }

  @ParameterizedTest(name = "schema {0}")
  @ValueSource(strings = {"1.0", "2.0"})
  void aTransientFailureIsATemporaryFailureThatBatchOperationsRetries(String version) {
    String key = PREFIX + "b.json.gz";
    aws.put(bucket, key, Logs.gzip(Logs.cloudTrail(List.of(Json.akiaRecord("bob", "AKIABOB", "2024-06-02T10:00:00Z")))));
    JsonNode response = HandlerIntegrationTest.invoke(handler("no-such-topic-" + aws.suffix),
        event(version, List.<String[]>of(new String[] {bucket, key})));
    assertEquals("TemporaryFailure", response.get("results").get(0).get("resultCode").textValue());
    JsonNode retried = HandlerIntegrationTest.invoke(handler("alerts-" + aws.suffix),
        event(version, List.<String[]>of(new String[] {bucket, key})));
    assertEquals("Succeeded", retried.get("results").get(0).get("resultCode").textValue());
    assertEquals(1, aws.drain(queue).size());
  }
}
