package io.trailwatch.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
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

  /** The dedup string, given the record's title (for a rule whose dedup is its title: no second rendering). */
  default String dedup(JsonNode event, String title) throws RuleException {
    return dedup(event);
  }

  Map<String, String> alertContext(JsonNode event) throws RuleException;

  /**
   * The fields its functions read, as KeyPaths; the last key of each is read whole. The engine hands
   * the functions records holding at least these ({@link RecordView#fields}).
   */
  List<String> reads();

  /**
   * Evaluates the rule on one record; the match's entities and event time read its fields too
   * ({@link Engine#READS}).
   *
   * @param processingTime the time taken when the record has no usable eventTime
   * @return the match, or null when the rule does not match
   * @throws RuleException when a rule function raises on this record
   */
  default Match evaluate(RecordView view, Source source, Instant processingTime) throws RuleException {
    JsonNode record = view.fields();
    if (!rule(record)) {
      return null;
    }
    Instant time = EventTimes.parse(Fields.text(record, "eventTime"));
    String title = title(record);
    return new Match(metadata(), dedup(record, title), title, alertContext(record),
        view.entities(), view, time != null ? time : processingTime, source);
  }
}
