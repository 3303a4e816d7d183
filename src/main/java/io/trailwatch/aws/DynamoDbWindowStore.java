package io.trailwatch.aws;

import static io.trailwatch.aws.DedupTable.DEDUP;
import static io.trailwatch.aws.DedupTable.EVENT_COUNT;
import static io.trailwatch.aws.DedupTable.EXPIRES_AT_MS;
import static io.trailwatch.aws.DedupTable.LEASE_OWNER;
import static io.trailwatch.aws.DedupTable.LEASE_UNTIL_MS;
import static io.trailwatch.aws.DedupTable.PK;
import static io.trailwatch.aws.DedupTable.PUBLISHED;
import static io.trailwatch.aws.DedupTable.SENT_TO;
import static io.trailwatch.aws.DedupTable.THRESHOLD;
import static io.trailwatch.aws.DedupTable.TTL;
import static io.trailwatch.aws.DedupTable.WINDOW_START;
import static io.trailwatch.aws.DedupTable.number;

import io.trailwatch.engine.WindowStore;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * {@link WindowStore} over one DynamoDB table ({@link DedupTable} gives the items); it only
 * translates. A join and an open are transactions of two items (the window and the object's
 * marker), so counting is idempotent without any item growing; a claim and a mark are conditional
 * updates of the window. Liveness is decided by conditions on {@code expiresAtMs}, never by whether
 * DynamoDB's TTL has deleted an item yet. Conditional-check failures are answers; every other SDK
 * failure is a {@link StoreException}.
 */
public final class DynamoDbWindowStore implements WindowStore {
  private static final String CONDITION_FAILED = "ConditionalCheckFailed";

  private final DynamoDbClient dynamo;
  private final String table;
  private final AtomicLong requests = new AtomicLong();
  private final DoubleAdder consumedWriteUnits = new DoubleAdder();
  private final AtomicLong largestItem = new AtomicLong();

  public DynamoDbWindowStore(DynamoDbClient dynamo, String table) {
    this.dynamo = dynamo;
    this.table = table;
  }

  /** What this store has cost so far: requests, write units as DynamoDB reported them, largest item seen. */
  public record Usage(long requests, double consumedWriteUnits, long largestItemBytes) {}

  public Usage usage() {
    return new Usage(requests.get(), consumedWriteUnits.sum(), largestItem.get());
  }

  @Override
  public Optional<Window> read(String dedup) throws StoreException {
    GetItemResponse response = call("GetItem", () -> dynamo.getItem(b -> b.tableName(table)
        .key(DedupTable.windowKey(dedup)).consistentRead(true)));
    if (!response.hasItem() || response.item().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(window(seen(response.item())));
  }

  @Override
  public Joined join(String dedup, Window window, String objectId, long count, Instant now)
      throws StoreException {
    Instant windowStart = window.start();
    Update add = Update.builder().tableName(table).key(DedupTable.windowKey(dedup))
        .updateExpression("ADD " + EVENT_COUNT + " :n")
        .conditionExpression(WINDOW_START + " = :ws AND " + EXPIRES_AT_MS + " > :now")
        .expressionAttributeValues(Map.of(
            ":n", number(count), ":ws", number(windowStart.toEpochMilli()), ":now", number(now.toEpochMilli())))
        .build();
    List<String> reasons = transact(TransactWriteItem.builder().put(marker(dedup, window, objectId)).build(),
        TransactWriteItem.builder().update(add).build());
    if (reasons == null) {
      return Joined.ADDED;
    }
    if (CONDITION_FAILED.equals(reasons.get(1))) {
      return Joined.STALE;
    }
    return CONDITION_FAILED.equals(reasons.get(0)) ? Joined.ALREADY_COUNTED : Joined.STALE;
  }

  @Override
  public boolean open(String dedup, Window replacing, String objectId, Window window, Lease lease)
      throws StoreException {
    Map<String, AttributeValue> item = new HashMap<>(DedupTable.windowKey(dedup));
    item.put(DEDUP, AttributeValue.fromS(dedup));
    item.put(WINDOW_START, number(window.start().toEpochMilli()));
    item.put(EXPIRES_AT_MS, number(window.expiresAt().toEpochMilli()));
    item.put(TTL, DedupTable.ttl(window.expiresAt().plus(DedupTable.UNPUBLISHED_GRACE)));
    item.put(EVENT_COUNT, number(window.count()));
    item.put(THRESHOLD, number(window.threshold()));
    item.put(PUBLISHED, AttributeValue.fromBool(false));
    item.put(LEASE_OWNER, AttributeValue.fromS(lease == null ? "" : lease.owner()));
    item.put(LEASE_UNTIL_MS, number(lease == null ? 0 : lease.until().toEpochMilli()));
    Put.Builder put = Put.builder().tableName(table).item(item);
    if (replacing == null) {
      put.conditionExpression("attribute_not_exists(" + PK + ")");
    } else {
      put.conditionExpression(WINDOW_START + " = :ws AND " + EVENT_COUNT + " = :c AND " + EXPIRES_AT_MS + " <= :start")
          .expressionAttributeValues(Map.of(
              ":ws", number(replacing.start().toEpochMilli()),
              ":c", number(replacing.count()),
              ":start", number(window.start().toEpochMilli())));
    }
    seen(item);
    List<String> reasons = transact(TransactWriteItem.builder().put(put.build()).build(),
        TransactWriteItem.builder().put(marker(dedup, window, objectId)).build());
    return reasons == null;
  }

  @Override
  public Claim claim(String dedup, Instant windowStart, long threshold, Lease lease, Instant now)
      throws StoreException {
    try {
      UpdateItemResponse response = call("UpdateItem", () -> dynamo.updateItem(b -> b.tableName(table)
          .key(DedupTable.windowKey(dedup))
          .updateExpression("SET " + LEASE_OWNER + " = :me, " + LEASE_UNTIL_MS + " = :until")
          .conditionExpression(WINDOW_START + " = :ws AND " + PUBLISHED + " = :f AND " + EVENT_COUNT + " >= :thr"
              + " AND (" + LEASE_UNTIL_MS + " <= :now OR " + LEASE_OWNER + " = :me)")
          .expressionAttributeValues(Map.of(
              ":me", AttributeValue.fromS(lease.owner()),
              ":until", number(lease.until().toEpochMilli()),
              ":ws", number(windowStart.toEpochMilli()),
              ":f", AttributeValue.fromBool(false),
              ":thr", number(threshold),
              ":now", number(now.toEpochMilli())))
          .returnValues(ReturnValue.ALL_NEW)
          .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
          .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)));
      count(response.consumedCapacity());
      return new Claimed(window(seen(response.attributes())));
    } catch (ConditionalCheckFailedException e) {
      Map<String, AttributeValue> old = e.hasItem() ? e.item() : null;
      if (old == null || old.isEmpty()) {
        Optional<Window> stored = read(dedup);
        return stored.isPresent() && stored.get().start().equals(windowStart) && stored.get().due(threshold)
            ? new Held() : new Settled();
      }
      Window w = window(old);
      return w.start().equals(windowStart) && w.due(threshold) ? new Held() : new Settled();
    }
  }

  @Override
  public void markPublished(String dedup, Instant windowStart) throws StoreException {
    try {
      UpdateItemResponse response = call("UpdateItem", () -> dynamo.updateItem(b -> b.tableName(table)
          .key(DedupTable.windowKey(dedup))
          .updateExpression("SET " + PUBLISHED + " = :t, " + TTL + " = " + TTL + " - :grace")
          .conditionExpression(WINDOW_START + " = :ws AND " + PUBLISHED + " = :f")
          .expressionAttributeValues(Map.of(
              ":t", AttributeValue.fromBool(true),
              ":f", AttributeValue.fromBool(false),
              ":ws", number(windowStart.toEpochMilli()),
              ":grace", number(DedupTable.UNPUBLISHED_GRACE.toSeconds())))
          .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)));
      count(response.consumedCapacity());
    } catch (ConditionalCheckFailedException e) {
      // marked already, or a newer window replaced this one: nothing to do
    }
  }

  @Override
  public void markSent(String dedup, Instant windowStart, String destination) throws StoreException {
    try {
      UpdateItemResponse response = call("UpdateItem", () -> dynamo.updateItem(b -> b.tableName(table)
          .key(DedupTable.windowKey(dedup))
          .updateExpression("ADD " + SENT_TO + " :d")
          .conditionExpression(WINDOW_START + " = :ws AND " + PUBLISHED + " = :f")
          .expressionAttributeValues(Map.of(
              ":d", AttributeValue.fromSs(List.of(destination)),
              ":f", AttributeValue.fromBool(false),
              ":ws", number(windowStart.toEpochMilli())))
          .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)));
      count(response.consumedCapacity());
    } catch (ConditionalCheckFailedException e) {
      // published already, or a newer window replaced this one: nothing to do
    }
  }

  /** The marker of {@code objectId} in {@code window}, written only if absent; it expires with the window. */
  private Put marker(String dedup, Window window, String objectId) {
    Map<String, AttributeValue> item = new HashMap<>(DedupTable.markerKey(dedup, window.start(), objectId));
    item.put(TTL, DedupTable.ttl(window.expiresAt()));
    return Put.builder().tableName(table).item(seen(item)).conditionExpression("attribute_not_exists(" + PK + ")")
        .build();
  }

  /** Runs a transaction; null when it committed, else each item's cancellation code ("None" when fine). */
  private List<String> transact(TransactWriteItem... items) throws StoreException {
    try {
      var response = call("TransactWriteItems", () -> dynamo.transactWriteItems(b -> b.transactItems(items)
          .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)));
      if (response.hasConsumedCapacity()) {
        response.consumedCapacity().forEach(this::count);
      }
      return null;
    } catch (TransactionCanceledException e) {
      if (!e.hasCancellationReasons() || e.cancellationReasons().size() != items.length) {
        throw new StoreException("DynamoDB TransactWriteItems on " + table + " was cancelled without reasons: "
            + e.getMessage(), e);
      }
      return e.cancellationReasons().stream().map(CancellationReason::code).toList();
    }
  }

  private interface Call<T> {
    T run();
  }

  private <T> T call(String operation, Call<T> call) throws StoreException {
    requests.incrementAndGet();
    try {
      return call.run();
    } catch (ConditionalCheckFailedException | TransactionCanceledException e) {
      throw e;
    } catch (SdkException e) {
      throw new StoreException("DynamoDB " + operation + " on " + table + " failed: " + e.getMessage(), e);
    }
  }

  private void count(ConsumedCapacity consumed) {
    if (consumed != null && consumed.capacityUnits() != null) {
      consumedWriteUnits.add(consumed.capacityUnits());
    }
  }

  private Map<String, AttributeValue> seen(Map<String, AttributeValue> item) {
    largestItem.accumulateAndGet(DedupTable.size(item), Math::max);
    return item;
  }

  private static Window window(Map<String, AttributeValue> item) {
    AttributeValue sent = item.get(SENT_TO);
    return new Window(instant(item, WINDOW_START), instant(item, EXPIRES_AT_MS), longOf(item, EVENT_COUNT),
        longOf(item, THRESHOLD), Boolean.TRUE.equals(item.get(PUBLISHED).bool()),
        sent == null || !sent.hasSs() ? Set.of() : Set.copyOf(sent.ss()));
  }

  private static long longOf(Map<String, AttributeValue> item, String name) {
    return Long.parseLong(item.get(name).n());
  }

  private static Instant instant(Map<String, AttributeValue> item, String name) {
    return Instant.ofEpochMilli(longOf(item, name));
  }
}
