package io.trailwatch.cli;

import io.trailwatch.engine.Rule;
import io.trailwatch.engine.RuleMetadata;
import io.trailwatch.engine.Rules;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;

/**
 * Loads rule YAML named on the command line as one of the shipped rules (chosen by its RuleID); a bad
 * or missing file, or a RuleID Trailwatch has no rule for, is a usage error naming the file.
 */
final class RuleFiles {
  private RuleFiles() {}

  static Rule load(CommandLine.Model.CommandSpec spec, Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      RuleMetadata metadata = RuleMetadata.read(in, file.toString());
      try {
        return Rules.of(metadata);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
      }
    } catch (IOException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "cannot read rule " + file + ": " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
  }
}
