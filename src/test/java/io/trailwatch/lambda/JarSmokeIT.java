package io.trailwatch.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailwatch.engine.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The shaded artifact itself, as users and Lambda run it (after {@code package}): each command in a
 * fresh JVM, the Lambda path against the AWS-compatible server. Catches what a build of classes
 * cannot: a missing shaded class or service file, a broken manifest.
 */
class JarSmokeIT {
  record Run(int status, String out, String err) {}

  static Run java(Map<String, String> env, String... args) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", "target/trailwatch.jar"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(env);
    Process process = builder.start();
    process.getOutputStream().close();
    byte[] out = process.getInputStream().readAllBytes();
    byte[] err = process.getErrorStream().readAllBytes();
    assertTrue(process.waitFor(120, TimeUnit.SECONDS));
    return new Run(process.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
  }

  @Test
  void givenTheJar_whenScanningTheSampleLogs_expect34Alerts() throws Exception {
    Run run = java(Map.of(), "scan", "events/cloudtrail");
    assertEquals(0, run.status(), run.err());
    assertEquals(34, run.out().lines().count());
  }

  @Test
  void givenTheJar_whenTestingTheShippedRules_expectFourteenPasses() throws Exception {
    Run run = java(Map.of(), "test");
    assertEquals(0, run.status(), run.err());
    assertTrue(run.out().endsWith("14 passed, 0 failed\n"), run.out());
  }

  @Test
  void givenTheJar_whenAskedItsVersion_expectTheProjectVersion() throws Exception {
    Run run = java(Map.of(), "--version");
    assertEquals(0, run.status(), run.err());
    assertTrue(run.out().matches("trailwatch \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\n"), run.out()); // not "dev"
  }

  @Test
  void givenTheJar_whenInvokedOnTheSampleEventAgainstTheServer_expectOneAlertPublished() throws Exception {
    AwsServer aws = AwsServer.connect();
    String bucket = aws.bucket();
    String key = "AWSLogs/017622104382/CloudTrail/us-north-2r/2024/08/02/sample.json.gz";
    aws.put(bucket, key, java.nio.file.Files.readAllBytes(Path.of("events/cloudtrail").resolve(
        Json.tree(java.nio.file.Files.readString(Path.of("events/s3-put.json")))
            .at("/Records/0/s3/object/key").textValue())));
    String topic = "smoke-" + aws.suffix;
    String queue = aws.topicWithQueue(topic);
    Path event = java.nio.file.Files.writeString(java.nio.file.Files.createTempFile("event", ".json"), Events.s3(bucket, key, "e"));
    Run run = java(Map.of("DEDUP_TABLE", aws.table(), "ALERT_TOPIC_ARN", aws.topicArn(topic), "ALLOWED_BUCKETS", bucket,
        "AWS_ENDPOINT_URL", AwsServer.endpoint(), "AWS_REGION", "us-east-1",
        "AWS_ACCESS_KEY_ID", "testing", "AWS_SECRET_ACCESS_KEY", "testing"), "invoke", event.toString());
    assertEquals(0, run.status(), run.err());
    assertEquals(1, Json.tree(run.out()).get("AlertsPublished").intValue(), run.out());
    assertEquals(1, aws.drain(queue).size());
  }
}
