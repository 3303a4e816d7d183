package io.trailwatch.cli;

import io.trailwatch.engine.Rule;
import io.trailwatch.engine.RuleMetadata;
import io.trailwatch.engine.Rules;
import io.trailwatch.engine.Tuning;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;

/**
 * Loads the YAML files named on the command line: rule metadata (as one of the shipped rules, chosen by
 * its RuleID) and tuning files. A bad or missing file, or a RuleID Trailwatch has no rule for, is a
 * usage error naming the file.
 */
final class RuleFiles {
  private RuleFiles() {}

  /** What reads one kind of file. */
  private interface Reader<T> {
    T read(InputStream in, String name) throws IOException;
  }

  static Rule load(CommandLine.Model.CommandSpec spec, Path file) {
    return load(spec, file, "rule", (in, name) -> {
      RuleMetadata metadata = RuleMetadata.read(in, name);
      try {
        return Rules.of(metadata);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
      }
    });
  }

  static Tuning tuning(CommandLine.Model.CommandSpec spec, Path file) {
    return load(spec, file, "tuning file", Tuning::read);
  }

  private static <T> T load(CommandLine.Model.CommandSpec spec, Path file, String what, Reader<T> reader) {
    try (InputStream in = Files.newInputStream(file)) {
      return reader.read(in, file.toString());
    } catch (IOException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "cannot read " + what + " " + file + ": "
          + Terminal.reason(e));
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
  }
}
