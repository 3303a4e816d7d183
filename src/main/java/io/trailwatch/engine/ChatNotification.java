package io.trailwatch.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The alert as an AWS Chatbot (Amazon Q Developer in chat applications) custom notification, the only
 * JSON Chatbot renders from an SNS topic:
 * {@code {"version":"1.0","source":"custom","id",...,"content":{"textType":"client-markdown","title",
 * "description","nextSteps","keywords"},"metadata":{"threadId","summary","eventType","relatedResources",
 * "additionalContext"}}}.
 *
 * <p>Rules kept:
 * <ul>
 *   <li>the facts are those of the e-mail ({@link AlertText}); the commands are the next steps;</li>
 *   <li>values from logs cannot format or mention: each is shown in a code span, its backticks replaced
 *       and {@code & < >} escaped (Slack's own escaping), so {@code <!channel>} or a link in a user agent
 *       stays text; the CloudTrail console link is a link only when it is made of safe characters;</li>
 *   <li>{@code threadId} is the same for every alert of one rule and dedup string, so later windows of
 *       the same key thread under the first;</li>
 *   <li>sizes stay within what the schema documents and Slack shows: title at most {@link #MAX_TITLE}
 *       characters, description {@link #MAX_DESCRIPTION}, summary {@link #MAX_SUMMARY}, each
 *       additionalContext value {@link #MAX_CONTEXT_VALUE}; longer text is cut with {@code …}.</li>
 * </ul>
 */
public final class ChatNotification {
  static final int MAX_TITLE = 250;
  static final int MAX_DESCRIPTION = 8_000;
  static final int MAX_SUMMARY = 250;
  static final int MAX_CONTEXT_VALUE = 256;
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String ELLIPSIS = "…";
  /** A CloudTrail console link made of safe characters only: shown as a link, anything else as code. */
  private static final java.util.regex.Pattern CONSOLE_LINK = java.util.regex.Pattern.compile(
      "https://[a-z0-9-]+\\.console\\.aws\\.amazon\\.com/cloudtrailv2/home\\?region=[a-z0-9-]+#/events/[A-Za-z0-9:._-]+");

  private ChatNotification() {}

  public static String toJson(Alert alert) {
    return toTree(alert).toString();
  }

  static ObjectNode toTree(Alert alert) {
    AlertText.Parts parts = AlertText.parts(alert);
    ObjectNode out = MAPPER.createObjectNode();
    out.put("version", "1.0");
    out.put("source", "custom");
    out.put("id", alert.alertId());
    ObjectNode content = out.putObject("content");
    content.put("textType", "client-markdown");
    content.put("title", cut(icon(alert.rule().severity()) + " [" + alert.rule().severity() + "] "
        + plain(alert.title()), MAX_TITLE));
    StringBuilder description = new StringBuilder();
    for (AlertText.Fact fact : parts.facts()) {
      description.append('*').append(fact.label()).append(":* ")
          .append(CONSOLE_LINK.matcher(fact.value()).matches() ? "<" + fact.value() + "|open the event>" : code(fact.value()))
          .append('\n');
    }
    description.append(plain(parts.footer()));
    content.put("description", cut(description.toString(), MAX_DESCRIPTION));
    var steps = content.putArray("nextSteps");
    steps.add(plain(parts.stepsHeading()));
    parts.commands().forEach(command -> steps.add(code(command)));
    content.putArray("keywords").add(alert.rule().ruleId()).add(alert.rule().severity());
    ObjectNode metadata = out.putObject("metadata");
    metadata.put("threadId", Digests.id(alert.rule().ruleId() + "\n" + alert.dedup()));
    metadata.put("summary", cut("[" + alert.rule().severity() + "] " + plain(alert.title()), MAX_SUMMARY));
    metadata.put("eventType", alert.rule().ruleId());
    var related = metadata.putArray("relatedResources");
    alert.entities().get(Entities.Kind.AWS_ARNS).stream().limit(5).forEach(related::add);
    ObjectNode context = metadata.putObject("additionalContext");
    context.put("severity", alert.rule().severity());
    context.put("eventCount", Long.toString(alert.eventCount()));
    alert.alertContext().forEach((k, v) -> context.put(k, cut(v, MAX_CONTEXT_VALUE)));
    return out;
  }

  private static String icon(String severity) {
    return switch (severity) {
      case "CRITICAL", "HIGH" -> ":rotating_light:";
      case "MEDIUM" -> ":warning:";
      default -> ":information_source:";
    };
  }

  /** A value in a code span: no formatting, no mention, no link. */
  static String code(String value) {
    return "`" + plain(value.replace('`', '\'')) + "`";
  }

  /** Text with Slack's control characters escaped. */
  static String plain(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static String cut(String text, int most) {
    return text.length() <= most ? text : text.substring(0, most - ELLIPSIS.length()) + ELLIPSIS;
  }
}
