package io.trailwatch.cli;

import io.trailwatch.engine.CorrelationRule;
import io.trailwatch.engine.Rule;
import io.trailwatch.engine.RuleMetadata;
import io.trailwatch.engine.Rules;
import io.trailwatch.engine.Tuning;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code trailwatch tune --check FILE}: validates a tuning file and shows what it changes. */
@Command(
    name = "tune",
    mixinStandardHelpOptions = true,
    description = {
        "Check a tuning file (the file scan --tuning and the function's TuningS3Uri read) and print each tuned "
            + "rule's settings as they will apply.",
        "Exit status 0 when the file is valid, 2 when it is not (one line naming the file, the place and the reason)."})
final class TuneCommand implements Callable<Integer> {
  @Option(names = "--check", required = true, paramLabel = "TUNING_YAML", description = "The tuning file to check.")
  Path file;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    Tuning tuning = RuleFiles.tuning(spec, file);
    PrintWriter out = spec.commandLine().getOut();
    out.println(Terminal.safe(file + ": valid; tunes " + (tuning.ruleIds().isEmpty() ? "nothing" : tuning.ruleIds().size()
        + " rule(s)")));
    for (Rule rule : tuning.apply(Rules.shipped())) {
      if (tuning.ruleIds().contains(rule.metadata().ruleId())) {
        out.println(Terminal.safe(describe(rule.metadata())));
      }
    }
    CorrelationRule correlation = tuning.apply(CorrelationRule.builtIn());
    if (tuning.ruleIds().contains(correlation.metadata().ruleId())) {
      out.println(Terminal.safe(describe(correlation.metadata())));
    }
    out.flush();
    return 0;
  }

  private static String describe(RuleMetadata rule) {
    List<String> parts = new ArrayList<>();
    parts.add("Severity " + rule.severity());
    parts.add("DedupPeriodMinutes " + rule.dedupPeriodMinutes());
    parts.add("Threshold " + rule.threshold());
    parts.add(rule.inlineFilters().passesAll() ? "no InlineFilters" : "InlineFilters");
    if (rule.newTerms() != null) {
      parts.add("first seen over " + rule.newTerms().historyDays() + " days of " + rule.newTerms().fields());
    }
    return "  " + rule.ruleId() + ": " + String.join(", ", parts);
  }
}
