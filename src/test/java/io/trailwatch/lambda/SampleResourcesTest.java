package io.trailwatch.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.trailwatch.engine.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * tools/sample-resources.sh makes what the sample events and events/env.json name (the step before
 * {@code sam local invoke}), run here against moto; twice, as a user re-running it would.
 */
class SampleResourcesTest {
  @Test
  void givenTheScript_whenRunTwiceAgainstTheServer_expectTheBucketObjectTableAndTopicTheSamplesName() throws Exception {
    AwsServer aws = AwsServer.connect();
    String topicArn = "";
    for (int run = 0; run < 2; run++) {
      Process process = new ProcessBuilder("bash", "tools/sample-resources.sh", AwsServer.endpoint()).start();
      process.getOutputStream().close();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      process.waitFor(120, TimeUnit.SECONDS);
      assertEquals(0, process.exitValue(), err);
      topicArn = out;
    }
    JsonNode env = Json.tree(Files.readString(Path.of("events/env.json"))).get("Function");
    JsonNode put = Json.tree(Files.readString(Path.of("events/s3-put.json"))).at("/Records/0/s3");
    assertEquals(env.get("ALLOWED_BUCKETS").textValue(), put.at("/bucket/name").textValue());
    String key = put.at("/object/key").textValue();
    aws.s3.headObject(b -> b.bucket(env.get("ALLOWED_BUCKETS").textValue()).key(key));
    assertEquals("ACTIVE", aws.dynamo.describeTable(b -> b.tableName(env.get("DEDUP_TABLE").textValue()))
        .table().tableStatusAsString());
    assertEquals(env.get("ALERT_TOPIC_ARN").textValue().replaceAll(":\\d{12}:", ":"), topicArn.replaceAll(":\\d{12}:", ":"),
        "the topic the env names (account ids differ between LocalStack and moto)");
  }
}
