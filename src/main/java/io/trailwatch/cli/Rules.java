package io.trailwatch.cli;

import io.trailwatch.engine.RuleMetadata;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;

/** Loads rule YAML named on the command line; a bad or missing file is a usage error naming it. */
final class Rules {
  private Rules() {}

  static RuleMetadata load(CommandLine.Model.CommandSpec spec, Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return RuleMetadata.read(in, file.toString());
    } catch (IOException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "cannot read rule " + file + ": " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
  }
}
