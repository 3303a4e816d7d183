package io.trailwatch.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One record the rule matched, with what the rule says of it.
 *
 * @param eventTime the record's eventTime, or the processing time when it had none (or a bad one)
 * @param event the record itself (not copied: records are not changed after parsing)
 */
public record Match(
    String dedup,
    String title,
    Map<String, String> alertContext,
    Entities entities,
    JsonNode event,
    Instant eventTime,
    Source source) {

  public Match {
    Objects.requireNonNull(dedup, "dedup");
    Objects.requireNonNull(title, "title");
    alertContext = Map.copyOf(alertContext);
    Objects.requireNonNull(entities, "entities");
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(eventTime, "eventTime");
    Objects.requireNonNull(source, "source");
  }

  /**
   * Evaluates the rule on one record.
   *
   * @param processingTime the time taken when the record has no usable eventTime
   * @return the match, or null when the rule does not match
   * @throws RuleException when a rule function raises on this record
   */
  public static Match evaluate(JsonNode record, Source source, Instant processingTime) throws RuleException {
    if (!UserAccessKeyAuth.rule(record)) {
      return null;
    }
    Instant time = EventTimes.parse(Fields.text(record, "eventTime"));
    return new Match(
        UserAccessKeyAuth.dedup(record),
        UserAccessKeyAuth.title(record),
        UserAccessKeyAuth.alertContext(record),
        new Entities.Builder().addRecord(record).build(),
        record,
        time != null ? time : processingTime,
        source);
  }
}
