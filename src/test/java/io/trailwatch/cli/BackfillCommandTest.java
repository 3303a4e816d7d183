package io.trailwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.trailwatch.engine.Json;
import io.trailwatch.engine.Logs;
import io.trailwatch.lambda.AwsServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code backfill} against moto (S3 and CloudFormation) and a local HTTP capture standing in for S3
 * Control, which moto does not implement: the manifest written and the CreateJob request sent.
 */
class BackfillCommandTest {
  private static final String ALIAS = "arn:aws:lambda:us-east-1:123456789012:function:trailwatch-Function:live";
  private static final String ROLE = "arn:aws:iam::123456789012:role/trailwatch-BatchOperationsRole";
  private AwsServer aws;
  private String trail;
  private String work;
  private HttpServer s3control;
  private final List<String> requests = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    aws = AwsServer.connect();
    trail = aws.bucket();
    work = aws.bucket();
    s3control = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    s3control.createContext("/", exchange -> {
      requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + "\n"
          + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      byte[] body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><CreateJobResult><JobId>job-0123</JobId></CreateJobResult>"
          .getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    s3control.start();
    String stack = "trailwatch-" + aws.suffix;
    aws.cloudFormation().createStack(b -> b.stackName(stack).templateBody("{\"Resources\":{\"T\":{\"Type\":"
        + "\"AWS::SNS::Topic\"}},\"Outputs\":{\"FunctionAliasArn\":{\"Value\":\"" + ALIAS + "\"},"
        + "\"BatchOperationsRoleArn\":{\"Value\":\"" + ROLE + "\"},\"BackfillBucketName\":{\"Value\":\"" + work + "\"}}}"));
    for (int day = 1; day <= 4; day++) {
      aws.put(trail, "AWSLogs/111111111111/CloudTrail/us-east-1/2024/09/0" + day + "/f " + day + "+x.json.gz",
          Logs.gzip(Logs.cloudTrail(List.of(Json.akiaRecord("u", "AKIAU", "2024-09-0" + day + "T00:00:00Z")))));
    }
  }

  @AfterEach
  void stop() {
    if (s3control != null) { // null when moto is missing and the test was skipped
      s3control.stop(0);
    }
  }

  private Cli backfill(String... args) {
    Map<String, String> env = Map.of("AWS_ENDPOINT_URL", AwsServer.endpoint(), "AWS_ENDPOINT_URL_S3_CONTROL",
        "http://127.0.0.1:" + s3control.getAddress().getPort(), "AWS_REGION", "us-east-1",
        "AWS_ACCESS_KEY_ID", "testing", "AWS_SECRET_ACCESS_KEY", "testing");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> all = new ArrayList<>(List.of("backfill"));
    all.addAll(List.of(args));
    int status = Main.commandLine(env).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
        .execute(all.toArray(String[]::new));
    return new Cli(status, out.toString(), err.toString());
  }

  private String only(String xml, String element) {
    int from = xml.indexOf("<" + element + ">");
    return from < 0 ? null : xml.substring(from + element.length() + 2, xml.indexOf("</" + element + ">", from));
  }

  @Test
  void aManifestOfThePrunedKeysAndTheJobThatInvokesTheAliasWithAReport() {
    Cli cli = backfill("--stack", "trailwatch-" + aws.suffix, "s3://" + trail + "/AWSLogs/", "--since", "2024-09-02",
        "--until", "2024-09-03");
    assertEquals(0, cli.status(), cli.err());
    assertTrue(cli.out().startsWith("job job-0123 created: 2 objects from arn:aws:s3:::" + work + "/manifests/"), cli.out());
    assertTrue(cli.out().contains("aws s3control describe-job --account-id 123456789012 --job-id job-0123"), cli.out());
    assertEquals(1, requests.size());
    String request = requests.get(0);
    assertTrue(request.startsWith("POST /v20180820/jobs\n"), request);
    assertEquals(ALIAS, only(request, "FunctionArn"));
    assertEquals("2.0", only(request, "InvocationSchemaVersion"));
    assertEquals(ROLE, only(request, "RoleArn"));
    assertEquals("false", only(request, "ConfirmationRequired"));
    assertEquals("S3BatchOperations_CSV_20180820", only(only(request, "Spec"), "Format"));
    assertEquals("arn:aws:s3:::" + work, only(request, "Bucket"));
    assertEquals("reports", only(request, "Prefix"));
    assertEquals("AllTasks", only(request, "ReportScope"));
    String manifestArn = only(request, "ObjectArn");
    String key = manifestArn.substring(("arn:aws:s3:::" + work + "/").length());
    var manifest = aws.s3.getObjectAsBytes(b -> b.bucket(work).key(key));
    assertEquals(manifest.response().eTag(), only(request, "ETag").replace("&quot;", "\""));
    assertEquals(trail + ",AWSLogs%2F111111111111%2FCloudTrail%2Fus-east-1%2F2024%2F09%2F02%2Ff+2%2Bx.json.gz\n"
        + trail + ",AWSLogs%2F111111111111%2FCloudTrail%2Fus-east-1%2F2024%2F09%2F03%2Ff+3%2Bx.json.gz\n",
        manifest.asUtf8String(), "keys URL-encoded, decoded back by the function");
  }

  /** Needs moto started with S3_UPLOAD_PART_MIN_SIZE=256 (bin/moto.sh does): S3 wants 5 MiB parts. */
  @Test
  void aManifestLargerThanOnePartIsUploadedInParts() {
    Cli cli = backfill("--stack", "trailwatch-" + aws.suffix, "--part-bytes", "300", "--confirm",
        "s3://" + trail + "/AWSLogs/");
    assertEquals(0, cli.status(), cli.err());
    assertTrue(cli.out().contains("4 objects"), cli.out());
    assertEquals("true", only(requests.get(0), "ConfirmationRequired"));
    String arn = only(requests.get(0), "ObjectArn");
    String csv = aws.s3.getObjectAsBytes(b -> b.bucket(work).key(arn.substring(arn.indexOf("/manifests/") + 1))).asUtf8String();
    assertEquals(4, csv.lines().count());
  }

  @Test
  void nothingToBackfillCreatesNoJob() {
    Cli cli = backfill("--stack", "trailwatch-" + aws.suffix, "s3://" + trail + "/AWSLogs/", "--since", "2030-01-01");
    assertEquals(1, cli.status());
    assertEquals("trailwatch: no log under s3://" + trail + "/AWSLogs/ for these options: nothing to backfill\n", cli.err());
    assertEquals(List.of(), requests);
  }

  @Test
  void aStackWithoutTheOutputsIsNamed() {
    String bare = "bare-" + aws.suffix;
    aws.cloudFormation().createStack(b -> b.stackName(bare).templateBody("{\"Resources\":{\"T\":{\"Type\":\"AWS::SNS::Topic\"}}}"));
    Cli cli = backfill("--stack", bare, "s3://" + trail + "/AWSLogs/");
    assertEquals(1, cli.status());
    assertEquals("trailwatch: backfill: stack " + bare + " has no output FunctionAliasArn (deploy the current template.yaml)\n",
        cli.err());
  }
}
