package io.trailwatch.aws;

import static io.trailwatch.aws.DedupTable.DEDUP;
import static io.trailwatch.aws.DedupTable.EVENT_COUNT;
import static io.trailwatch.aws.DedupTable.EXPIRES_AT_MS;
import static io.trailwatch.aws.DedupTable.LEASE_OWNER;
import static io.trailwatch.aws.DedupTable.LEASE_UNTIL_MS;
import static io.trailwatch.aws.DedupTable.OPENER;
import static io.trailwatch.aws.DedupTable.PK;
import static io.trailwatch.aws.DedupTable.PUBLISHED;
import static io.trailwatch.aws.DedupTable.SENT_TO;
import static io.trailwatch.aws.DedupTable.THRESHOLD;
import static io.trailwatch.aws.DedupTable.TTL;
import static io.trailwatch.aws.DedupTable.WINDOW_START;
import static io.trailwatch.aws.DedupTable.number;

import io.trailwatch.engine.Digests;
import io.trailwatch.engine.WindowStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * {@link WindowStore} over one DynamoDB table ({@link DedupTable} gives the items); it only
 * translates. An open is one conditional put of the window, which names its opener; a join is a
 * transaction of two items (the object's marker and the window's count, refused for the opener), so
 * counting is idempotent without any item growing; a claim and a mark are conditional updates of the
 * window; a read of many windows is a {@code BatchGetItem}. Liveness is decided by conditions on
 * {@code expiresAtMs}, never by whether DynamoDB's TTL has deleted an item yet. Conditional-check
 * failures are answers; every other SDK failure is a {@link StoreException}.
 */
public final class DynamoDbWindowStore implements WindowStore {
  private static final String CONDITION_FAILED = "ConditionalCheckFailed";
  /** BatchGetItem's limit of keys a request. */
  private static final int BATCH_GET = 100;

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
    return Optional.ofNullable(item(dedup)).map(DynamoDbWindowStore::window);
  }

  /** The window item of {@code dedup}, or null; strongly consistent. */
  private Map<String, AttributeValue> item(String dedup) throws StoreException {
    GetItemResponse response = call("GetItem", () -> dynamo.getItem(b -> b.tableName(table)
        .key(DedupTable.windowKey(dedup)).consistentRead(true)));
    return response.hasItem() && !response.item().isEmpty() ? seen(response.item()) : null;
  }

  /** {@code BatchGetItem}s of 100 keys, strongly consistent; keys DynamoDB leaves unprocessed are left out. */
  @Override
  public Map<String, Optional<Window>> readAll(Collection<String> dedups) throws StoreException {
    Map<String, Optional<Window>> windows = new HashMap<>();
    List<String> all = List.copyOf(new LinkedHashSet<>(dedups));
    for (int from = 0; from < all.size(); from += BATCH_GET) {
      Map<String, String> byKey = new HashMap<>();
      List<Map<String, AttributeValue>> keys = new ArrayList<>();
      for (String dedup : all.subList(from, Math.min(all.size(), from + BATCH_GET))) {
        Map<String, AttributeValue> key = DedupTable.windowKey(dedup);
        byKey.put(key.get(PK).s(), dedup);
        keys.add(key);
      }
      BatchGetItemResponse response = call("BatchGetItem", () -> dynamo.batchGetItem(b -> b.requestItems(
          Map.of(table, KeysAndAttributes.builder().keys(keys).consistentRead(true).build()))));
      byKey.values().forEach(dedup -> windows.put(dedup, Optional.empty()));
      for (Map<String, AttributeValue> item : response.responses().getOrDefault(table, List.of())) {
        windows.put(byKey.get(item.get(PK).s()), Optional.of(window(seen(item))));
      }
      KeysAndAttributes unprocessed = response.unprocessedKeys().get(table);
      if (unprocessed != null) {
        unprocessed.keys().forEach(key -> windows.remove(byKey.get(key.get(PK).s())));
      }
    }
    return windows;
  }

  @Override
  public Joined join(String dedup, Window window, String objectId, long count, Instant now)
      throws StoreException {
    Instant windowStart = window.start();
    String opener = Digests.id(objectId);
    Update add = Update.builder().tableName(table).key(DedupTable.windowKey(dedup))
        .updateExpression("ADD " + EVENT_COUNT + " :n")
        .conditionExpression(WINDOW_START + " = :ws AND " + EXPIRES_AT_MS + " > :now AND (attribute_not_exists("
            + OPENER + ") OR " + OPENER + " <> :opener)")
        .expressionAttributeValues(Map.of(":n", number(count), ":ws", number(windowStart.toEpochMilli()),
            ":now", number(now.toEpochMilli()), ":opener", AttributeValue.fromS(opener)))
        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
        .build();
    List<CancellationReason> reasons = transact(
        TransactWriteItem.builder().put(marker(dedup, window, objectId)).build(),
        TransactWriteItem.builder().update(add).build());
    if (reasons == null) {
      return Joined.ADDED;
    }
    if (CONDITION_FAILED.equals(reasons.get(1).code())) { // the window changed, or this object opened it
      Map<String, AttributeValue> stored = reasons.get(1).hasItem() && !reasons.get(1).item().isEmpty()
          ? reasons.get(1).item() : item(dedup);
      boolean openedIt = stored != null && stored.get(OPENER) != null && opener.equals(stored.get(OPENER).s())
          && window(stored).start().equals(windowStart) && window(stored).liveAt(now);
      return openedIt ? Joined.ALREADY_COUNTED : Joined.STALE;
    }
    return CONDITION_FAILED.equals(reasons.get(0).code()) ? Joined.ALREADY_COUNTED : Joined.STALE;
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
    item.put(OPENER, AttributeValue.fromS(Digests.id(objectId)));
    PutItemRequest.Builder put = PutItemRequest.builder().tableName(table).item(seen(item))
        .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL);
    if (replacing == null) {
      put.conditionExpression("attribute_not_exists(" + PK + ")");
    } else {
      put.conditionExpression(WINDOW_START + " = :ws AND " + EVENT_COUNT + " = :c AND " + EXPIRES_AT_MS + " <= :start")
          .expressionAttributeValues(Map.of(
              ":ws", number(replacing.start().toEpochMilli()),
              ":c", number(replacing.count()),
              ":start", number(window.start().toEpochMilli())));
    }
    try {
      count(call("PutItem", () -> dynamo.putItem(put.build())).consumedCapacity());
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    }
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

  /** Runs a transaction; null when it committed, else each item's cancellation reason (code "None" when fine). */
  private List<CancellationReason> transact(TransactWriteItem... items) throws StoreException {
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
      return e.cancellationReasons();
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
