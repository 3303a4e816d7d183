package io.trailwatch.cli;

import io.trailwatch.engine.CorrelationRule;
import io.trailwatch.engine.Rule;
import io.trailwatch.engine.Rules;
import io.trailwatch.engine.RuleTests;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code trailwatch test [RULE_YAML...]}: the rules' own Tests blocks, as Panther's analysis tool runs them. */
@Command(
    name = "test",
    mixinStandardHelpOptions = true,
    description = {
        "Run the Tests block of rule metadata (default: every shipped rule and the shipped correlation, whose "
            + "RuleOutputs tests feed its signals through the correlator): each test's ExpectedResult "
            + "against rule(); a test expecting true also fails when title, dedup or alertContext raise.",
        "Prints one line per test, then 'N passed, N failed'. Exit status 1 when any test failed, 2 for "
            + "a usage error or an unreadable rule file."})
final class TestCommand implements Callable<Integer> {
  @Parameters(arity = "0..*", paramLabel = "RULE_YAML", description = "Rule YAML files.")
  List<Path> files = new ArrayList<>();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    Map<String, List<RuleTests.Outcome>> results = new LinkedHashMap<>();
    if (files.isEmpty()) {
      Rules.shipped().forEach(rule -> results.put(rule.metadata().ruleId(), RuleTests.run(rule)));
      CorrelationRule correlation = CorrelationRule.builtIn();
      results.put(correlation.metadata().ruleId(), RuleTests.run(correlation));
    }
    files.forEach(f -> {
      Rule rule = RuleFiles.load(spec, f);
      results.put(rule.metadata().ruleId(), RuleTests.run(rule));
    });
    PrintWriter out = spec.commandLine().getOut();
    int passed = 0;
    int failed = 0;
    for (Map.Entry<String, List<RuleTests.Outcome>> rule : results.entrySet()) {
      for (RuleTests.Outcome outcome : rule.getValue()) {
        out.println(Terminal.safe((outcome.passed() ? "PASS " : "FAIL ") + rule.getKey() + ": " + outcome.name()
            + (outcome.passed() ? "" : ": " + outcome.reason())));
        if (outcome.passed()) {
          passed++;
        } else {
          failed++;
        }
      }
    }
    out.println(passed + " passed, " + failed + " failed");
    out.flush();
    return failed > 0 ? 1 : 0;
  }
}
