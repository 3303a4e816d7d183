package io.trailwatch.lambda;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A real AWS-compatible server for integration tests: moto at {@code MOTO_ENDPOINT} (bin/test starts
 * it), else LocalStack through Testcontainers where Docker runs (tag pinned before 4.14.0, which needs
 * no auth token; LOCALSTACK_AUTH_TOKEN is passed on when set), else the test is skipped with the
 * reason — except under {@code CI=true}, where a missing server fails the test: CI never passes with
 * the AWS layer untested. Each test makes its own bucket, table and topic, so tests never share state.
 */
public final class AwsServer {
  static final String LOCALSTACK_IMAGE = "localstack/localstack:4.0.3";
  private static URI endpoint;
  private static LocalStackContainer localstack;

  private static URI localstackEndpoint;
  public final S3Client s3;
  public final DynamoDbClient dynamo;
  public final SnsClient sns;
  public final SqsClient sqs;
  public final software.amazon.awssdk.services.securityhub.SecurityHubClient securityHub;
  public final String suffix;
  /** Where this server answers. */
  public final URI address;

  /** Clients aimed at {@code endpoint} (a {@link FaultProxy} in front of this server), few retries. */
  public AwsServer via(URI endpoint) {
    return new AwsServer(endpoint, suffix, 2);
  }

  private AwsServer(URI endpoint) {
    this(endpoint, UUID.randomUUID().toString().substring(0, 8), -1);
  }

  private AwsServer(URI endpoint, String suffix, int retries) {
    this.suffix = suffix;
    this.address = endpoint;
    var retry = software.amazon.awssdk.core.client.config.ClientOverrideConfiguration.builder();
    if (retries >= 0) {
      retry.retryStrategy(software.amazon.awssdk.awscore.retry.AwsRetryStrategy.standardRetryStrategy()
          .toBuilder().maxAttempts(retries + 1).build());
    }
    var config = retry.build();
    var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
    var http = UrlConnectionHttpClient.builder().build();
    Region region = Region.US_EAST_1;
    s3 = S3Client.builder().endpointOverride(endpoint).forcePathStyle(true).region(region)
        .credentialsProvider(credentials).httpClient(http).overrideConfiguration(config).build();
    dynamo = DynamoDbClient.builder().endpointOverride(endpoint).region(region).credentialsProvider(credentials)
        .httpClient(http).overrideConfiguration(config).build();
    sns = SnsClient.builder().endpointOverride(endpoint).region(region).credentialsProvider(credentials)
        .httpClient(http).overrideConfiguration(config).build();
    sqs = SqsClient.builder().endpointOverride(endpoint).region(region).credentialsProvider(credentials)
        .httpClient(http).build();
    securityHub = software.amazon.awssdk.services.securityhub.SecurityHubClient.builder().endpointOverride(endpoint)
        .region(region).credentialsProvider(credentials).httpClient(http).overrideConfiguration(config).build();
  }

  /** A CloudFormation client on this server (moto implements stacks and their outputs). */
  public software.amazon.awssdk.services.cloudformation.CloudFormationClient cloudFormation() {
    return software.amazon.awssdk.services.cloudformation.CloudFormationClient.builder().endpointOverride(address)
        .region(Region.US_EAST_1).credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create("testing", "testing")))
        .httpClient(UrlConnectionHttpClient.builder().build()).build();
  }

  /** Connects to moto (Security Hub is not in LocalStack's community image): skips, or fails under CI=true. */
  public static AwsServer connectWithSecurityHub() {
    AwsServer aws = connect();
    Assumptions.assumeTrue(motoAddress() != null, "Security Hub needs moto; LocalStack's community image lacks it");
    return aws;
  }

  /**
   * Connects to moto, else LocalStack; else skips the calling test, or fails it under {@code CI=true}.
   */
  public static synchronized AwsServer connect() {
    if (endpoint == null) {
      if (motoAddress() != null) {
        endpoint = motoAddress();
      } else if (dockerAvailable()) {
        endpoint = startLocalStack();
      } else {
        String reason = "no AWS-compatible server: set MOTO_ENDPOINT (bin/test starts moto_server) or run Docker for LocalStack";
        if ("true".equals(System.getenv("CI"))) {
          throw new AssertionError(reason + "; under CI=true the AWS tests must run");
        }
        Assumptions.abort(reason);
      }
    }
    return new AwsServer(endpoint);
  }

  /** Connects to LocalStack through Testcontainers, or skips the calling test where Docker does not run. */
  public static synchronized AwsServer connectLocalStack() {
    if (localstackEndpoint == null) {
      Assumptions.assumeTrue(dockerAvailable(), "LocalStack needs Docker, which does not run here");
      localstackEndpoint = startLocalStack();
    }
    return new AwsServer(localstackEndpoint);
  }

  private static URI startLocalStack() {
    if (localstack == null) {
      localstack = new LocalStackContainer(DockerImageName.parse(LOCALSTACK_IMAGE));
      String token = System.getenv("LOCALSTACK_AUTH_TOKEN");
      if (token != null) {
        localstack.withEnv("LOCALSTACK_AUTH_TOKEN", token);
      }
      localstack.start();
    }
    return localstack.getEndpoint();
  }

  /** moto's address when MOTO_ENDPOINT is set, else null. */
  public static URI motoAddress() {
    String moto = System.getenv("MOTO_ENDPOINT");
    return moto == null || moto.isBlank() ? null : URI.create(moto);
  }

  public static String endpoint() {
    return endpoint.toString();
  }

  private static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException e) {
      return false;
    }
  }

  public String bucket() {
    String bucket = "trail-" + suffix;
    s3.createBucket(b -> b.bucket(bucket));
    return bucket;
  }

  public void put(String bucket, String key, byte[] bytes) {
    s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
  }

  public String table() {
    String table = "dedup-" + suffix;
    dynamo.createTable(b -> b.tableName(table)
        .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build())
        .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
        .billingMode(BillingMode.PAY_PER_REQUEST));
    return table;
  }

  public Map<String, AttributeValue> item(String table, String pk) {
    return dynamo.getItem(b -> b.tableName(table).key(Map.of("pk", AttributeValue.fromS(pk))).consistentRead(true)).item();
  }

  /** The ARN a topic of this name has, whether or not it exists yet. */
  public String topicArn(String name) {
    return "arn:aws:sns:us-east-1:" + (localstack != null ? "000000000000" : "123456789012") + ":" + name;
  }

  /** Creates topic {@code name} with an SQS queue subscribed (raw delivery); returns the queue URL. */
  public String topicWithQueue(String name) {
    String topicArn = sns.createTopic(b -> b.name(name)).topicArn();
    String queueUrl = sqs.createQueue(b -> b.queueName(name + "-sink")).queueUrl();
    String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
        .attributes().get(QueueAttributeName.QUEUE_ARN);
    sns.subscribe(b -> b.topicArn(topicArn).protocol("sqs").endpoint(queueArn)
        .attributes(Map.of("RawMessageDelivery", "true")));
    return queueUrl;
  }

  /** Every message waiting in the queue (deleted as read). */
  public List<Message> drain(String queueUrl) {
    List<Message> all = new ArrayList<>();
    while (true) {
      List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)
          .messageAttributeNames("All")).messages();
      if (batch.isEmpty()) {
        return all;
      }
      for (Message m : batch) {
        sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
      }
      all.addAll(batch);
    }
  }
}
