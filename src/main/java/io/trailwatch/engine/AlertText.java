package io.trailwatch.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The alert as text for people (the e-mail SNS sends): what happened, who, which key, from where, how
 * often, the first event with a link to it in the CloudTrail console, and the commands to contain the
 * key. Rules kept: every value comes from the alert, unchanged, and a value the alert lacks reads
 * {@code (unknown)}; the text is plain ASCII lines apart from the values themselves.
 */
public final class AlertText {
  private static final String UNKNOWN = "(unknown)";
  private static final int TOP_CALLS = 5;

  private AlertText() {}

  public static String of(Alert alert) {
    JsonNode event = alert.event();
    if (event.has("creation") && event.has("firstUse")) {
      return correlation(alert, event.get("creation"), event.get("firstUse"));
    }
    String user = text(event, "userIdentity", "userName");
    String arn = text(event, "userIdentity", "arn");
    String key = first(alert.entities().get(Entities.Kind.TRACE_IDS));
    String from = text(event, "sourceIPAddress");
    String region = text(event, "awsRegion");
    String eventId = text(event, "eventID");
    StringBuilder out = new StringBuilder();
    out.append(alert.title()).append("\n\n");
    out.append("Severity:     ").append(alert.rule().severity()).append(" (").append(alert.rule().ruleId()).append(")\n");
    if (alert.firstSeen() != null) {
      out.append("Why:          first seen in ").append(alert.firstSeen().historyDays()).append(" days: ")
          .append(alert.firstSeen().describe()).append('\n');
    }
    out.append("Who:          ").append(arn).append('\n');
    out.append("Access key:   ").append(key).append('\n');
    out.append("From:         ").append(from).append(" (").append(text(event, "userAgent")).append(")\n");
    out.append("Events:       ").append(alert.eventCount()).append(" in the ").append(alert.rule().dedupPeriodMinutes())
        .append("-minute window from ").append(alert.windowStart()).append('\n');
    activity(out, alert.activity());
    out.append("First event:  ").append(text(event, "eventSource")).append(' ').append(text(event, "eventName"))
        .append(" at ").append(text(event, "eventTime")).append(", eventID ").append(eventId).append('\n');
    if (!UNKNOWN.equals(region) && !UNKNOWN.equals(eventId)) {
      out.append("In CloudTrail: https://").append(region).append(".console.aws.amazon.com/cloudtrailv2/home?region=")
          .append(region).append("#/events/").append(eventId).append('\n');
    }
    return nextSteps(out, "Next steps, if this key should not be in use:", user, key, alert);
  }

  /** A correlation's alert: its event is the two records' summaries ({@link Correlator}). */
  private static String correlation(Alert alert, JsonNode creation, JsonNode use) {
    String user = text(creation, "targetUser");
    String key = text(creation, "accessKeyId");
    StringBuilder out = new StringBuilder();
    out.append(alert.title()).append("\n\n");
    out.append("Severity:     ").append(alert.rule().severity()).append(" (").append(alert.rule().ruleId()).append(")\n");
    out.append("Created:      ").append(text(creation, "eventTime")).append(" by ").append(text(creation, "actor"))
        .append(" for ").append(user).append(" from ").append(text(creation, "sourceIPAddress")).append(", eventID ")
        .append(text(creation, "eventID")).append('\n');
    out.append("First used:   ").append(text(use, "eventTime")).append(' ').append(text(use, "eventSource")).append(' ')
        .append(text(use, "eventName")).append(" in ").append(text(use, "awsRegion")).append(" from ")
        .append(text(use, "sourceIPAddress")).append(", eventID ").append(text(use, "eventID")).append('\n');
    out.append("Access key:   ").append(key).append('\n');
    activity(out, alert.activity());
    return nextSteps(out, "Next steps: the creator may hold the new key; disable it and review the creator:", user,
        key, alert);
  }

  /** The activity the alert covers: its span, top calls, addresses and regions. */
  private static void activity(StringBuilder out, Activity activity) {
    StringBuilder calls = new StringBuilder();
    activity.calls().entrySet().stream().limit(TOP_CALLS).forEach(call ->
        calls.append(calls.isEmpty() ? "" : ", ").append(call.getKey()).append(" x").append(call.getValue()));
    long more = activity.events() - activity.calls().values().stream().mapToLong(Long::longValue).limit(TOP_CALLS).sum();
    out.append("Activity:     ").append(activity.events()).append(" call(s) from ").append(activity.firstEventTime())
        .append(" to ").append(activity.lastEventTime()).append(": ").append(calls)
        .append(more > 0 ? " and " + more + " more" : "").append('\n');
    out.append("Addresses:    ").append(String.join(", ", activity.sourceIPAddresses())).append('\n');
    out.append("Regions:      ").append(String.join(", ", activity.awsRegions())).append('\n');
  }

  /** The commands that contain {@code key}, then the alert's id and source. */
  private static String nextSteps(StringBuilder out, String heading, String user, String key, Alert alert) {
    out.append('\n').append(heading).append('\n');
    out.append("  aws iam update-access-key --user-name ").append(user).append(" --access-key-id ").append(key)
        .append(" --status Inactive\n");
    out.append("  aws iam list-access-keys --user-name ").append(user).append('\n');
    out.append("  aws iam get-access-key-last-used --access-key-id ").append(key).append('\n');
    out.append("\nAlert ").append(alert.alertId()).append(" from ").append(alert.source().name()).append('\n');
    return out.toString();
  }

  private static String text(JsonNode event, String... path) {
    JsonNode value = Fields.get(event, path);
    return value == null ? UNKNOWN : Fields.pythonStr(value);
  }

  private static String first(List<String> values) {
    return values.isEmpty() ? UNKNOWN : values.get(0);
  }
}
