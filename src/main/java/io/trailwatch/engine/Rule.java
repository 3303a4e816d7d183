package io.trailwatch.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;

/**
 * One detection rule: Panther's rule functions over one CloudTrail record, with the metadata its YAML
 * gives. Implementations are plain functions of the record (no I/O, no state); {@link Rules} holds
 * the shipped ones by RuleID.
 */
public interface Rule {
  RuleMetadata metadata();

  /** Whether the record matches; raises as Panther's Python would on values of the wrong type. */
  boolean rule(JsonNode event) throws RuleException;

  String title(JsonNode event) throws RuleException;

  String dedup(JsonNode event) throws RuleException;

  Map<String, String> alertContext(JsonNode event) throws RuleException;

  /**
   * Evaluates the rule on one record.
   *
   * @param processingTime the time taken when the record has no usable eventTime
   * @return the match, or null when the rule does not match
   * @throws RuleException when a rule function raises on this record
   */
  default Match evaluate(JsonNode record, Source source, Instant processingTime) throws RuleException {
    if (!rule(record)) {
      return null;
    }
    Instant time = EventTimes.parse(Fields.text(record, "eventTime"));
    return new Match(metadata(), dedup(record), title(record), alertContext(record),
        new Entities.Builder().addRecord(record).build(), record, time != null ? time : processingTime, source);
  }
}
