package io.trailwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trailwatch.aws.S3ObjectLister;
import io.trailwatch.engine.CloudTrailLayout;
import io.trailwatch.engine.Json;
import io.trailwatch.engine.LogListing;
import io.trailwatch.engine.Logs;
import io.trailwatch.engine.ObjectLister;
import io.trailwatch.lambda.AwsServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code scan s3://…} against moto: the same alerts as the same files on disk, and the listing pruned by the layout. */
class S3ScanTest {
  private AwsServer aws;
  private String bucket;
  private Map<String, String> env;

  @BeforeEach
  void setUp() throws IOException {
    aws = AwsServer.connect();
    bucket = aws.bucket();
    env = Map.of("AWS_ENDPOINT_URL", AwsServer.endpoint(), "AWS_REGION", "us-east-1", "AWS_ACCESS_KEY_ID", "testing",
        "AWS_SECRET_ACCESS_KEY", "testing");
  }

  private void upload(Path root, String under) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        aws.put(bucket, under + root.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
      }
    }
  }

  private Cli scan(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = Main.commandLine(env).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
    return new Cli(status, out.toString(), err.toString());
  }

  /** The alerts without their source, which names a path on disk and a bucket and key in S3. */
  private static List<String> withoutSource(Cli cli) {
    List<String> out = new ArrayList<>();
    for (String line : cli.outLines()) {
      ObjectNode alert = (ObjectNode) Json.tree(line);
      alert.remove("source");
      out.add(alert.toString());
    }
    return out;
  }

  @Test
  void theSampleLogsInS3GiveTheSameAlertsSummaryAndExitAsOnDisk() throws IOException {
    upload(Path.of("events/cloudtrail"), "");
    Cli local = scan("scan", "events/cloudtrail");
    Cli remote = scan("scan", "s3://" + bucket + "/");
    assertEquals(0, remote.status(), remote.err());
    assertEquals(withoutSource(local), withoutSource(remote));
    assertEquals(local.err(), remote.err());
    JsonNode first = Json.tree(remote.outLines().get(0));
    assertEquals(bucket, first.get("source").get("bucket").textValue());
    assertTrue(first.get("source").get("key").textValue().startsWith("AWSLogs/"));
  }

  @Test
  void localPathsAndS3LocationsMix() throws IOException {
    upload(Path.of("events/cloudtrail/AWSLogs/070411556318"), "AWSLogs/070411556318/");
    Cli both = scan("scan", "events/cloudtrail/AWSLogs/165109126369", "s3://" + bucket + "/AWSLogs/");
    Cli apart = scan("scan", "events/cloudtrail/AWSLogs/165109126369", "events/cloudtrail/AWSLogs/070411556318");
    assertEquals(0, both.status(), both.err());
    assertEquals(withoutSource(apart), withoutSource(both));
  }

  /** Keys over 3 accounts, 2 regions and 5 days; records which prefixes are listed. */
  @Test
  void sinceUntilAccountAndRegionListOnlyTheFoldersNeeded() throws Exception {
    for (String account : List.of("111111111111", "222222222222", "333333333333")) {
      for (String region : List.of("us-east-1", "eu-west-1")) {
        for (int day = 1; day <= 5; day++) {
          String folder = "AWSLogs/" + account + "/CloudTrail/" + region + "/2024/09/0" + day + "/";
          aws.put(bucket, folder + account + "_CloudTrail_" + region + "_2024090" + day + "T0000Z_x.json.gz",
              Logs.gzip(Logs.cloudTrail(List.of(Json.akiaRecord("u" + account.charAt(0), "AKIA" + account.charAt(0),
                  "2024-09-0" + day + "T00:00:00Z")))));
        }
      }
    }
    aws.put(bucket, "AWSLogs/111111111111/CloudTrail-Digest/us-east-1/2024/09/02/d.json.gz", new byte[] {1});
    List<String> listed = new ArrayList<>();
    S3ObjectLister s3 = new S3ObjectLister(aws.s3);
    ObjectLister recording = (b, prefix, next) -> {
      listed.add(prefix);
      return s3.list(b, prefix, next);
    };
    CloudTrailLayout layout = new CloudTrailLayout(Set.of("111111111111"), Set.of("us-east-1"),
        LocalDate.parse("2024-09-02"), LocalDate.parse("2024-09-03"));
    List<String> keys = new ArrayList<>();
    LogListing.of(recording, bucket, "AWSLogs/", layout).forEachRemaining(e -> keys.add(e.key()));
    assertEquals(List.of(
        "AWSLogs/111111111111/CloudTrail/us-east-1/2024/09/02/111111111111_CloudTrail_us-east-1_20240902T0000Z_x.json.gz",
        "AWSLogs/111111111111/CloudTrail/us-east-1/2024/09/03/111111111111_CloudTrail_us-east-1_20240903T0000Z_x.json.gz"),
        keys);
    assertEquals(List.of("AWSLogs/", "AWSLogs/111111111111/", "AWSLogs/111111111111/CloudTrail/",
        "AWSLogs/111111111111/CloudTrail/us-east-1/", "AWSLogs/111111111111/CloudTrail/us-east-1/2024/",
        "AWSLogs/111111111111/CloudTrail/us-east-1/2024/09/", "AWSLogs/111111111111/CloudTrail/us-east-1/2024/09/02/",
        "AWSLogs/111111111111/CloudTrail/us-east-1/2024/09/03/"), listed, "8 listings instead of 50");

    Cli cli = scan("scan", "--since", "2024-09-02", "--until", "2024-09-03", "--account", "111111111111",
        "--region", "us-east-1", "s3://" + bucket + "/AWSLogs/");
    assertEquals(0, cli.status(), cli.err());
    assertTrue(cli.err().startsWith("trailwatch: 2 files, 2 records, 2 matches"), cli.err());
  }

  @Test
  void anObjectThatCannotBeReadIsNamedAndTheRestGoesOn() throws IOException {
    upload(Path.of("events/cloudtrail/AWSLogs/070411556318"), "AWSLogs/070411556318/");
    aws.put(bucket, "AWSLogs/070411556318/CloudTrail/ap-central-2r/2024/08/01/bad.json.gz",
        new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3});
    Cli cli = scan("scan", "s3://" + bucket + "/AWSLogs/", "s3://no-such-bucket-" + aws.suffix + "/AWSLogs/");
    assertEquals(1, cli.status());
    assertTrue(cli.err().contains("s3://" + bucket + "/AWSLogs/070411556318/CloudTrail/ap-central-2r/2024/08/01/bad.json.gz:"
        + " unreadable"), cli.err());
    assertTrue(cli.err().contains("cannot list s3://no-such-bucket-" + aws.suffix + "/AWSLogs/: 404"), cli.err());
    assertTrue(cli.outLines().size() > 0, "the readable objects' alerts are printed");
  }

  @Test
  void listingOptionsWithoutAnS3InputAreAUsageError() {
    Cli cli = scan("scan", "--since", "2024-09-02", "events/cloudtrail");
    assertEquals(2, cli.status());
    assertEquals("--since, --until, --account and --region apply to s3:// inputs, and none was given"
        + " (see: trailwatch scan --help)\n", cli.err());
    assertEquals(2, scan("scan", "--since", "yesterday", "s3://b/").status());
  }
}
