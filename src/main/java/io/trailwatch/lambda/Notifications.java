package io.trailwatch.lambda;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the events one function accepts into the objects they name, one {@code readX} per nested
 * JSON object; errors name the bad field.
 *
 * <ul>
 *   <li>S3 event notifications ({@code Records[].s3}): keys are URL-encoded ({@code +} is a space) and
 *       decoded here; only {@code ObjectCreated:*} records count;</li>
 *   <li>the same inside SQS messages ({@code Records[].body}), one batch item per message: a message
 *       whose body is not a notification fails alone;</li>
 *   <li>the same inside SNS ({@code Records[].Sns.Message}), also SNS inside SQS;</li>
 *   <li>EventBridge {@code Object Created} events from {@code aws.s3} ({@code detail.object.key} is not
 *       URL-encoded there, so it is taken as is);</li>
 *   <li>S3's {@code s3:TestEvent}, anywhere a notification may be: no objects;</li>
 *   <li>S3 Batch Operations' LambdaInvoke ({@code invocationSchemaVersion} 1.0 with
 *       {@code tasks[].s3BucketArn}, 2.0 with {@code tasks[].s3Bucket}), one item per task; keys are
 *       URL-encoded there too (AWS's own example decodes them with {@code unquote_plus}); 2.0's
 *       {@code job.userArguments} are not used.</li>
 * </ul>
 */
final class Notifications {
  private final ObjectMapper mapper;

  Notifications(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  enum Kind { S3, SQS, SNS, EVENTBRIDGE, TEST_EVENT, BATCH }

  /** What a Batch Operations invocation says of itself, echoed in the answer (null for other kinds). */
  record Batch(String schemaVersion, String invocationId) {}

  /** A unit that succeeds or fails together: an SQS message, or the whole event for the other kinds. */
  record Item(String messageId, List<ObjectRef> objects, String error) {
    Item {
      objects = List.copyOf(objects);
    }
  }

  record Parsed(Kind kind, List<Item> items, Batch batch) {
    Parsed {
      items = List.copyOf(items);
    }

    Parsed(Kind kind, List<Item> items) {
      this(kind, items, null);
    }
  }

  Parsed readEvent(JsonNode event) throws BadEventException {
    if (event == null || !event.isObject()) {
      throw new BadEventException("the event is not a JSON object");
    }
    if (isTestEvent(event)) {
      return new Parsed(Kind.TEST_EVENT, List.of());
    }
    if (event.has("invocationSchemaVersion") && event.has("tasks")) {
      return readBatch(event);
    }
    if (event.has("detail-type")) {
      return new Parsed(Kind.EVENTBRIDGE, List.of(new Item(null, readEventBridge(event), null)));
    }
    JsonNode records = event.get("Records");
    if (records == null || !records.isArray()) {
      throw new BadEventException("unknown event shape: no Records array, detail-type or s3:TestEvent (keys: "
          + fieldNames(event) + ")");
    }
    if (records.isEmpty()) {
      return new Parsed(Kind.S3, List.of());
    }
    JsonNode first = records.get(0);
    if ("aws:sqs".equals(first.path("eventSource").asText())) {
      return new Parsed(Kind.SQS, readSqsMessages(records));
    }
    if ("aws:sns".equals(first.path("EventSource").asText())) {
      List<ObjectRef> objects = new ArrayList<>();
      for (int i = 0; i < records.size(); i++) {
        objects.addAll(readSnsRecord(records.get(i), "Records[" + i + "]"));
      }
      return new Parsed(Kind.SNS, List.of(new Item(null, objects, null)));
    }
    return new Parsed(Kind.S3, List.of(new Item(null, readS3Notification(event, "event"), null)));
  }

  private Parsed readBatch(JsonNode event) throws BadEventException {
    String version = readText(event, "invocationSchemaVersion", "event");
    if (!version.equals("1.0") && !version.equals("2.0")) {
      throw new BadEventException("event.invocationSchemaVersion " + version + " is not 1.0 or 2.0");
    }
    String invocationId = readText(event, "invocationId", "event");
    JsonNode tasks = event.get("tasks");
    if (!tasks.isArray()) {
      throw new BadEventException("event.tasks is not a list");
    }
    List<Item> items = new ArrayList<>();
    for (int i = 0; i < tasks.size(); i++) {
      JsonNode task = tasks.get(i);
      String where = "tasks[" + i + "]";
      String taskId = task.path("taskId").asText(where);
      try {
        String bucket = version.equals("1.0") ? bucketOfArn(readText(task, "s3BucketArn", where), where)
            : readText(task, "s3Bucket", where);
        String key = decode(readText(task, "s3Key", where), where + ".s3Key");
        items.add(new Item(taskId, List.of(new ObjectRef(bucket, key, optionalText(task, "s3VersionId"), null)), null));
      } catch (BadEventException e) {
        items.add(new Item(taskId, List.of(), e.getMessage()));
      }
    }
    return new Parsed(Kind.BATCH, items, new Batch(version, invocationId));
  }

  private static String bucketOfArn(String arn, String where) throws BadEventException {
    if (!arn.startsWith("arn:") || !arn.contains(":::") || arn.endsWith(":::")) {
      throw new BadEventException(where + ".s3BucketArn is not a bucket ARN: " + arn);
    }
    return arn.substring(arn.indexOf(":::") + 3);
  }

  private static String decode(String encoded, String where) throws BadEventException {
    try {
      return URLDecoder.decode(encoded, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new BadEventException(where + " is not URL-encoded: " + e.getMessage());
    }
  }

  private List<Item> readSqsMessages(JsonNode records) {
    List<Item> items = new ArrayList<>();
    for (int i = 0; i < records.size(); i++) {
      JsonNode message = records.get(i);
      String where = "Records[" + i + "]";
      String messageId = message.path("messageId").asText(where);
      try {
        JsonNode body = readJsonString(message, "body", where);
        List<ObjectRef> objects = "Notification".equals(body.path("Type").asText())
            ? readSnsMessage(body, where + ".body")
            : readS3Notification(body, where + ".body");
        items.add(new Item(messageId, objects, null));
      } catch (BadEventException e) {
        items.add(new Item(messageId, List.of(), e.getMessage()));
      }
    }
    return items;
  }

  private List<ObjectRef> readSnsRecord(JsonNode record, String where) throws BadEventException {
    JsonNode sns = record.get("Sns");
    if (sns == null || !sns.isObject()) {
      throw new BadEventException(where + ".Sns is missing");
    }
    return readSnsMessage(sns, where + ".Sns");
  }

  private List<ObjectRef> readSnsMessage(JsonNode sns, String where) throws BadEventException {
    return readS3Notification(readJsonString(sns, "Message", where), where + ".Message");
  }

  /** An S3 notification: {@code {"Records": [{"s3": ...}]}} or a test event. */
  private List<ObjectRef> readS3Notification(JsonNode notification, String where) throws BadEventException {
    if (isTestEvent(notification)) {
      return List.of();
    }
    JsonNode records = notification.get("Records");
    if (records == null || !records.isArray()) {
      throw new BadEventException(where + " is not an S3 notification: no Records array");
    }
    List<ObjectRef> objects = new ArrayList<>();
    for (int i = 0; i < records.size(); i++) {
      ObjectRef ref = readS3Record(records.get(i), where + ".Records[" + i + "]");
      if (ref != null) {
        objects.add(ref);
      }
    }
    return objects;
  }

  /** One record of an S3 notification; null when it is not an object creation. */
  private ObjectRef readS3Record(JsonNode record, String where) throws BadEventException {
    JsonNode s3 = record.get("s3");
    if (s3 == null || !s3.isObject()) {
      throw new BadEventException(where + ".s3 is missing: not an S3 event record");
    }
    String eventName = record.path("eventName").asText("");
    if (!eventName.isEmpty() && !eventName.startsWith("ObjectCreated:")) {
      return null;
    }
    String bucket = readText(s3.path("bucket"), "name", where + ".s3.bucket");
    JsonNode object = s3.path("object");
    String key = decode(readText(object, "key", where + ".s3.object"), where + ".s3.object.key");
    return new ObjectRef(bucket, key, optionalText(object, "versionId"), optionalText(object, "eTag"));
  }

  private List<ObjectRef> readEventBridge(JsonNode event) throws BadEventException {
    if (!"aws.s3".equals(event.path("source").asText()) || !"Object Created".equals(event.path("detail-type").asText())) {
      return List.of();
    }
    JsonNode detail = event.path("detail");
    String bucket = readText(detail.path("bucket"), "name", "detail.bucket");
    JsonNode object = detail.path("object");
    String key = readText(object, "key", "detail.object");
    return List.of(new ObjectRef(bucket, key, optionalText(object, "version-id"), optionalText(object, "etag")));
  }

  private JsonNode readJsonString(JsonNode node, String field, String where) throws BadEventException {
    String text = readText(node, field, where);
    try {
      return mapper.readTree(text);
    } catch (JsonProcessingException e) {
      throw new BadEventException(where + "." + field + " is not JSON: " + e.getOriginalMessage());
    }
  }

  private static String readText(JsonNode node, String field, String where) throws BadEventException {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual() || value.textValue().isEmpty()) {
      throw new BadEventException(where + "." + field + " is missing or not a string");
    }
    return value.textValue();
  }

  private static String optionalText(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isTextual() && !value.textValue().isEmpty() ? value.textValue() : null;
  }

  private static boolean isTestEvent(JsonNode node) {
    return node != null && "s3:TestEvent".equals(node.path("Event").asText());
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names.size() > 10 ? names.subList(0, 10) : names;
  }
}
