package io.trailwatch.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailwatch.engine.Json;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class NotificationsTest {
  private final Notifications notifications = new Notifications(EventMapper.MAPPER);

  private Notifications.Parsed read(String json) throws BadEventException {
    return notifications.readEvent(Json.tree(json));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Events.Envelope.class)
  void givenEachEnvelope_whenRead_expectTheObjectWithDecodedKey(Events.Envelope envelope) throws BadEventException {
    Notifications.Parsed parsed = read(Events.wrap(envelope, "b", "AWSLogs/a b+c%/ü.json.gz", "etag"));
    assertEquals(List.of(new ObjectRef("b", "AWSLogs/a b+c%/ü.json.gz", null, "etag")), parsed.items().get(0).objects());
  }

  @ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.ValueSource(strings = {"s3-put.json", "sqs.json", "sns.json", "eventbridge.json", "batch-operations.json"})
  void givenShippedSampleEvent_whenRead_expectTheSampleLogObject(String file) throws Exception {
    String json = java.nio.file.Files.readString(java.nio.file.Path.of("events", file));
    ObjectRef ref = read(json).items().get(0).objects().get(0);
    assertEquals("example-trail-bucket", ref.bucket());
    assertTrue(java.nio.file.Files.isRegularFile(java.nio.file.Path.of("events/cloudtrail", ref.key())), ref.key());
  }

  @Test
  void givenTestEvent_whenRead_expectNoItems() throws BadEventException {
    assertEquals(new Notifications.Parsed(Notifications.Kind.TEST_EVENT, List.of()),
        read("{\"Service\":\"Amazon S3\",\"Event\":\"s3:TestEvent\",\"Bucket\":\"b\"}"));
  }

  @Test
  void givenEmptyBatch_whenRead_expectNoObjects() throws BadEventException {
    assertEquals(List.of(), read("{\"Records\":[]}").items());
  }

  @Test
  void givenObjectRemovedRecord_whenRead_expectIgnored() throws BadEventException {
    String removed = Events.s3("b", "k.json.gz", "e").replace("ObjectCreated:Put", "ObjectRemoved:Delete");
    assertEquals(List.of(), read(removed).items().get(0).objects());
  }

  @Test
  void givenUnknownShape_whenRead_expectErrorListingKeys() {
    BadEventException e = assertThrows(BadEventException.class, () -> read("{\"hello\":1,\"world\":2}"));
    assertEquals("unknown event shape: no Records array, detail-type or s3:TestEvent (keys: [hello, world])", e.getMessage());
  }

  @Test
  void givenS3RecordWithoutBucketName_whenRead_expectErrorNamingTheField() {
    BadEventException e = assertThrows(BadEventException.class,
        () -> read("{\"Records\":[{\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"bucket\":{},\"object\":{\"key\":\"k\"}}}]}"));
    assertEquals("event.Records[0].s3.bucket.name is missing or not a string", e.getMessage());
  }

  @Test
  void givenBadlyEncodedKey_whenRead_expectErrorNamingTheKey() {
    BadEventException e = assertThrows(BadEventException.class, () -> read(Events.s3("b", "k", "e").replace("\"key\":\"k\"", "\"key\":\"bad%zz\"")));
    assertTrue(e.getMessage().startsWith("event.Records[0].s3.object.key is not URL-encoded: URLDecoder: "), e.getMessage());
  }

  @Test
  void givenSqsMessageWithBadBody_whenRead_expectThatItemAloneCarriesTheError() throws BadEventException {
    Notifications.Parsed parsed = read(Events.sqs("ok", Events.s3("b", "k.json.gz", "e"), "bad", "not json"));
    assertEquals(Notifications.Kind.SQS, parsed.kind());
    assertEquals(null, parsed.items().get(0).error());
    assertEquals("bad", parsed.items().get(1).messageId());
    assertTrue(parsed.items().get(1).error().startsWith("Records[1].body is not JSON: Unrecognized token 'not'"),
        parsed.items().get(1).error());
  }

  @Test
  void givenEventBridgeOtherDetailType_whenRead_expectNoObjects() throws BadEventException {
    String deleted = Events.wrap(Events.Envelope.EVENTBRIDGE, "b", "k", "e").replace("Object Created", "Object Deleted");
    assertEquals(List.of(), read(deleted).items().get(0).objects());
  }

  @Test
  void givenSameObjectTwice_whenObjectId_expectSameIdAndDifferentForNewVersion() {
    assertEquals(new ObjectRef("b", "k", null, "e").objectId(), new ObjectRef("b", "k", null, "e").objectId());
    assertEquals(32, new ObjectRef("b", "k", null, "e").objectId().length());
    assertEquals(false, new ObjectRef("b", "k", "v1", "e").objectId().equals(new ObjectRef("b", "k", "v2", "e").objectId()));
  }
}
