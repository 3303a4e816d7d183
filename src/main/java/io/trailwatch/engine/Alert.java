package io.trailwatch.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * An alert, schema version 1: the same JSON goes to stdout ({@code scan}) and to SNS (the Lambda).
 *
 * <p>Rules kept: {@code alertId} depends only on rule id, dedup string and window start, so the same
 * window always gets the same id (a retried publish repeats the id, never invents a new one);
 * {@code eventCount >= 1}; {@code event} is the window's first matching record, verbatim unless
 * {@code truncated} says it was shrunk to fit a size limit; {@code activity} covers the matches the alert
 * was built from (the whole window in {@code scan}, the publishing invocation's in the Lambda);
 * {@code firstSeen} is set when the rule runs in first-seen mode (null otherwise).
 */
public record Alert(
    String alertId,
    Settings rule,
    String title,
    String dedup,
    Instant windowStart,
    long eventCount,
    FirstSeen firstSeen,
    Map<String, String> alertContext,
    Entities entities,
    Activity activity,
    JsonNode event,
    Source source,
    Instant createdAt,
    boolean truncated) {

  public static final int SCHEMA_VERSION = 1;

  /** The settings of the rule that raised the alert, as they were when it did. */
  public record Settings(String ruleId, String severity, int dedupPeriodMinutes, int threshold) {
    public Settings {
      Objects.requireNonNull(ruleId, "ruleId");
      Objects.requireNonNull(severity, "severity");
    }

    public static Settings of(RuleMetadata rule) {
      return new Settings(rule.ruleId(), rule.severity(), rule.dedupPeriodMinutes(), rule.threshold());
    }
  }

  public Alert {
    Objects.requireNonNull(alertId, "alertId");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(dedup, "dedup");
    Objects.requireNonNull(windowStart, "windowStart");
    if (eventCount < 1) {
      throw new IllegalArgumentException("eventCount must be at least 1, not " + eventCount);
    }
    alertContext = Map.copyOf(alertContext);
    Objects.requireNonNull(entities, "entities");
    Objects.requireNonNull(activity, "activity");
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /** The alert of a window, from its first match (and its rule) and what it accumulated. */
  public static Alert of(MatchGroup group, Instant windowStart, long eventCount, Instant createdAt) {
    Match first = group.first();
    RuleMetadata rule = first.rule();
    return new Alert(
        alertId(rule.ruleId(), first.dedup(), windowStart),
        Settings.of(rule),
        first.title(),
        first.dedup(),
        windowStart,
        eventCount,
        first.firstSeen(),
        first.alertContext(),
        group.entities(),
        group.activity(),
        first.event(),
        first.source(),
        createdAt,
        false);
  }

  /** The stable id of a window: 32 hex digits of SHA-256 over rule id, dedup string and window start. */
  public static String alertId(String ruleId, String dedup, Instant windowStart) {
    return Digests.id(ruleId + "\n" + dedup + "\n" + windowStart);
  }

  /** This alert with another event, marked truncated. */
  Alert withTruncatedEvent(JsonNode smaller) {
    return new Alert(alertId, rule, title, dedup, windowStart,
        eventCount, firstSeen, alertContext, entities, activity, smaller, source, createdAt, true);
  }

  /** This alert with another activity. */
  Alert withActivity(Activity other) {
    return new Alert(alertId, rule, title, dedup, windowStart,
        eventCount, firstSeen, alertContext, entities, other, event, source, createdAt, truncated);
  }
}
