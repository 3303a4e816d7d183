package io.trailwatch.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a rule's Tests block as Panther's analysis tool does: each test's ExpectedResult against the
 * rule's InlineFilters then rule(); a rule that raises fails its test; a test expecting true also fails when title, dedup or
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

  /**
   * Runs a correlation's RuleOutputs tests: each test's signals, in the order listed, at their minutes
   * (after 2024-01-01T00:00Z) go through a {@link Correlator} over a new in-memory store; the test
   * expects whether any of them completes the correlation.
   */
  public static List<Outcome> run(CorrelationRule rule) {
    List<Outcome> outcomes = new ArrayList<>();
    for (CorrelationRule.CorrelationTest test : rule.tests()) {
      Correlator correlator = Correlator.over(rule, new InMemorySignalStore());
      boolean actual = false;
      int n = 0;
      for (CorrelationRule.TestSignal signal : test.signals()) {
        SignalStore.Signal s = new SignalStore.Signal(TEST_EPOCH.plus(Duration.ofMinutes(signal.minute())),
            "signal-" + n++, new SignalStore.Summary(null, null, null, null, null, null, null, null, null, "test"));
        try {
          actual |= correlator.offer(signal.value(), signal.ruleId().equals(rule.fromRuleId()), s) != null;
        } catch (WindowStore.StoreException e) {
          throw new IllegalStateException("the in-memory store does not fail", e);
        }
      }
      outcomes.add(actual == test.expectedResult() ? new Outcome(test.name(), true, "")
          : new Outcome(test.name(), false, "expected " + test.expectedResult() + ", the correlation "
              + (actual ? "fired" : "did not fire")));
    }
    return outcomes;
  }

  private static final Instant TEST_EPOCH = Instant.parse("2024-01-01T00:00:00Z");

  static Outcome run(Rule rule, RuleMetadata.RuleTest test) {
    var log = test.log();
    boolean actual;
    try {
      actual = rule.metadata().inlineFilters().test(log) && rule.rule(log);
    } catch (RuleException | RuntimeException e) {
      return new Outcome(test.name(), false, "rule() raised: " + e.getMessage());
    }
    if (actual != test.expectedResult()) {
      return new Outcome(test.name(), false, "expected " + test.expectedResult() + ", the filters and rule() gave " + actual);
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
