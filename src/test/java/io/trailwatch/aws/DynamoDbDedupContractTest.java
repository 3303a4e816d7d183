package io.trailwatch.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailwatch.engine.DedupContract;
import io.trailwatch.engine.Digests;
import io.trailwatch.engine.WindowStore;
import io.trailwatch.lambda.AwsServer;
import io.trailwatch.lambda.FaultProxy;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The dedup contract against {@link DynamoDbWindowStore} on a real emulator (moto, or LocalStack where
 * Docker runs and no moto is set), plus what only a real table shows: item sizes and TTLs, and a lost
 * response that the SDK itself retries.
 */
class DynamoDbDedupContractTest extends DedupContract {
  private AwsServer aws;
  private String table;
  private DynamoDbWindowStore dynamo;

  protected AwsServer server() {
    return AwsServer.connect();
  }

  @Override
  protected WindowStore newStore() {
    aws = server();
    table = aws.table();
    dynamo = new DynamoDbWindowStore(aws.dynamo, table);
    return dynamo;
  }

  /**
   * moto deep-copies a table before every transaction, so a window of n objects costs O(n) per join
   * there; 600 objects show the constant item size in seconds. LocalStack runs the full 13,000.
   */
  @Override
  protected int backlogObjects() {
    return aws.address.equals(AwsServer.motoAddress()) ? 600 : super.backlogObjects();
  }

  /**
   * moto snapshots a table before a transaction and restores it when one is cancelled, losing the
   * writes of transactions that ran meanwhile, and fails copies that race with writes (HTTP 500).
   */
  @Override
  protected boolean atomicUnderConcurrency() {
    return !aws.address.equals(AwsServer.motoAddress());
  }

  @Override
  protected OptionalLong largestItemBytes() {
    return OptionalLong.of(dynamo.usage().largestItemBytes());
  }

  private static final String ALICE_DEDUP = dedupOf("alice");

  @Test
  void givenAJoinWhoseResponseIsLost_whenTheSdkRetriesIt_expectCountedOnce() throws Exception {
    try (FaultProxy proxy = new FaultProxy(aws.address)) {
      DynamoDbWindowStore viaProxy = new DynamoDbWindowStore(aws.via(proxy.endpoint()).dynamo, table);
      Instant now = clock.instant();
      WindowStore.Window window = new WindowStore.Window(now, now.plus(Duration.ofHours(1)), 1, 1, false);
      assertTrue(viaProxy.open(ALICE_DEDUP, null, "obj1", window, null));
      proxy.loseResponses(FaultProxy.dynamo("TransactWriteItems"), 1, 500, "application/x-amz-json-1.0",
          "{\"__type\":\"com.amazonaws.dynamodb.v20120810#InternalServerError\",\"message\":\"lost\"}");
      WindowStore.Joined joined = viaProxy.join(ALICE_DEDUP, window, "obj2", 1, now);
      assertEquals(1, proxy.injected(), "the first try took effect and its answer was lost");
      assertTrue(joined == WindowStore.Joined.ALREADY_COUNTED || joined == WindowStore.Joined.ADDED, joined.toString());
      assertEquals(2, viaProxy.read(ALICE_DEDUP).orElseThrow().count(), "counted once");
    }
  }

  @Test
  void givenAWindowAndAMarker_whenStored_expectEveryAttributeNamedByTheSchemaAndTtlsSet() throws Exception {
    Instant start = clock.instant();
    dedup().apply(batch("alice"), "obj1");
    Map<String, AttributeValue> window = aws.item(table, DedupTable.windowKey(ALICE_DEDUP).get(DedupTable.PK).s());
    assertEquals(new TreeSet<>(Set.of(DedupTable.PK, DedupTable.TTL, DedupTable.DEDUP, DedupTable.WINDOW_START,
        DedupTable.EXPIRES_AT_MS, DedupTable.EVENT_COUNT, DedupTable.THRESHOLD, DedupTable.PUBLISHED,
        DedupTable.LEASE_OWNER, DedupTable.LEASE_UNTIL_MS, DedupTable.OPENER)), new TreeSet<>(window.keySet()));
    assertEquals(Digests.id("obj1"), window.get(DedupTable.OPENER).s());
    assertTrue(aws.item(table, DedupTable.markerKey(ALICE_DEDUP, start, "obj1").get(DedupTable.PK).s()).isEmpty(),
        "the opener is named in the window, without a marker");
    Instant end = clock.instant().plus(Duration.ofHours(1));
    assertEquals(end.getEpochSecond(), Long.parseLong(window.get(DedupTable.TTL).n()),
        "published: the window's TTL is its end");
    dedup().apply(batch("alice"), "obj2");
    Map<String, AttributeValue> marker = aws.item(table,
        DedupTable.markerKey(ALICE_DEDUP, start, "obj2").get(DedupTable.PK).s());
    assertEquals(Set.of(DedupTable.PK, DedupTable.TTL), marker.keySet());
    assertEquals(end.getEpochSecond(), Long.parseLong(marker.get(DedupTable.TTL).n()));
    assertTrue(DedupTable.size(window) < 400 && DedupTable.size(marker) < 120,
        DedupTable.size(window) + " / " + DedupTable.size(marker));
  }

  @Test
  void givenAWindowOpenedBeforeTheOpenerAttribute_whenItsOpenerJoins_expectAlreadyCountedByItsMarker()
      throws Exception {
    Instant now = clock.instant();
    WindowStore.Window window = new WindowStore.Window(now, now.plus(Duration.ofHours(1)), 1, 5, false);
    assertTrue(dynamo.open(ALICE_DEDUP, null, "obj1", window, null));
    String pk = DedupTable.windowKey(ALICE_DEDUP).get(DedupTable.PK).s();
    aws.dynamo.updateItem(b -> b.tableName(table).key(DedupTable.windowKey(ALICE_DEDUP))
        .updateExpression("REMOVE " + DedupTable.OPENER)); // as the earlier version wrote it: a marker instead
    aws.dynamo.putItem(b -> b.tableName(table).item(DedupTable.markerKey(ALICE_DEDUP, now, "obj1")));
    assertTrue(aws.item(table, pk).get(DedupTable.OPENER) == null);
    assertEquals(WindowStore.Joined.ALREADY_COUNTED, dynamo.join(ALICE_DEDUP, window, "obj1", 1, now));
    assertEquals(WindowStore.Joined.ADDED, dynamo.join(ALICE_DEDUP, window, "obj2", 1, now));
    assertEquals(2, dynamo.read(ALICE_DEDUP).orElseThrow().count());
  }

  @Test
  void givenAnUnpublishedDueWindow_whenStored_expectItsTtlToOutliveTheFailureQueue() throws Exception {
    publisher.failNext(1);
    try {
      dedup().apply(batch("alice"), "obj1");
    } catch (io.trailwatch.engine.AlertPublisher.PublishException expected) {
      // SNS down
    }
    Map<String, AttributeValue> window = aws.item(table, DedupTable.windowKey(ALICE_DEDUP).get(DedupTable.PK).s());
    Instant end = clock.instant().plus(Duration.ofHours(1));
    assertEquals(end.plus(DedupTable.UNPUBLISHED_GRACE).getEpochSecond(), Long.parseLong(window.get(DedupTable.TTL).n()));
  }
}
