package io.trailwatch.aws;

import static io.trailwatch.aws.DedupTable.LAST_SEEN_MS;
import static io.trailwatch.aws.DedupTable.PK;
import static io.trailwatch.aws.DedupTable.TTL;

import io.trailwatch.engine.TermStore;
import io.trailwatch.engine.WindowStore.StoreException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * {@link TermStore} over the dedup table ({@link DedupTable}: one sighting item per combination); it
 * only translates. Reads are strongly consistent BatchGetItem (100 keys a request), writes BatchWriteItem
 * puts (25 a request); what DynamoDB leaves unprocessed is sent again after a growing pause (50 ms,
 * doubling), four times at most, then the step fails.
 * A put overwrites: the last sighting wins, and sightings are processing times, so it only moves forward
 * (two invocations a few milliseconds apart may swap, which no decision notices).
 */
public final class DynamoDbTermStore implements TermStore {
  private static final int READ_BATCH = 100;
  private static final int WRITE_BATCH = 25;
  private static final int ATTEMPTS = 5;

  private final DynamoDbClient dynamo;
  private final String table;
  private final AtomicLong requests = new AtomicLong();

  public DynamoDbTermStore(DynamoDbClient dynamo, String table) {
    this.dynamo = dynamo;
    this.table = table;
  }

  private static void pauseBefore(int attempt) throws StoreException {
    if (attempt == 0) {
      return;
    }
    try {
      Thread.sleep(50L << (attempt - 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while DynamoDB had unprocessed sightings", e);
    }
  }

  /** Requests made so far. */
  public long requests() {
    return requests.get();
  }

  @Override
  public Map<String, Instant> lastSeen(Set<String> keys) throws StoreException {
    Map<String, String> byPk = new HashMap<>();
    keys.forEach(key -> byPk.put(DedupTable.termKey(key).get(PK).s(), key));
    List<String> pks = new ArrayList<>(byPk.keySet());
    Map<String, Instant> out = new HashMap<>();
    for (int from = 0; from < pks.size(); from += READ_BATCH) {
      List<Map<String, AttributeValue>> pending = pks.subList(from, Math.min(pks.size(), from + READ_BATCH)).stream()
          .map(pk -> Map.of(PK, AttributeValue.fromS(pk))).toList();
      for (int attempt = 0; !pending.isEmpty(); attempt++) {
        if (attempt == ATTEMPTS) {
          throw new StoreException("DynamoDB left " + pending.size() + " sightings unread after " + ATTEMPTS + " tries", null);
        }
        pauseBefore(attempt);
        List<Map<String, AttributeValue>> batch = pending;
        requests.incrementAndGet();
        try {
          var response = dynamo.batchGetItem(b -> b.requestItems(Map.of(table,
              KeysAndAttributes.builder().keys(batch).consistentRead(true).build())));
          for (Map<String, AttributeValue> item : response.responses().getOrDefault(table, List.of())) {
            out.put(byPk.get(item.get(PK).s()), Instant.ofEpochMilli(Long.parseLong(item.get(LAST_SEEN_MS).n())));
          }
          KeysAndAttributes left = response.unprocessedKeys().get(table);
          pending = left == null ? List.of() : left.keys();
        } catch (SdkException e) {
          throw new StoreException("DynamoDB BatchGetItem on " + table + " failed: " + e.getMessage(), e);
        }
      }
    }
    return out;
  }

  @Override
  public void saw(Map<String, Instant> expiresAt, Instant time) throws StoreException {
    List<WriteRequest> puts = new ArrayList<>();
    expiresAt.forEach((key, expires) -> {
      Map<String, AttributeValue> item = new HashMap<>(DedupTable.termKey(key));
      item.put(LAST_SEEN_MS, DedupTable.number(time.toEpochMilli()));
      item.put(TTL, DedupTable.ttl(expires));
      puts.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
    });
    for (int from = 0; from < puts.size(); from += WRITE_BATCH) {
      List<WriteRequest> pending = puts.subList(from, Math.min(puts.size(), from + WRITE_BATCH));
      for (int attempt = 0; !pending.isEmpty(); attempt++) {
        if (attempt == ATTEMPTS) {
          throw new StoreException("DynamoDB left " + pending.size() + " sightings unwritten after " + ATTEMPTS + " tries",
              null);
        }
        pauseBefore(attempt);
        List<WriteRequest> batch = pending;
        requests.incrementAndGet();
        try {
          var response = dynamo.batchWriteItem(b -> b.requestItems(Map.of(table, batch)));
          pending = response.unprocessedItems().getOrDefault(table, List.of());
        } catch (SdkException e) {
          throw new StoreException("DynamoDB BatchWriteItem on " + table + " failed: " + e.getMessage(), e);
        }
      }
    }
  }
}
