package io.trailwatch.cli;

import io.trailwatch.lambda.Handler;
import io.trailwatch.lambda.LocalContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code trailwatch invoke EVENT.json}: the Lambda handler, once, configured from the environment. */
@Command(
    name = "invoke",
    mixinStandardHelpOptions = true,
    description = {
        "Run the Lambda handler once on an event file, configured from the environment as in Lambda "
            + "(DEDUP_TABLE, ALERT_TOPIC_ARN, ALLOWED_BUCKETS, AWS_REGION; AWS_ENDPOINT_URL for moto or "
            + "LocalStack). Prints the handler's response JSON on stdout; log lines go to stderr.",
        "Exit status: 0 the handler returned, 1 it threw (the runtime would retry), 2 usage or configuration error."})
final class InvokeCommand implements Callable<Integer> {
  @Parameters(paramLabel = "EVENT_JSON", description = "The Lambda event.")
  Path event;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private final Map<String, String> env;

  InvokeCommand(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  @Override
  public Integer call() throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    if (!Files.isRegularFile(event)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "no such file: " + event);
    }
    long start = System.nanoTime();
    Handler handler;
    try {
      handler = Handler.fromEnvironment(env);
    } catch (IllegalStateException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "configuration: " + e.getMessage());
    }
    long initialized = System.nanoTime();
    ByteArrayOutputStream response = new ByteArrayOutputStream();
    try (InputStream in = Files.newInputStream(event)) {
      handler.handleRequest(in, response, new LocalContext(line -> {
        err.print(line);
        err.flush();
      }));
    } catch (RuntimeException | IOException e) {
      err.println("trailwatch invoke: the handler threw: " + e);
      err.flush();
      return 1;
    }
    err.printf("trailwatch invoke: init %d ms, invoke %d ms%n", (initialized - start) / 1_000_000,
        (System.nanoTime() - initialized) / 1_000_000);
    err.flush();
    PrintWriter out = spec.commandLine().getOut();
    out.println(response.toString(StandardCharsets.UTF_8));
    out.flush();
    return 0;
  }
}
