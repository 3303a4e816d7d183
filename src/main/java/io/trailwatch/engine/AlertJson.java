package io.trailwatch.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/**
 * The alert's JSON, schema version 1, one object on one line, fields in a fixed order. Times are
 * ISO-8601 UTC. Rules kept: {@link #fit} never drops a field of the alert itself; it shortens the
 * activity's lists first (saying so with {@code "cut": true}), then the embedded event (saying so with
 * {@code "truncated": true}).
 */
public final class AlertJson {
  /** Fields of a CloudTrail record kept when the event must shrink; big free-form ones go first. */
  private static final Set<String> KEEP_WHEN_SHRUNK = Set.of(
      "eventVersion", "userIdentity", "eventTime", "eventSource", "eventName", "awsRegion", "sourceIPAddress",
      "userAgent", "errorCode", "errorMessage", "requestID", "eventID", "eventType", "recipientAccountId",
      "readOnly", "managementEvent", "eventCategory");

  /** How many entries each activity list keeps when an alert must shrink. */
  static final int SHORT_LISTS = 3;

  /** Alerts are written, never read: a mapper of their own, not the hostile-log reader's. */
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private AlertJson() {}

  public static ObjectNode toTree(Alert alert) {
    ObjectNode out = MAPPER.createObjectNode();
    out.put("schemaVersion", Alert.SCHEMA_VERSION);
    out.put("alertId", alert.alertId());
    out.put("ruleId", alert.rule().ruleId());
    out.put("severity", alert.rule().severity());
    out.put("title", alert.title());
    out.put("dedup", alert.dedup());
    out.put("dedupPeriodMinutes", alert.rule().dedupPeriodMinutes());
    out.put("threshold", alert.rule().threshold());
    out.put("windowStart", alert.windowStart().toString());
    out.put("eventCount", alert.eventCount());
    out.put("reason", alert.firstSeen() == null ? "match" : "first seen");
    if (alert.firstSeen() != null) {
      ObjectNode newTerms = out.putObject("newTerms");
      newTerms.put("historyDays", alert.firstSeen().historyDays());
      ObjectNode terms = newTerms.putObject("terms");
      alert.firstSeen().terms().forEach(terms::put);
    }
    ObjectNode context = out.putObject("alertContext");
    new java.util.TreeMap<>(alert.alertContext()).forEach(context::put);
    ObjectNode entities = out.putObject("entities");
    alert.entities().values().forEach((kind, list) -> list.forEach(entities.putArray(kind.key())::add));
    ObjectNode activity = out.putObject("activity");
    Activity a = alert.activity();
    activity.put("events", a.events());
    activity.put("firstEventTime", a.firstEventTime().toString());
    activity.put("lastEventTime", a.lastEventTime().toString());
    ObjectNode calls = activity.putObject("calls");
    a.calls().forEach(calls::put);
    calls.put("other", a.other());
    a.sourceIPAddresses().forEach(activity.putArray("sourceIPAddresses")::add);
    a.userAgents().forEach(activity.putArray("userAgents")::add);
    a.awsRegions().forEach(activity.putArray("awsRegions")::add);
    activity.put("cut", a.cut());
    out.set("event", alert.event());
    ObjectNode source = out.putObject("source");
    alert.source().fields().forEach(source::put);
    out.put("createdAt", alert.createdAt().toString());
    out.put("truncated", alert.truncated());
    return out;
  }

  public static String toJson(Alert alert) {
    try {
      return MAPPER.writeValueAsString(toTree(alert));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an alert always serialises", e);
    }
  }

  /**
   * The alert's JSON within {@code maxBytes} of UTF-8: as is when it fits; else with the activity's
   * lists cut to {@link #SHORT_LISTS} entries; else also with the event cut to its key fields; else with
   * the event reduced to its eventID and eventTime.
   *
   * @throws IllegalArgumentException when even that does not fit
   */
  public static String fit(Alert alert, int maxBytes) {
    String json = toJson(alert);
    if (utf8Length(json) <= maxBytes) {
      return json;
    }
    alert = alert.withActivity(alert.activity().shortened(SHORT_LISTS));
    json = toJson(alert);
    if (utf8Length(json) <= maxBytes) {
      return json;
    }
    ObjectNode smaller = MAPPER.createObjectNode();
    for (Map.Entry<String, JsonNode> field : alert.event().properties()) {
      if (KEEP_WHEN_SHRUNK.contains(field.getKey())) {
        smaller.set(field.getKey(), field.getValue());
      }
    }
    json = toJson(alert.withTruncatedEvent(smaller));
    if (utf8Length(json) <= maxBytes) {
      return json;
    }
    ObjectNode minimal = MAPPER.createObjectNode();
    minimal.set("eventID", Fields.get(alert.event(), "eventID"));
    minimal.set("eventTime", Fields.get(alert.event(), "eventTime"));
    json = toJson(alert.withTruncatedEvent(minimal));
    if (utf8Length(json) <= maxBytes) {
      return json;
    }
    throw new IllegalArgumentException("alert " + alert.alertId() + " does not fit in " + maxBytes + " bytes");
  }

  private static int utf8Length(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }
}
