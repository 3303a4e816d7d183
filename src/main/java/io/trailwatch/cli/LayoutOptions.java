package io.trailwatch.cli;

import io.trailwatch.engine.CloudTrailLayout;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The options that prune an S3 listing by CloudTrail's key layout, shared by {@code scan} and {@code backfill}. */
final class LayoutOptions {
  @Option(names = "--since", paramLabel = "YYYY-MM-DD",
      description = "s3:// inputs: only CloudTrail's day folders from this date (UTC) on.")
  String since;

  @Option(names = "--until", paramLabel = "YYYY-MM-DD",
      description = "s3:// inputs: only CloudTrail's day folders up to this date (UTC), included.")
  String until;

  @Option(names = "--account", paramLabel = "ID", description = "s3:// inputs: only this account's logs (repeatable).")
  List<String> accounts = new ArrayList<>();

  @Option(names = "--region", paramLabel = "REGION", description = "s3:// inputs: only this region's logs (repeatable).")
  List<String> regions = new ArrayList<>();

  /** Whether any option restricts the listing. */
  boolean restricted() {
    return since != null || until != null || !accounts.isEmpty() || !regions.isEmpty();
  }

  /** The layout these options ask for; a bad date or range is a usage error. */
  CloudTrailLayout layout(CommandLine.Model.CommandSpec spec) {
    try {
      return new CloudTrailLayout(Set.copyOf(accounts), Set.copyOf(regions), date(spec, "--since", since),
          date(spec, "--until", until));
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  private static LocalDate date(CommandLine.Model.CommandSpec spec, String option, String value) {
    if (value == null) {
      return null;
    }
    try {
      return LocalDate.parse(value);
    } catch (java.time.format.DateTimeParseException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), option + " must be a date YYYY-MM-DD, not "
          + Terminal.safe(value));
    }
  }
}
