package io.trailwatch.cli;

import io.trailwatch.engine.Rules;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code trailwatch} command line: a thin door onto the engine (and, for invoke, the Lambda). */
@Command(
    name = "trailwatch",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Catch long-term AWS access keys (AKIA...) in use: Panther's AWS.CloudTrail.UserAccessKeyAuth over CloudTrail logs.",
    subcommands = {ScanCommand.class, TestCommand.class, TuneCommand.class, InvokeCommand.class, BackfillCommand.class})
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    Rules.readAhead(); // while picocli builds the command line
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit status (for tests: no System.exit). */
  public static int run(String... args) {
    return commandLine().execute(args);
  }

  /** The command line, for callers that redirect its output. */
  public static CommandLine commandLine() {
    return commandLine(System.getenv());
  }

  /** The command line with {@code env} as the environment {@code invoke} configures the handler from. */
  public static CommandLine commandLine(Map<String, String> env) {
    CommandLine.IFactory defaults = CommandLine.defaultFactory();
    CommandLine commandLine = new CommandLine(new Main(), new CommandLine.IFactory() {
      @Override
      public <K> K create(Class<K> type) throws Exception {
        if (type == InvokeCommand.class) {
          return type.cast(new InvokeCommand(env));
        }
        if (type == BackfillCommand.class) {
          return type.cast(new BackfillCommand(env));
        }
        return type == ScanCommand.class ? type.cast(new ScanCommand(env)) : defaults.create(type);
      }
    });
    // a usage error is one line and exit 2; --help shows the usage
    commandLine.setParameterExceptionHandler((e, args) -> {
      CommandLine failing = e.getCommandLine();
      failing.getErr().println(Terminal.safe(e.getMessage()) + " (see: trailwatch "
          + (failing.getCommandName().equals("trailwatch") ? "" : failing.getCommandName() + " ") + "--help)");
      failing.getErr().flush();
      return 2;
    });
    return commandLine;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required: scan, test, tune, invoke or backfill");
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"trailwatch " + (v == null ? "dev" : v)};
    }
  }
}
