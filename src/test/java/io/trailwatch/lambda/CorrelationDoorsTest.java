package io.trailwatch.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.trailwatch.cli.Main;
import io.trailwatch.engine.CorrelationCases;
import io.trailwatch.engine.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The correlation's cases through both doors: {@code scan} over the files on disk (read in path
 * order), and the handler on moto, one invocation per file in arrival order, the signals waiting in
 * DynamoDB. Both must raise the correlation exactly when the case says.
 */
class CorrelationDoorsTest {
  enum Door { SCAN, HANDLER }

  @TempDir Path dir;

  static Stream<Arguments> casesThroughDoors() {
    return Arrays.stream(CorrelationCases.values()).flatMap(c -> Arrays.stream(Door.values()).map(d -> Arguments.of(c, d)));
  }

  @ParameterizedTest(name = "{0} via {1}")
  @MethodSource("casesThroughDoors")
  void givenACase_whenThroughADoor_expectTheCorrelationExactlyWhenItMustFire(CorrelationCases c, Door door)
      throws IOException {
    List<JsonNode> alerts = door == Door.SCAN ? viaScan(c) : viaHandler(c);
    List<JsonNode> correlated = alerts.stream()
        .filter(a -> a.get("ruleId").textValue().equals(CorrelationCases.CORRELATION)).toList();
    assertEquals(c.fires ? 1 : 0, correlated.size(), alerts.toString());
    if (c.fires) {
      JsonNode alert = correlated.get(0);
      assertEquals("MEDIUM", alert.get("severity").textValue());
      assertEquals(c.key(), alert.get("alertContext").get("ip_accessKeyId").textValue());
      assertEquals(c.key(), alert.get("dedup").textValue());
      JsonNode creation = alert.get("event").get("creation");
      assertEquals(List.of("create-1", "arn:aws:iam::123456789012:user/admin", "victim", "2024-06-02T10:00:00Z"),
          List.of(creation.get("eventID").textValue(), creation.get("actor").textValue(),
              creation.get("targetUser").textValue(), creation.get("eventTime").textValue()));
      assertEquals("use-1", alert.get("event").get("firstUse").get("eventID").textValue());
      assertEquals("Access key AKIABACKDOORNEWKEY created by arn:aws:iam::123456789012:user/admin for victim was used"
          + " from the same address (203.0.113.10) 20 minutes later", alert.get("title").textValue());
    }
  }

  private List<JsonNode> viaScan(CorrelationCases c) throws IOException {
    for (Map.Entry<String, byte[]> file : c.files().entrySet()) {
      Path path = dir.resolve(file.getKey());
      Files.createDirectories(path.getParent());
      Files.write(path, file.getValue());
    }
    StringWriter out = new StringWriter();
    int status = Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(new StringWriter()))
        .execute("scan", dir.toString());
    assertEquals(0, status);
    List<JsonNode> alerts = new ArrayList<>();
    out.toString().lines().filter(l -> !l.isBlank()).forEach(l -> alerts.add(Json.tree(l)));
    return alerts;
  }

  private List<JsonNode> viaHandler(CorrelationCases c) {
    AwsServer aws = AwsServer.connect();
    String bucket = aws.bucket();
    String topic = "correlation-" + aws.suffix;
    String queue = aws.topicWithQueue(topic);
    Handler handler = Handler.fromEnvironment(Map.of("DEDUP_TABLE", aws.table(), "ALERT_TOPIC_ARN", aws.topicArn(topic),
        "ALLOWED_BUCKETS", bucket, "AWS_REGION", "us-east-1", "AWS_ENDPOINT_URL", AwsServer.endpoint()));
    int n = 0;
    for (Map.Entry<String, byte[]> file : c.files().entrySet()) {
      aws.put(bucket, file.getKey(), file.getValue());
      JsonNode response = HandlerIntegrationTest.invoke(handler, Events.s3(bucket, file.getKey(), "etag" + n++));
      assertEquals(1, response.get("ObjectsProcessed").intValue(), response.toString());
    }
    List<JsonNode> alerts = new ArrayList<>();
    aws.drain(queue).forEach(m -> alerts.add(Json.tree(m.body())));
    return alerts;
  }
}
