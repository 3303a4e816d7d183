package io.trailwatch.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code trailwatch invoke EVENT.json}: the Lambda handler, once, against the configured endpoint. */
@Command(name = "invoke", mixinStandardHelpOptions = true, description = "Run the Lambda handler once on an event file.")
final class InvokeCommand implements Callable<Integer> {
  @Parameters(paramLabel = "EVENT_JSON", description = "The Lambda event.")
  Path event;

  @Override
  public Integer call() {
    throw new UnsupportedOperationException("not yet");
  }
}
