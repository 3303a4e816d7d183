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
 * @param record the record, held as its bytes for the alert that shows it (whole)
 * @param firstSeen why it alerts in first-seen mode; null otherwise
 * @param sample what it adds to its window's {@link Activity}
 * @param facts what the correlation reads of it
 * @param terms its values of its rule's first-seen fields; null when the rule is not in first-seen mode
 */
public record Match(
    RuleMetadata rule,
    String dedup,
    String title,
    Map<String, String> alertContext,
    Entities entities,
    RecordView record,
    Instant eventTime,
    Source source,
    FirstSeen firstSeen,
    Activity.Sample sample,
    Correlator.Facts facts,
    Map<String, String> terms) {

  public Match {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(dedup, "dedup");
    Objects.requireNonNull(title, "title");
    alertContext = Map.copyOf(alertContext);
    Objects.requireNonNull(entities, "entities");
    Objects.requireNonNull(record, "record");
    Objects.requireNonNull(eventTime, "eventTime");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(sample, "sample");
    Objects.requireNonNull(facts, "facts");
    dedup.hashCode(); // String caches its hash: computed here, on the thread that read the record
  }

  /**
   * A match as a rule makes it (not in first-seen mode): what the windows, the correlation and first-seen
   * mode read of the record is read here, on the thread that read it, and the record is then held as its
   * bytes only, so a match waiting to be consumed holds little besides them.
   */
  public Match(RuleMetadata rule, String dedup, String title, Map<String, String> alertContext, Entities entities,
      RecordView record, Instant eventTime, Source source) {
    this(rule, dedup, title, alertContext, entities, record.bytesOnly(), eventTime, source, null,
        record.sample(), Correlator.Facts.of(record.fields(), source),
        rule.newTerms() == null ? null : rule.newTerms().values(record.fields()));
  }

  /** The whole record (parsed again from its bytes at each call: for the alert that shows it). */
  public JsonNode event() {
    return record.whole();
  }

  /**
   * This match alerting because its terms are first seen: its dedup string gains the terms
   * ({@code "\nfirst seen: field=value, ..."}), so each new combination has windows of its own.
   */
  public Match firstSeen(FirstSeen why) {
    return new Match(rule, dedup + "\nfirst seen: " + why.describe(), title, alertContext, entities, record, eventTime,
        source, why, sample, facts, terms);
  }
}
