package io.trailwatch.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.trailwatch.cli.Main;
import io.trailwatch.engine.Alert;
import io.trailwatch.engine.AlertJson;
import io.trailwatch.engine.CloudTrailReader;
import io.trailwatch.engine.Engine;
import io.trailwatch.engine.Json;
import io.trailwatch.engine.Logs;
import io.trailwatch.engine.ReplayWindows;
import io.trailwatch.engine.Rules;
import io.trailwatch.engine.Source;
import io.trailwatch.engine.Tuning;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
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
 * Every fixture through every door: the engine itself, {@code trailwatch scan}, the Lambda handler,
 * and {@code trailwatch invoke}. All see the same alerts (each fixture's matches fit in one window).
 */
class DoorsTest {
  enum Door { ENGINE, CLI_SCAN, HANDLER, CLI_INVOKE }

  /** A log, the tuning file it is read with (null: none), and the alerts every door must give. */
  record Fixture(String name, byte[] log, String tuning, List<String> expectedTitles, List<Long> expectedCounts) {
    Fixture(String name, byte[] log, List<String> expectedTitles, List<Long> expectedCounts) {
      this(name, log, null, expectedTitles, expectedCounts);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  @TempDir Path dir;

  static Stream<Arguments> fixturesThroughDoors() throws IOException {
    List<Fixture> fixtures = List.of(
        new Fixture("one long-term key call", Logs.gzip(Logs.cloudTrail(List.of(
            Json.akiaRecord("alice", "AKIAALICE", "2024-06-02T20:16:22Z")))),
            List.of(title("alice", "AKIAALICE")), List.of(1L)),
        new Fixture("failed call and role session only", Logs.gzip(Logs.cloudTrail(List.of(
            Json.obj("{'eventName':'ListBuckets','errorCode':'AccessDenied','userIdentity':{'accessKeyId':'AKIAX','arn':'a'}}"),
            Json.obj("{'eventName':'ListBuckets','userIdentity':{'accessKeyId':'ASIAX','arn':'r'}}")))), List.of(), List.of()),
        new Fixture("two users, three calls, JSON lines", Logs.utf8(
            Json.akiaRecord("bob", "AKIABOB", "2024-06-02T20:00:00Z") + "\n"
                + Json.akiaRecord("alice", "AKIAALICE", "2024-06-02T20:01:00Z") + "\n7\n"
                + Json.akiaRecord("bob", "AKIABOB", "2024-06-02T20:02:00Z") + "\n"),
            List.of(title("alice", "AKIAALICE"), title("bob", "AKIABOB")), List.of(1L, 2L)),
        new Fixture("Stratus: batch-retrieve secrets (5 calls, one key)", Logs.gzip(Files.readAllBytes(
            Path.of("src/test/resources/stratus/aws.credential-access.secretsmanager-batch-retrieve-secrets.json"))),
            List.of("User arn:aws:iam::165109126369:user/christophe signed in with access key AKIALK3Q0HKBKZJ2XBYP"),
            List.of(5L)),
        new Fixture("tuning: the CI user excluded", Logs.gzip(Logs.cloudTrail(List.of(
            Json.akiaRecord("ci-deployer", "AKIACI", "2024-06-02T20:00:00Z"),
            Json.akiaRecord("alice", "AKIAALICE", "2024-06-02T20:01:00Z"),
            Json.akiaRecord("ci-deployer", "AKIACI", "2024-06-02T20:02:00Z")))),
            "AWS.CloudTrail.UserAccessKeyAuth:\n  InlineFilters:\n    - KeyPath: userIdentity.userName\n"
                + "      Condition: DoesNotEqual\n      Value: ci-deployer\n",
            List.of(title("alice", "AKIAALICE")), List.of(1L)),
        new Fixture("tuning: first seen, one key from two addresses twice each", Logs.gzip(Logs.cloudTrail(List.of(
            Json.akiaRecord("ci-deployer", "AKIACI", "2024-06-02T20:00:00Z").put("sourceIPAddress", "192.0.2.1"),
            Json.akiaRecord("ci-deployer", "AKIACI", "2024-06-02T20:01:00Z").put("sourceIPAddress", "192.0.2.1"),
            Json.akiaRecord("ci-deployer", "AKIACI", "2024-06-02T20:02:00Z").put("sourceIPAddress", "192.0.2.2"),
            Json.akiaRecord("ci-deployer", "AKIACI", "2024-06-02T20:03:00Z").put("sourceIPAddress", "192.0.2.2")))),
            "AWS.CloudTrail.UserAccessKeyAuth:\n  NewTerms: {Fields: [userIdentity.accessKeyId, sourceIPAddress],"
                + " HistoryDays: 10}\n",
            List.of(title("ci-deployer", "AKIACI"), title("ci-deployer", "AKIACI")), List.of(1L, 1L)));
    return fixtures.stream().flatMap(f -> Arrays.stream(Door.values()).map(d -> Arguments.of(f, d)));
  }

  static String title(String user, String key) {
    return "User arn:aws:iam::123456789012:user/" + user + " signed in with access key " + key;
  }

  @ParameterizedTest(name = "{0} via {1}")
  @MethodSource("fixturesThroughDoors")
  void givenFixture_whenThroughDoor_expectSameAlerts(Fixture fixture, Door door) throws IOException {
    List<JsonNode> alerts = switch (door) {
      case ENGINE -> viaEngine(fixture);
      case CLI_SCAN -> viaScan(fixture);
      case HANDLER, CLI_INVOKE -> viaLambda(fixture, door);
    };
    alerts.sort((a, b) -> a.get("title").textValue().compareTo(b.get("title").textValue()));
    assertEquals(fixture.expectedTitles(), alerts.stream().map(a -> a.get("title").textValue()).toList());
    assertEquals(fixture.expectedCounts(), alerts.stream().map(a -> a.get("eventCount").longValue()).toList());
  }

  private static List<JsonNode> viaEngine(Fixture fixture) throws IOException {
    List<Alert> alerts = new ArrayList<>();
    ReplayWindows windows = ReplayWindows.emittingTo(alerts::add);
    Tuning tuning = fixture.tuning() == null ? Tuning.NONE
        : Tuning.read(new ByteArrayInputStream(fixture.tuning().getBytes(StandardCharsets.UTF_8)), "tuning.yml");
    Engine.create(tuning.apply(Rules.shipped()), CloudTrailReader.Limits.DEFAULT, Clock.systemUTC())
        .scan(new ByteArrayInputStream(fixture.log()), new Source.File("fixture"), windows::add);
    windows.finish();
    return new ArrayList<>(alerts.stream().map(AlertJson::toTree).map(JsonNode.class::cast).toList());
  }

  private List<JsonNode> viaScan(Fixture fixture) throws IOException {
    Path file = Files.write(dir.resolve("fixture.json.gz"), fixture.log());
    List<String> args = new ArrayList<>(List.of("scan", file.toString()));
    if (fixture.tuning() != null) {
      args.addAll(List.of("--tuning", Files.writeString(dir.resolve("tuning.yml"), fixture.tuning()).toString()));
    }
    StringWriter out = new StringWriter();
    int status = Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(new StringWriter()))
        .execute(args.toArray(String[]::new));
    assertEquals(0, status);
    return lines(out.toString());
  }

  private List<JsonNode> viaLambda(Fixture fixture, Door door) throws IOException {
    AwsServer aws = AwsServer.connect();
    String bucket = aws.bucket();
    String table = aws.table();
    String topic = "doors-" + aws.suffix;
    String queue = aws.topicWithQueue(topic);
    String key = "AWSLogs/123456789012/CloudTrail/us-east-1/2024/06/02/fixture.json.gz";
    aws.put(bucket, key, fixture.log());
    String event = Events.s3(bucket, key, "etag");
    Map<String, String> env = new java.util.HashMap<>(Map.of("DEDUP_TABLE", table, "ALERT_TOPIC_ARN",
        aws.topicArn(topic), "ALLOWED_BUCKETS", bucket, "AWS_REGION", "us-east-1", "AWS_ENDPOINT_URL",
        AwsServer.endpoint(), "STORE_CONCURRENCY", "1")); // moto is not isolated under concurrent transactions
    if (fixture.tuning() != null) {
      aws.put(bucket, "tuning.yml", fixture.tuning().getBytes(StandardCharsets.UTF_8));
      env.put("TUNING_S3_URI", "s3://" + bucket + "/tuning.yml");
    }
    if (door == Door.HANDLER) {
      HandlerIntegrationTest.invoke(Handler.fromEnvironment(env), event);
    } else {
      Path eventFile = Files.writeString(dir.resolve("event.json"), event);
      StringWriter out = new StringWriter();
      int status = Main.commandLine(env).setOut(new PrintWriter(out)).setErr(new PrintWriter(new StringWriter()))
          .execute("invoke", eventFile.toString());
      assertEquals(0, status);
      assertEquals(1, Json.tree(out.toString()).get("ObjectsProcessed").intValue());
    }
    List<JsonNode> alerts = new ArrayList<>();
    aws.drain(queue).forEach(m -> alerts.add(Json.tree(m.body())));
    return alerts;
  }

  private static List<JsonNode> lines(String text) {
    List<JsonNode> out = new ArrayList<>();
    text.lines().filter(l -> !l.isBlank()).forEach(l -> out.add(Json.tree(l)));
    return out;
  }
}
