package io.trailwatch.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The detection engine: streams one log through the reader and evaluates every rule on each candidate
 * record, in the rules' order, each behind its InlineFilters (a record they reject never reaches the
 * rule, and is counted as filtered when the rule would have matched it). The reader keeps of each
 * candidate only the fields the rules, their tuning and the engine read ({@link #interest}). The same
 * engine serves every door (command line, Lambda); it does no I/O of its own.
 */
public final class Engine {
  /**
   * What the engine reads of a match's record besides its rule's {@link Rule#reads}: the event time, the
   * id in messages, the entities, the activity and the correlation's summaries.
   */
  static final List<String> READS = List.of("eventTime", "eventID", "eventSource", "eventName", "awsRegion",
      "sourceIPAddress", "userAgent", "recipientAccountId", "resources", "firstUse", "userIdentity.principalId",
      "userIdentity.accountId", "userIdentity.arn", "userIdentity.accessKeyId", "userIdentity.userName",
      "userIdentity.sessionContext.sessionIssuer.principalId", "userIdentity.sessionContext.sessionIssuer.accountId",
      "userIdentity.sessionContext.sessionIssuer.arn", "userIdentity.sessionContext.sessionIssuer.userName",
      "responseElements.accessKey.userName", "responseElements.accessKey.accessKeyId");

  private final List<Rule> rules;
  private final CloudTrailReader reader;
  private final Clock clock;

  Engine(List<Rule> rules, CloudTrailReader reader, Clock clock) {
    this.rules = List.copyOf(rules);
    this.reader = reader;
    this.clock = clock;
  }

  /**
   * @param clock gives the processing time, taken as the time of records without a usable eventTime
   */
  public static Engine create(List<Rule> rules, CloudTrailReader.Limits limits, Clock clock) {
    return new Engine(rules, CloudTrailReader.keeping(limits, interest(rules)), clock);
  }

  /** The fields of a record the rules, their tuning and the engine read. */
  static Interest interest(List<Rule> rules) {
    List<KeyPath> paths = new ArrayList<>();
    READS.forEach(path -> paths.add(KeyPath.of(path)));
    for (Rule rule : rules) {
      rule.reads().forEach(path -> paths.add(KeyPath.of(path)));
      paths.addAll(rule.metadata().inlineFilters().paths());
      if (rule.metadata().newTerms() != null) {
        paths.addAll(rule.metadata().newTerms().paths());
      }
    }
    return Interest.of(paths);
  }

  /**
   * What one log held. {@code unevaluated}: candidate records that could not be evaluated (too large,
   * invalid JSON inside), first reason in {@code firstUnevaluated}; the first* fields are null when
   * their count is 0; {@code cloudTrailRecords}: records with a top-level eventName; {@code filtered}:
   * records a rule matches that its InlineFilters kept from it.
   */
  public record Result(long records, long nonObjects, long unevaluated, String firstUnevaluated, long matches,
      long ruleErrors, String firstRuleError, long cloudTrailRecords, long filtered) {}

  /**
   * Scans one log, handing each match to {@code matches} in record order.
   *
   * @throws MalformedLogException when the log is unreadable; matches before the bad bytes were handed on
   * @throws IOException as thrown by {@code in}
   */
  public Result scan(InputStream in, Source source, Consumer<Match> matches) throws IOException {
    Evaluator evaluator = new Evaluator(source, matches);
    try {
      return result(reader.read(in, evaluator, source.name().endsWith(".gz")), evaluator);
    } catch (MalformedLogException e) {
      throw e.counts() == null ? e : e.withPartial(result(e.counts(), evaluator));
    }
  }

  private static Result result(CloudTrailReader.Counts counts, Evaluator evaluator) {
    return new Result(counts.records(), counts.nonObjects(), counts.unevaluated(), counts.firstUnevaluated(),
        evaluator.matchCount, evaluator.ruleErrors, evaluator.firstRuleError, counts.cloudTrailRecords(),
        evaluator.filtered);
  }

  private final class Evaluator implements CloudTrailReader.Sink {
    private final Source source;
    private final Consumer<Match> matches;
    private long matchCount;
    private long filtered;
    private long ruleErrors;
    private String firstRuleError;

    Evaluator(Source source, Consumer<Match> matches) {
      this.source = source;
      this.matches = matches;
    }

    @Override
    public void candidate(RecordView view) {
      JsonNode record = view.fields();
      for (int i = 0; i < rules.size(); i++) { // no iterator per record
        Rule rule = rules.get(i);
        InlineFilter filter = rule.metadata().inlineFilters();
        if (!filter.passesAll() && !filter.test(record)) {
          countIfFiltered(rule, record);
          continue;
        }
        try {
          Match match = rule.evaluate(view, source, clock.instant());
          if (match != null) {
            matchCount++;
            matches.accept(match);
          }
        } catch (RuleException e) {
          if (ruleErrors++ == 0) {
            firstRuleError = rule.metadata().ruleId() + ": " + e.getMessage() + " (eventID "
                + Fields.pythonStr(Fields.get(record, "eventID")) + ")";
          }
        }
      }
    }

    /**
     * Counts a record the filters kept from {@code rule} if the rule would have matched it: a filter
     * runs before the rule (so the rule never raises on it), and only what it hid is worth a count.
     */
    private void countIfFiltered(Rule rule, JsonNode record) {
      try {
        if (rule.rule(record)) {
          filtered++;
        }
      } catch (RuleException e) {
        // not a match either way
      }
    }
  }
}
