package io.trailwatch.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The alert for people: what happened, who, which key, from where, how often, what the key did, the
 * first event with a link to it in the CloudTrail console, and the commands to contain the key. One
 * set of {@link Parts}, rendered as the e-mail's text ({@link #of}) and as chat markdown
 * ({@link ChatNotification}). Rules kept: every value comes from the alert, unchanged, and a value the
 * alert lacks reads {@code (unknown)}; the e-mail is plain ASCII lines apart from the values themselves.
 */
public final class AlertText {
  private static final String UNKNOWN = "(unknown)";
  private static final int TOP_CALLS = 5;
  private static final int LABEL_WIDTH = 14;

  private AlertText() {}

  /** One line of facts: a label and its value. */
  record Fact(String label, String value) {}

  /** What the alert says, before it is rendered. */
  record Parts(String title, List<Fact> facts, String stepsHeading, List<String> commands, String footer) {}

  /** The e-mail text. */
  public static String of(Alert alert) {
    Parts parts = parts(alert);
    StringBuilder out = new StringBuilder();
    out.append(parts.title()).append("\n\n");
    for (Fact fact : parts.facts()) {
      String label = fact.label() + ":";
      out.append(label).append(" ".repeat(Math.max(1, LABEL_WIDTH - label.length()))).append(fact.value()).append('\n');
    }
    out.append('\n').append(parts.stepsHeading()).append('\n');
    parts.commands().forEach(command -> out.append("  ").append(command).append('\n'));
    out.append('\n').append(parts.footer()).append('\n');
    return out.toString();
  }

  static Parts parts(Alert alert) {
    JsonNode event = alert.event();
    if (event.has("creation") && event.has("firstUse")) {
      return correlation(alert, event.get("creation"), event.get("firstUse"));
    }
    String user = text(event, "userIdentity", "userName");
    String key = first(alert.entities().get(Entities.Kind.TRACE_IDS));
    String region = text(event, "awsRegion");
    String eventId = text(event, "eventID");
    List<Fact> facts = new ArrayList<>();
    facts.add(new Fact("Severity", alert.rule().severity() + " (" + alert.rule().ruleId() + ")"));
    if (alert.firstSeen() != null) {
      facts.add(new Fact("Why", "first seen in " + alert.firstSeen().historyDays() + " days: "
          + alert.firstSeen().describe()));
    }
    facts.add(new Fact("Who", text(event, "userIdentity", "arn")));
    facts.add(new Fact("Access key", key));
    facts.add(new Fact("From", text(event, "sourceIPAddress") + " (" + text(event, "userAgent") + ")"));
    facts.add(new Fact("Events", alert.eventCount() + " in the " + alert.rule().dedupPeriodMinutes()
        + "-minute window from " + alert.windowStart()));
    activity(facts, alert.activity());
    facts.add(new Fact("First event", text(event, "eventSource") + " " + text(event, "eventName") + " at "
        + text(event, "eventTime") + ", eventID " + eventId));
    if (!UNKNOWN.equals(region) && !UNKNOWN.equals(eventId)) {
      facts.add(new Fact("In CloudTrail", consoleLink(region, eventId)));
    }
    return new Parts(alert.title(), facts, "Next steps, if this key should not be in use:", commands(user, key),
        footer(alert));
  }

  /** A correlation's alert: its event is the two records' summaries ({@link Correlator}). */
  private static Parts correlation(Alert alert, JsonNode creation, JsonNode use) {
    String user = text(creation, "targetUser");
    String key = text(creation, "accessKeyId");
    List<Fact> facts = new ArrayList<>();
    facts.add(new Fact("Severity", alert.rule().severity() + " (" + alert.rule().ruleId() + ")"));
    facts.add(new Fact("Created", text(creation, "eventTime") + " by " + text(creation, "actor") + " for " + user
        + " from " + text(creation, "sourceIPAddress") + ", eventID " + text(creation, "eventID")));
    facts.add(new Fact("First used", text(use, "eventTime") + " " + text(use, "eventSource") + " "
        + text(use, "eventName") + " in " + text(use, "awsRegion") + " from " + text(use, "sourceIPAddress")
        + ", eventID " + text(use, "eventID")));
    facts.add(new Fact("Access key", key));
    activity(facts, alert.activity());
    return new Parts(alert.title(), facts,
        "Next steps: the creator may hold the new key; disable it and review the creator:", commands(user, key),
        footer(alert));
  }

  /** The CloudTrail console's page of one event. */
  static String consoleLink(String region, String eventId) {
    return "https://" + region + ".console.aws.amazon.com/cloudtrailv2/home?region=" + region + "#/events/" + eventId;
  }

  /** The activity the alert covers: its span, top calls, addresses and regions. */
  private static void activity(List<Fact> facts, Activity activity) {
    StringBuilder calls = new StringBuilder();
    activity.calls().entrySet().stream().limit(TOP_CALLS).forEach(call ->
        calls.append(calls.isEmpty() ? "" : ", ").append(call.getKey()).append(" x").append(call.getValue()));
    long more = activity.events() - activity.calls().values().stream().mapToLong(Long::longValue).limit(TOP_CALLS).sum();
    facts.add(new Fact("Activity", activity.events() + " call(s) from " + activity.firstEventTime() + " to "
        + activity.lastEventTime() + ": " + calls + (more > 0 ? " and " + more + " more" : "")));
    facts.add(new Fact("Addresses", String.join(", ", activity.sourceIPAddresses())));
    facts.add(new Fact("Regions", String.join(", ", activity.awsRegions())));
  }

  /** The commands that contain {@code key}. */
  private static List<String> commands(String user, String key) {
    return List.of(
        "aws iam update-access-key --user-name " + user + " --access-key-id " + key + " --status Inactive",
        "aws iam list-access-keys --user-name " + user,
        "aws iam get-access-key-last-used --access-key-id " + key);
  }

  private static String footer(Alert alert) {
    return "Alert " + alert.alertId() + " from " + alert.source().name();
  }

  private static String text(JsonNode event, String... path) {
    JsonNode value = Fields.get(event, path);
    return value == null ? UNKNOWN : Fields.pythonStr(value);
  }

  private static String first(List<String> values) {
    return values.isEmpty() ? UNKNOWN : values.get(0);
  }
}
