package io.trailwatch.cli;

import io.trailwatch.engine.Rule;
import io.trailwatch.engine.Rules;
import io.trailwatch.engine.RuleTests;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code trailwatch test [RULE_YAML...]}: the rules' own Tests blocks, as Panther's analysis tool runs them. */
@Command(
    name = "test",
    mixinStandardHelpOptions = true,
    description = {
        "Run the Tests block of rule metadata (default: every shipped rule): each test's ExpectedResult "
            + "against rule(); a test expecting true also fails when title, dedup or alertContext raise.",
        "Prints one line per test, then 'N passed, N failed'. Exit status 1 when any test failed, 2 for "
            + "a usage error or an unreadable rule file."})
final class TestCommand implements Callable<Integer> {
  @Parameters(arity = "0..*", paramLabel = "RULE_YAML", description = "Rule YAML files.")
  List<Path> files = new ArrayList<>();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    List<Rule> rules = new ArrayList<>();
    if (files.isEmpty()) {
      rules.addAll(Rules.shipped());
    }
    files.forEach(f -> rules.add(RuleFiles.load(spec, f)));
    PrintWriter out = spec.commandLine().getOut();
    int passed = 0;
    int failed = 0;
    for (Rule rule : rules) {
      for (RuleTests.Outcome outcome : RuleTests.run(rule)) {
        out.println((outcome.passed() ? "PASS " : "FAIL ") + rule.metadata().ruleId() + ": " + outcome.name()
            + (outcome.passed() ? "" : ": " + outcome.reason()));
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
