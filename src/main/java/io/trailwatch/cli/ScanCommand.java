package io.trailwatch.cli;

import io.trailwatch.engine.AlertJson;
import io.trailwatch.engine.CloudTrailReader;
import io.trailwatch.engine.Engine;
import io.trailwatch.engine.LogSelection;
import io.trailwatch.engine.MalformedLogException;
import io.trailwatch.engine.ReplayWindows;
import io.trailwatch.engine.RuleMetadata;
import io.trailwatch.engine.Source;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code trailwatch scan PATH...}: alerts as JSON lines on stdout, a summary on stderr. */
@Command(
    name = "scan",
    mixinStandardHelpOptions = true,
    description = {
        "Scan CloudTrail log files (*.json.gz, *.json; directories are walked, CloudTrail-Digest and "
            + "CloudTrail-Insight folders skipped) in path order, and print one alert JSON per line when "
            + "its dedup window is complete. Windows run on the records' eventTime, so a replay gives the "
            + "same alerts every time.",
        "Exit status: 0 every input read, 1 some input unreadable (alerts from the rest still printed), "
            + "2 usage error or missing path."})
final class ScanCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "PATH", description = "Log files and directories.")
  List<Path> paths;

  @Option(names = "--rule", paramLabel = "RULE_YAML", description = "Rule metadata to use (default: the shipped rule).")
  Path ruleFile;

  @Option(names = "--max-record-bytes", paramLabel = "N", defaultValue = "8388608",
      description = "Largest record evaluated (default: ${DEFAULT-VALUE}); a larger matching record is counted as oversized.")
  int maxRecordBytes;

  @Option(names = "--max-uncompressed-bytes", paramLabel = "N", defaultValue = "17179869184",
      description = "Uncompressed bytes read from one file at most (default: ${DEFAULT-VALUE}).")
  long maxUncompressedBytes;

  @Option(names = "--progress", negatable = true,
      description = "Progress on stderr (default: when stderr is a terminal).")
  Boolean progress;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    RuleMetadata rule = ruleFile == null ? RuleMetadata.builtIn() : Rules.load(spec, ruleFile);
    List<Path> files = collect();
    Engine engine = Engine.create(rule, new CloudTrailReader.Limits(maxUncompressedBytes, maxRecordBytes),
        Clock.systemUTC());
    PrintWriter out = spec.commandLine().getOut();
    ReplayWindows windows = ReplayWindows.emittingTo(rule, alert -> out.println(AlertJson.toJson(alert)));
    Progress meter = Progress.to(err, progress != null ? progress : Progress.stderrIsTerminal(), files.size());
    long records = 0;
    long matches = 0;
    long ruleErrors = 0;
    long skipped = 0;
    long oversized = 0;
    int unreadable = 0;
    for (Path file : files) {
      try (InputStream in = Files.newInputStream(file)) {
        Engine.Result result = engine.scan(in, new Source.File(file.toString()), windows::add);
        records += result.records();
        matches += result.matches();
        skipped += result.nonObjects();
        oversized += result.oversized();
        ruleErrors += result.ruleErrors();
        if (result.ruleErrors() > 0) {
          err.printf("trailwatch: %s: %d rule error(s), first: %s%n", file, result.ruleErrors(), result.firstRuleError());
        }
        if (result.oversized() > 0) {
          err.printf("trailwatch: %s: %d matching record(s) larger than %d bytes not evaluated%n",
              file, result.oversized(), maxRecordBytes);
        }
      } catch (MalformedLogException e) {
        unreadable++;
        err.printf("trailwatch: %s: unreadable: %s%n", file, e.getMessage());
      } catch (IOException e) {
        unreadable++;
        err.printf("trailwatch: %s: cannot read: %s%n", file, e);
      }
      meter.fileDone(file, records);
    }
    windows.finish();
    out.flush();
    if (out.checkError()) {
      throw new UncheckedIOException(new IOException("writing alerts to stdout failed"));
    }
    err.printf("trailwatch: %d files, %d records, %d matches, %d alerts, %d unreadable files, %d rule errors,"
            + " %d non-object records skipped, %d oversized records%n",
        files.size(), records, matches, windows.emitted(), unreadable, ruleErrors, skipped, oversized);
    err.flush();
    return unreadable > 0 ? 1 : 0;
  }

  /** The files to read, in lexicographic order of their path. */
  private List<Path> collect() throws IOException {
    TreeSet<String> found = new TreeSet<>();
    for (Path path : paths) {
      if (!Files.exists(path)) {
        throw new CommandLine.ParameterException(spec.commandLine(), "no such file or directory: " + path);
      }
      if (Files.isDirectory(path)) {
        try (Stream<Path> walk = Files.walk(path)) {
          walk.filter(Files::isRegularFile)
              .filter(p -> LogSelection.isLog(p.toString().replace(java.io.File.separatorChar, '/')))
              .forEach(p -> found.add(p.toString()));
        }
      } else {
        found.add(path.toString()); // named explicitly: read whatever its name
      }
    }
    List<Path> files = new ArrayList<>();
    found.forEach(p -> files.add(Path.of(p)));
    return files;
  }
}
