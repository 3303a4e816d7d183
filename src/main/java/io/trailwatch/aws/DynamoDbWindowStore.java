package io.trailwatch.aws;

import io.trailwatch.engine.Digests;
import io.trailwatch.engine.WindowStore;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * {@link WindowStore} over one DynamoDB table; it only translates.
 *
 * <p>Item per dedup string: {@code pk} = {@code w#} + 32 hex digits of SHA-256 of the dedup string;
 * {@code dedup}; {@code windowStart} and {@code expiresAtMs} (epoch ms); {@code expiresAt} (epoch
 * seconds, the table's TTL attribute, rounded up); {@code eventCount}; {@code objs} (string set of
 * the object ids counted); {@code published} (boolean). Liveness is decided by the condition
 * {@code expiresAtMs > now}, never by whether DynamoDB has deleted the item yet.
 * Conditional-check failures are answers; every other SDK failure is a {@link StoreException}.
 */
public final class DynamoDbWindowStore implements WindowStore {
  private final DynamoDbClient dynamo;
  private final String table;
  private final AtomicLong requests = new AtomicLong();

  public DynamoDbWindowStore(DynamoDbClient dynamo, String table) {
    this.dynamo = dynamo;
    this.table = table;
  }

  /** DynamoDB requests made so far (for metrics and benchmarks). */
  public long requests() {
    return requests.get();
  }

  @Override
  public Joined join(String dedup, String objectId, long count, Instant now) throws StoreException {
    UpdateItemRequest request = UpdateItemRequest.builder()
        .tableName(table)
        .key(key(dedup))
        .updateExpression("SET eventCount = eventCount + :n ADD objs :obj")
        .conditionExpression("attribute_exists(pk) AND expiresAtMs > :now AND NOT contains(objs, :id)")
        .expressionAttributeValues(Map.of(
            ":n", number(count),
            ":obj", AttributeValue.fromSs(java.util.List.of(objectId)),
            ":id", AttributeValue.fromS(objectId),
            ":now", number(now.toEpochMilli())))
        .returnValues(ReturnValue.ALL_NEW)
        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
        .build();
    try {
      requests.incrementAndGet();
      UpdateItemResponse response = dynamo.updateItem(request);
      long after = Long.parseLong(response.attributes().get("eventCount").n());
      return new Added(instant(response.attributes(), "windowStart"), after - count, after);
    } catch (ConditionalCheckFailedException e) {
      Map<String, AttributeValue> old = e.hasItem() ? e.item() : read(dedup);
      if (old == null || old.isEmpty() || !old.containsKey("expiresAtMs")
          || Long.parseLong(old.get("expiresAtMs").n()) <= now.toEpochMilli()) {
        return new NoLiveWindow();
      }
      if (old.containsKey("objs") && old.get("objs").ss().contains(objectId)) {
        boolean published = old.containsKey("published") && Boolean.TRUE.equals(old.get("published").bool());
        return new AlreadyCounted(instant(old, "windowStart"), Long.parseLong(old.get("eventCount").n()), published);
      }
      return new NoLiveWindow(); // changed under us: the caller's open fails and it joins again
    } catch (SdkException e) {
      throw new StoreException("DynamoDB UpdateItem on " + table + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public boolean open(String dedup, String objectId, long count, Instant windowStart, Instant expiresAt)
      throws StoreException {
    long expiresMs = expiresAt.toEpochMilli();
    Map<String, AttributeValue> item = Map.of(
        "pk", AttributeValue.fromS(pk(dedup)),
        "dedup", AttributeValue.fromS(dedup),
        "windowStart", number(windowStart.toEpochMilli()),
        "expiresAtMs", number(expiresMs),
        "expiresAt", number(Math.floorDiv(expiresMs + 999, 1000)),
        "eventCount", number(count),
        "objs", AttributeValue.fromSs(java.util.List.of(objectId)),
        "published", AttributeValue.fromBool(false));
    PutItemRequest request = PutItemRequest.builder()
        .tableName(table)
        .item(item)
        .conditionExpression("attribute_not_exists(pk) OR expiresAtMs <= :start")
        .expressionAttributeValues(Map.of(":start", number(windowStart.toEpochMilli())))
        .build();
    try {
      requests.incrementAndGet();
      dynamo.putItem(request);
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    } catch (SdkException e) {
      throw new StoreException("DynamoDB PutItem on " + table + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void markPublished(String dedup, Instant windowStart) throws StoreException {
    UpdateItemRequest request = UpdateItemRequest.builder()
        .tableName(table)
        .key(key(dedup))
        .updateExpression("SET published = :t")
        .conditionExpression("windowStart = :ws")
        .expressionAttributeValues(Map.of(":t", AttributeValue.fromBool(true), ":ws", number(windowStart.toEpochMilli())))
        .build();
    try {
      requests.incrementAndGet();
      dynamo.updateItem(request);
    } catch (ConditionalCheckFailedException e) {
      // a newer window replaced this one: nothing to mark
    } catch (SdkException e) {
      throw new StoreException("DynamoDB UpdateItem on " + table + " failed: " + e.getMessage(), e);
    }
  }

  private Map<String, AttributeValue> read(String dedup) throws StoreException {
    try {
      requests.incrementAndGet();
      var response = dynamo.getItem(GetItemRequest.builder().tableName(table).key(key(dedup)).consistentRead(true).build());
      return response.hasItem() ? response.item() : null;
    } catch (SdkException e) {
      throw new StoreException("DynamoDB GetItem on " + table + " failed: " + e.getMessage(), e);
    }
  }

  private static Map<String, AttributeValue> key(String dedup) {
    return Map.of("pk", AttributeValue.fromS(pk(dedup)));
  }

  static String pk(String dedup) {
    return "w#" + Digests.id(dedup);
  }

  private static AttributeValue number(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }

  private static Instant instant(Map<String, AttributeValue> item, String field) {
    return Instant.ofEpochMilli(Long.parseLong(item.get(field).n()));
  }
}
