package io.trailwatch.aws;

import io.trailwatch.engine.TermStore;
import io.trailwatch.engine.TermStoreContract;
import io.trailwatch.lambda.AwsServer;

/** The term-store contract against DynamoDB on moto (LocalStack where Docker runs and no moto is set). */
class DynamoDbTermStoreTest extends TermStoreContract {
  @Override
  protected TermStore newStore() {
    AwsServer aws = AwsServer.connect();
    return new DynamoDbTermStore(aws.dynamo, aws.table());
  }
}
