package io.trailwatch.aws;

import static io.trailwatch.aws.DedupTable.FIRST_AT_MS;
import static io.trailwatch.aws.DedupTable.FIRST_ID;
import static io.trailwatch.aws.DedupTable.FIRST_SUMMARY;
import static io.trailwatch.aws.DedupTable.SECOND_AT_MS;
import static io.trailwatch.aws.DedupTable.SECOND_ID;
import static io.trailwatch.aws.DedupTable.SECOND_SUMMARY;
import static io.trailwatch.aws.DedupTable.TTL;
import static io.trailwatch.aws.DedupTable.number;

import io.trailwatch.engine.SignalStore;
import io.trailwatch.engine.WindowStore.StoreException;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * {@link SignalStore} over the dedup table ({@link DedupTable}: one signal-pair item per key); it only
 * translates. Keeping the earlier signal is one conditional update ({@code attribute_not_exists OR
 * stored time > offered time}) returning the item either way, so a step is one request.
 */
public final class DynamoDbSignalStore implements SignalStore {
  private final DynamoDbClient dynamo;
  private final String table;
  private final AtomicLong requests = new AtomicLong();

  public DynamoDbSignalStore(DynamoDbClient dynamo, String table) {
    this.dynamo = dynamo;
    this.table = table;
  }

  /** Requests made so far. */
  public long requests() {
    return requests.get();
  }

  @Override
  public Pair recordFirst(String key, Signal signal, Instant expiresAt) throws StoreException {
    return keepEarlier(key, signal, expiresAt, FIRST_AT_MS, FIRST_ID, FIRST_SUMMARY);
  }

  @Override
  public Pair recordSecond(String key, Signal signal, Instant expiresAt) throws StoreException {
    return keepEarlier(key, signal, expiresAt, SECOND_AT_MS, SECOND_ID, SECOND_SUMMARY);
  }

  private Pair keepEarlier(String key, Signal signal, Instant expiresAt, String at, String id, String summary)
      throws StoreException {
    requests.incrementAndGet();
    try {
      var response = dynamo.updateItem(b -> b.tableName(table).key(DedupTable.signalKey(key))
          .updateExpression("SET " + at + " = :at, " + id + " = :id, " + summary + " = :summary, " + TTL + " = :ttl")
          .conditionExpression("attribute_not_exists(" + at + ") OR " + at + " > :at")
          .expressionAttributeValues(Map.of(
              ":at", number(signal.time().toEpochMilli()),
              ":id", AttributeValue.fromS(signal.eventId()),
              ":summary", AttributeValue.fromS(signal.summary().toJson()),
              ":ttl", DedupTable.ttl(expiresAt)))
          .returnValues(ReturnValue.ALL_NEW)
          .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
      return pair(response.attributes());
    } catch (ConditionalCheckFailedException e) {
      if (!e.hasItem()) { // the condition fails only on a stored, earlier signal, which DynamoDB returns
        throw new StoreException("DynamoDB refused the signal of " + key + " without returning the item", e);
      }
      return pair(e.item());
    } catch (SdkException e) {
      throw new StoreException("DynamoDB UpdateItem on " + table + " failed: " + e.getMessage(), e);
    }
  }

  private static Pair pair(Map<String, AttributeValue> item) throws StoreException {
    return new Pair(signal(item, FIRST_AT_MS, FIRST_ID, FIRST_SUMMARY), signal(item, SECOND_AT_MS, SECOND_ID, SECOND_SUMMARY));
  }

  private static Signal signal(Map<String, AttributeValue> item, String at, String id, String summary)
      throws StoreException {
    if (item == null || !item.containsKey(at)) {
      return null;
    }
    try {
      return new Signal(Instant.ofEpochMilli(Long.parseLong(item.get(at).n())), item.get(id).s(),
          Summary.fromJson(item.get(summary).s()));
    } catch (IllegalArgumentException e) {
      throw new StoreException("the signal item " + item.get(DedupTable.PK).s() + " is damaged: " + e.getMessage(), e);
    }
  }
}
