package io.trailwatch.aws;

import io.trailwatch.engine.SignalStore;
import io.trailwatch.engine.SignalStoreContract;
import io.trailwatch.lambda.AwsServer;

/** The signal-store contract against DynamoDB on moto (LocalStack where Docker runs and no moto is set). */
class DynamoDbSignalStoreTest extends SignalStoreContract {
  @Override
  protected SignalStore newStore() {
    AwsServer aws = AwsServer.connect();
    return new DynamoDbSignalStore(aws.dynamo, aws.table());
  }
}
