package io.trailwatch.aws;

import io.trailwatch.lambda.AwsServer;

/** The same contract against LocalStack (Testcontainers); skipped where Docker does not run. */
class LocalStackDedupContractTest extends DynamoDbDedupContractTest {
  @Override
  protected AwsServer server() {
    return AwsServer.connectLocalStack();
  }
}
