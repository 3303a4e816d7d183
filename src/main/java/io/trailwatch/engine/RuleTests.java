package io.trailwatch.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs a rule's Tests block as Panther's analysis tool does: each test's ExpectedResult against
 * rule(); a rule that raises fails its test; a test expecting true also fails when title, dedup or
 * alertContext raise.
 */
public final class RuleTests {
  private RuleTests() {}

  /** One test's result; {@code reason} is empty when it passed. */
  public record Outcome(String name, boolean passed, String reason) {}

  public static List<Outcome> run(Rule rule) {
    List<Outcome> outcomes = new ArrayList<>();
    for (RuleMetadata.RuleTest test : rule.metadata().tests()) {
      outcomes.add(run(rule, test));
    }
    return outcomes;
  }

  static Outcome run(Rule rule, RuleMetadata.RuleTest test) {
    var log = test.log();
    boolean actual;
    try {
      actual = rule.rule(log);
    } catch (RuleException | RuntimeException e) {
      return new Outcome(test.name(), false, "rule() raised: " + e.getMessage());
    }
    if (actual != test.expectedResult()) {
      return new Outcome(test.name(), false, "expected " + test.expectedResult() + ", rule() returned " + actual);
    }
    if (actual) {
      try {
        rule.title(log);
        rule.dedup(log);
        rule.alertContext(log);
      } catch (RuleException | RuntimeException e) {
        return new Outcome(test.name(), false, "title/dedup/alertContext raised: " + e.getMessage());
      }
    }
    return new Outcome(test.name(), true, "");
  }
}
