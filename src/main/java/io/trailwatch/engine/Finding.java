package io.trailwatch.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The alert as one AWS Security Finding Format (ASFF) finding, as plain values (the Security Hub adapter
 * only translates them into the SDK's types).
 *
 * <p>Rules kept:
 * <ul>
 *   <li>{@code id} is {@code trailwatch/} + the alertId: a redelivery of the same window's alert updates
 *       its finding, never adds one;</li>
 *   <li>{@code productArn} is the account's default product
 *       ({@code arn:<partition>:securityhub:<region>:<account>:product/<account>/default}), and
 *       {@code awsAccountId} the account that imports (the event's own account is in the resources);</li>
 *   <li>{@code generatorId} is the rule id; {@code types} per rule; severity INFO reads INFORMATIONAL;</li>
 *   <li>{@code createdAt} is the window's start, {@code updatedAt} the alert's creation,
 *       first/last observed the activity's first and last event;</li>
 *   <li>the description is at most {@link #MAX_DESCRIPTION} characters and the title {@link #MAX_TITLE}
 *       (Security Hub's limits), cut with {@code ...}; the whole finding stays far below 240 KB (no
 *       record is embedded, every value is bounded).</li>
 * </ul>
 */
public record Finding(String id, String productArn, String generatorId, String awsAccountId, List<String> types,
    Instant createdAt, Instant updatedAt, Instant firstObservedAt, Instant lastObservedAt, String severityLabel,
    String title, String description, String sourceUrl, List<Resource> resources, Map<String, String> productFields) {
  public static final String SCHEMA_VERSION = "2018-10-08";
  static final int MAX_TITLE = 256;
  static final int MAX_DESCRIPTION = 1_024;
  private static final int MAX_FIELD = 1_024;

  /** An {@code AwsIamAccessKey} or {@code AwsIamUser} resource, with the details ASFF names. */
  public record Resource(String type, String id, String partition, String region, Map<String, String> details) {}

  public Finding {
    Objects.requireNonNull(id, "id");
    types = List.copyOf(types);
    resources = List.copyOf(resources);
    productFields = Map.copyOf(productFields);
  }

  /**
   * The finding of {@code alert}, imported into {@code account}'s default product in {@code region}.
   */
  public static Finding of(Alert alert, String partition, String region, String account) {
    JsonNode event = alert.event();
    boolean correlation = event.has("creation") && event.has("firstUse");
    JsonNode who = correlation ? event.get("creation") : Fields.get(event, "userIdentity");
    String key = correlation ? Fields.text(event.get("creation"), "accessKeyId")
        : first(alert.entities().get(Entities.Kind.TRACE_IDS));
    String user = correlation ? Fields.text(who, "targetUser") : Fields.text(who, "userName");
    String eventAccount = Fields.text(event, "recipientAccountId");
    String eventRegion = correlation ? Fields.text(event.get("firstUse"), "awsRegion") : Fields.text(event, "awsRegion");
    String eventId = Fields.text(correlation ? event.get("firstUse") : event, "eventID");
    List<Resource> resources = new java.util.ArrayList<>();
    if (key != null) {
      Map<String, String> details = new java.util.LinkedHashMap<>();
      details.put("AccessKeyId", key);
      put(details, "PrincipalName", user);
      details.put("PrincipalType", "IAMUser");
      put(details, "PrincipalId", correlation ? null : Fields.text(who, "principalId"));
      put(details, "AccountId", eventAccount != null ? eventAccount : correlation ? null : Fields.text(who, "accountId"));
      resources.add(new Resource("AwsIamAccessKey", key, partition, eventRegion != null ? eventRegion : region, details));
    }
    String arn = correlation ? null : Fields.text(who, "arn");
    if (arn != null || user != null) {
      Map<String, String> details = new java.util.LinkedHashMap<>();
      put(details, "UserName", user);
      put(details, "UserId", correlation ? null : Fields.text(who, "principalId"));
      resources.add(new Resource("AwsIamUser", arn != null ? arn : "user/" + user, partition, region, details));
    }
    Map<String, String> fields = new java.util.LinkedHashMap<>();
    fields.put("trailwatch/ruleId", alert.rule().ruleId());
    fields.put("trailwatch/alertId", alert.alertId());
    fields.put("trailwatch/eventCount", Long.toString(alert.eventCount()));
    fields.put("trailwatch/reason", alert.firstSeen() == null ? "match" : "first seen");
    alert.alertContext().forEach((k, v) -> fields.put("trailwatch/" + k, cut(v, MAX_FIELD)));
    return new Finding(
        "trailwatch/" + alert.alertId(),
        "arn:" + partition + ":securityhub:" + region + ":" + account + ":product/" + account + "/default",
        alert.rule().ruleId(),
        account,
        types(alert.rule().ruleId()),
        alert.windowStart(),
        alert.createdAt(),
        alert.activity().firstEventTime(),
        alert.activity().lastEventTime(),
        alert.rule().severity().equals("INFO") ? "INFORMATIONAL" : alert.rule().severity(),
        cut(alert.title(), MAX_TITLE),
        cut(AlertText.of(alert), MAX_DESCRIPTION),
        eventRegion != null && eventId != null ? AlertText.consoleLink(eventRegion, eventId) : null,
        resources,
        fields);
  }

  /** ASFF types: namespace/category/classifier, per rule. */
  static List<String> types(String ruleId) {
    return switch (ruleId) {
      case UserAccessKeyAuth.ID -> List.of("Software and Configuration Checks/AWS Security Best Practices/"
          + "Long-term access key in use", "TTPs/Initial Access/T1078.004-Valid Accounts: Cloud Accounts");
      case IamBackdoorUserKeys.ID -> List.of("TTPs/Persistence/T1098.001-Account Manipulation: Additional Cloud Credentials");
      default -> List.of("TTPs/Persistence/T1098.001-Account Manipulation: Additional Cloud Credentials",
          "TTPs/Privilege Escalation/T1098.001-Account Manipulation: Additional Cloud Credentials");
    };
  }

  private static void put(Map<String, String> map, String key, String value) {
    if (value != null && !value.isEmpty()) {
      map.put(key, value);
    }
  }

  private static String first(List<String> values) {
    return values.isEmpty() ? null : values.get(0);
  }

  private static String cut(String text, int most) {
    return text.length() <= most ? text : text.substring(0, most - 3) + "...";
  }
}
