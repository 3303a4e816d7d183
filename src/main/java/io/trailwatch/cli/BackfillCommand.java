package io.trailwatch.cli;

import io.trailwatch.aws.S3ObjectLister;
import io.trailwatch.engine.CloudTrailLayout;
import io.trailwatch.engine.LogListing;
import io.trailwatch.engine.ObjectLister;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3control.S3ControlClient;
import software.amazon.awssdk.services.s3control.model.CreateJobRequest;

/**
 * {@code trailwatch backfill --stack NAME s3://BUCKET/PREFIX/ --since … --until …}: the deployed function
 * over past logs, at scale, through S3 Batch Operations.
 */
@Command(
    name = "backfill",
    mixinStandardHelpOptions = true,
    description = {
        "List the trail's logs under an S3 location (pruned by CloudTrail's key layout, as scan does), write them as a"
            + " CSV manifest to the stack's backfill bucket (or take an S3 Inventory manifest), and create an S3"
            + " Batch Operations job that invokes the stack's function (alias live) on each, with a completion"
            + " report. Prints the job id and how to watch it.",
        "The function's dedup windows run on processing time: a 90-day backfill processed within an hour gives one"
            + " alert per user and key (with the window's count), not one per hour of history.",
        "Exit status 0 the job was created, 1 nothing to backfill or AWS refused, 2 usage error."})
final class BackfillCommand implements Callable<Integer> {
  @Option(names = "--part-bytes", hidden = true, defaultValue = "8388608",
      description = "Size of the manifest's upload parts (S3's minimum is 5 MiB but for the last).")
  int partBytes;

  @Parameters(index = "0", paramLabel = "s3://BUCKET/PREFIX", description = "Where the trail's logs are.")
  String location;

  @Option(names = "--stack", paramLabel = "NAME", description = "The Trailwatch stack (its outputs name the function,"
      + " the Batch Operations role and the backfill bucket).")
  String stack;

  @CommandLine.Mixin LayoutOptions layoutOptions = new LayoutOptions();

  @Option(names = "--inventory-manifest", paramLabel = "s3://BUCKET/KEY/manifest.json",
      description = "Use this S3 Inventory manifest instead of listing (its objects are all processed).")
  String inventory;

  @Option(names = "--confirm", description = "Create the job waiting for a confirmation in the console (default: it runs at once).")
  boolean confirm;

  @Option(names = "--function", paramLabel = "ARN", description = "The function alias to invoke (default: the stack's FunctionAliasArn).")
  String function;

  @Option(names = "--role", paramLabel = "ARN", description = "The Batch Operations role (default: the stack's BatchOperationsRoleArn).")
  String role;

  @Option(names = "--work-bucket", paramLabel = "NAME", description = "Where manifests and reports go (default: the stack's BackfillBucketName).")
  String workBucket;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private final Map<String, String> env;

  BackfillCommand(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    S3Inputs.Location where;
    try {
      where = S3Inputs.Location.parse(location);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), Terminal.safe(e.getMessage()));
    }
    if (stack == null && (function == null || role == null || workBucket == null)) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--stack is required (or all of --function, --role and --work-bucket)");
    }
    CloudTrailLayout layout = layoutOptions.layout(spec);
    try {
      resolveFromStack();
      String account = accountOf(function);
      S3Client s3 = S3Inputs.client(env);
      String name = "trailwatch-backfill-" + UUID.randomUUID();
      Manifest manifest = inventory != null ? inventory(s3) : listed(s3, where, layout, name);
      if (manifest.objects() == 0) {
        err.println(Terminal.safe("trailwatch: no log under " + where + " for these options: nothing to backfill"));
        return 1;
      }
      CreateJobRequest request = request(account, manifest, name);
      String jobId = s3control().createJob(request).jobId();
      out.println(Terminal.safe("job " + jobId + " created: " + (manifest.objects() < 0 ? "the inventory's objects"
          : manifest.objects() + " objects") + " from " + manifest.arn() + (confirm ? ", waiting for your confirmation"
          : ", running")));
      out.println(Terminal.safe("watch it:  aws s3control describe-job --account-id " + account + " --job-id " + jobId
          + " --query 'Job.[Status,ProgressSummary]'"));
      out.println(Terminal.safe("report:    s3://" + workBucket + "/reports/job-" + jobId + "/ when it ends"));
      out.flush();
      return 0;
    } catch (SdkException | IllegalStateException e) {
      err.println("trailwatch: backfill: " + Terminal.safe(String.valueOf(e.getMessage())));
      err.flush();
      return 1;
    }
  }

  /** The manifest's object, its ETag, its format and how many objects it lists (-1: unknown, an inventory). */
  record Manifest(String arn, String etag, String format, List<String> fields, long objects) {}

  /** The request that creates the job: LambdaInvoke on the alias, schema 2.0, a report of every task. */
  CreateJobRequest request(String account, Manifest manifest, String name) {
    return CreateJobRequest.builder()
        .accountId(account)
        .clientRequestToken(name)
        .confirmationRequired(confirm)
        .description("Trailwatch backfill of " + location)
        .priority(10)
        .roleArn(role)
        .operation(o -> o.lambdaInvoke(l -> l.functionArn(function).invocationSchemaVersion("2.0")))
        .manifest(m -> m.spec(s -> s.format(manifest.format()).fieldsWithStrings(manifest.fields()))
            .location(l -> l.objectArn(manifest.arn()).eTag(manifest.etag())))
        .report(r -> r.bucket("arn:aws:s3:::" + workBucket).prefix("reports").format("Report_CSV_20180820")
            .enabled(true).reportScope("AllTasks"))
        .build();
  }

  /** Lists the logs and uploads {@code bucket,key} lines (keys URL-encoded), in parts: memory holds one part. */
  private Manifest listed(S3Client s3, S3Inputs.Location where, CloudTrailLayout layout, String name) {
    String key = "manifests/" + name + ".csv";
    ObjectLister lister = new S3ObjectLister(s3);
    LogListing logs;
    try {
      logs = LogListing.of(lister, where.bucket(), where.prefix(), layout);
    } catch (LogListing.ListingException e) {
      throw new IllegalStateException("cannot list " + e.getMessage(), e);
    }
    String upload = null;
    List<CompletedPart> parts = new ArrayList<>();
    ByteArrayOutputStream part = new ByteArrayOutputStream();
    long objects = 0;
    try {
      while (logs.hasNext()) {
        String line = where.bucket() + "," + URLEncoder.encode(logs.next().key(), StandardCharsets.UTF_8) + "\n";
        part.writeBytes(line.getBytes(StandardCharsets.UTF_8));
        objects++;
        if (part.size() >= partBytes) {
          if (upload == null) {
            upload = s3.createMultipartUpload(b -> b.bucket(workBucket).key(key)).uploadId();
          }
          parts.add(uploadPart(s3, key, upload, parts.size() + 1, part.toByteArray()));
          part.reset();
        }
      }
    } catch (LogListing.ListingException e) {
      throw new IllegalStateException("cannot list " + e.getMessage(), e);
    }
    if (objects == 0) {
      return new Manifest(null, null, null, List.of(), 0);
    }
    String etag;
    if (upload == null) {
      etag = s3.putObject(b -> b.bucket(workBucket).key(key).contentType("text/csv"), RequestBody.fromBytes(part.toByteArray()))
          .eTag();
    } else {
      if (part.size() > 0) {
        parts.add(uploadPart(s3, key, upload, parts.size() + 1, part.toByteArray()));
      }
      String id = upload;
      etag = s3.completeMultipartUpload(b -> b.bucket(workBucket).key(key).uploadId(id)
          .multipartUpload(m -> m.parts(parts))).eTag();
    }
    return new Manifest("arn:aws:s3:::" + workBucket + "/" + key, etag, "S3BatchOperations_CSV_20180820",
        List.of("Bucket", "Key"), objects);
  }

  private CompletedPart uploadPart(S3Client s3, String key, String upload, int number, byte[] bytes) {
    String etag = s3.uploadPart(b -> b.bucket(workBucket).key(key).uploadId(upload).partNumber(number),
        RequestBody.fromBytes(bytes)).eTag();
    return CompletedPart.builder().partNumber(number).eTag(etag).build();
  }

  private Manifest inventory(S3Client s3) {
    S3Inputs.Location manifest = S3Inputs.Location.parse(inventory);
    String etag = s3.headObject(b -> b.bucket(manifest.bucket()).key(manifest.prefix())).eTag();
    return new Manifest("arn:aws:s3:::" + manifest.bucket() + "/" + manifest.prefix(), etag,
        "S3InventoryReport_CSV_20161130", List.of(), -1);
  }

  /** Fills --function, --role and --work-bucket from the stack's outputs where not given. */
  private void resolveFromStack() {
    if (stack == null) {
      return;
    }
    var builder = CloudFormationClient.builder().httpClient(UrlConnectionHttpClient.builder().build())
        .region(region()).credentialsProvider(S3Inputs.credentials(env));
    String endpoint = S3Inputs.firstSet(env, "AWS_ENDPOINT_URL_CLOUDFORMATION", "AWS_ENDPOINT_URL");
    if (endpoint != null) {
      builder.endpointOverride(URI.create(endpoint));
    }
    Map<String, String> outputs = new HashMap<>();
    try (CloudFormationClient cloudFormation = builder.build()) {
      for (Output output : cloudFormation.describeStacks(b -> b.stackName(stack)).stacks().get(0).outputs()) {
        outputs.put(output.outputKey(), output.outputValue());
      }
    }
    function = function != null ? function : required(outputs, "FunctionAliasArn");
    role = role != null ? role : required(outputs, "BatchOperationsRoleArn");
    workBucket = workBucket != null ? workBucket : required(outputs, "BackfillBucketName");
  }

  private String required(Map<String, String> outputs, String name) {
    String value = outputs.get(name);
    if (value == null) {
      throw new IllegalStateException("stack " + stack + " has no output " + name + " (deploy the current template.yaml)");
    }
    return value;
  }

  private S3ControlClient s3control() {
    var builder = S3ControlClient.builder().region(region()).credentialsProvider(S3Inputs.credentials(env));
    String endpoint = S3Inputs.firstSet(env, "AWS_ENDPOINT_URL_S3_CONTROL", "AWS_ENDPOINT_URL");
    if (endpoint == null) {
      return builder.httpClient(UrlConnectionHttpClient.builder().build()).build();
    }
    URI uri = URI.create(endpoint);
    return builder.endpointOverride(uri).httpClient(new PinnedHostHttpClient(UrlConnectionHttpClient.builder().build(), uri))
        .build();
  }

  private Region region() {
    String region = S3Inputs.firstSet(env, "AWS_REGION", "AWS_DEFAULT_REGION");
    return Region.of(region == null ? "us-east-1" : region);
  }

  /** The account of a Lambda ARN ({@code arn:aws:lambda:REGION:ACCOUNT:function:NAME[:ALIAS]}). */
  static String accountOf(String functionArn) {
    String[] parts = functionArn.split(":");
    if (parts.length < 7 || !parts[2].equals("lambda") || !parts[4].matches("\\d{12}")) {
      throw new IllegalStateException("not a Lambda function ARN: " + functionArn);
    }
    return parts[4];
  }
}
