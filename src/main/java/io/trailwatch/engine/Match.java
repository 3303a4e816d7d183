package io.trailwatch.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One record a rule matched, with what the rule says of it: a plain value ({@link Rule#evaluate}
 * makes it).
 *
 * @param rule the metadata of the rule that matched (its id, severity, dedup period, threshold)
 * @param eventTime the record's eventTime, or the processing time when it had none (or a bad one)
 * @param event the record itself (not copied: records are not changed after parsing)
 * @param firstSeen why it alerts in first-seen mode; null otherwise
 */
public record Match(
    RuleMetadata rule,
    String dedup,
    String title,
    Map<String, String> alertContext,
    Entities entities,
    JsonNode event,
    Instant eventTime,
    Source source,
    FirstSeen firstSeen) {

  public Match {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(dedup, "dedup");
    Objects.requireNonNull(title, "title");
    alertContext = Map.copyOf(alertContext);
    Objects.requireNonNull(entities, "entities");
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(eventTime, "eventTime");
    Objects.requireNonNull(source, "source");
  }

  /** A match as a rule makes it (not in first-seen mode). */
  public Match(RuleMetadata rule, String dedup, String title, Map<String, String> alertContext, Entities entities,
      JsonNode event, Instant eventTime, Source source) {
    this(rule, dedup, title, alertContext, entities, event, eventTime, source, null);
  }

  /**
   * This match alerting because its terms are first seen: its dedup string gains the terms
   * ({@code "\nfirst seen: field=value, ..."}), so each new combination has windows of its own.
   */
  public Match firstSeen(FirstSeen why) {
    return new Match(rule, dedup + "\nfirst seen: " + why.describe(), title, alertContext, entities, event, eventTime,
        source, why);
  }
}
