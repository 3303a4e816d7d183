package io.trailwatch.cli;

import io.trailwatch.engine.AlertJson;
import io.trailwatch.engine.CloudTrailLayout;
import io.trailwatch.engine.CloudTrailReader;
import io.trailwatch.engine.CorrelationRule;
import io.trailwatch.engine.Correlator;
import io.trailwatch.engine.Engine;
import io.trailwatch.engine.Fanout;
import io.trailwatch.engine.LogSelection;
import io.trailwatch.engine.MalformedLogException;
import io.trailwatch.engine.Match;
import io.trailwatch.engine.OrderedScan;
import io.trailwatch.engine.ReplayWindows;
import io.trailwatch.engine.SpillingSignalStore;
import io.trailwatch.engine.Rule;
import io.trailwatch.engine.Rules;
import io.trailwatch.engine.Source;
import io.trailwatch.engine.Tuning;
import io.trailwatch.engine.WindowStore;
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
        "Exit status: 0 every input read and checked, 1 something may have been missed: an input unreadable, a "
            + "record that may match not evaluated, or no input holding a CloudTrail record (alerts from the rest "
            + "still printed), "
            + "2 usage error or missing path, 3 the scan stopped (an internal error such as running out of memory)."})
final class ScanCommand implements Callable<Integer> {
  static final int EXIT_ABORTED = 3;
  /** Correlation keys (address:key) held in memory; the others wait in a temporary file. */
  static final int HOT_SIGNAL_KEYS = 2_000;
  /** The PATH that reads standard input (gzipped or not). */
  static final String STDIN = "-";
  /** Directories or files under a PATH that the walk could not enter. */
  private int unwalkable;
  /** s3:// locations whose listing failed. */
  private int listingFailures;

  @Parameters(arity = "1..*", paramLabel = "PATH",
      description = "Log files and directories, s3://BUCKET/PREFIX locations (listed and streamed; credentials from the"
          + " default chain, AWS_ENDPOINT_URL honoured); - reads standard input.")
  List<String> paths;

  @CommandLine.Mixin LayoutOptions layoutOptions = new LayoutOptions();

  private final java.util.Map<String, String> env;

  ScanCommand(java.util.Map<String, String> env) {
    this.env = java.util.Map.copyOf(env);
  }

  @Option(names = "--rule", paramLabel = "RULE_YAML",
      description = "Rule metadata to use instead of the shipped rules; its RuleID must name one of them (repeatable).")
  List<Path> ruleFiles = new ArrayList<>();

  @Option(names = "--tuning", paramLabel = "TUNING_YAML",
      description = "Tuning file: per RuleID, InlineFilters, NewTerms (first-seen mode), DedupPeriodMinutes, Threshold,"
          + " Severity (see README, Tuning).")
  Path tuningFile;

  @Option(names = "--max-record-bytes", paramLabel = "N", defaultValue = "8388608",
      description = "Largest record evaluated (default: ${DEFAULT-VALUE}); a larger record that may match is reported as unevaluated.")
  int maxRecordBytes;

  @Option(names = "--max-uncompressed-bytes", paramLabel = "N", defaultValue = "17179869184",
      description = "Uncompressed bytes read from one file at most (default: ${DEFAULT-VALUE}).")
  long maxUncompressedBytes;

  @Option(names = "--threads", paramLabel = "N", description = "Files read at once (default: the number of processors).")
  int threads = Runtime.getRuntime().availableProcessors();

  @Option(names = "--progress", negatable = true,
      description = "Progress on stderr (default: when stderr is a terminal).")
  Boolean progress;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    requireAtLeast("--threads", threads, 1);
    requireAtLeast("--max-record-bytes", maxRecordBytes, 1024);
    requireAtLeast("--max-uncompressed-bytes", maxUncompressedBytes, 1);
    Tuning tuning = tuningFile == null ? Tuning.NONE : RuleFiles.tuning(spec, tuningFile);
    List<Rule> rules = tuned(tuning,
        ruleFiles.isEmpty() ? Rules.shipped() : ruleFiles.stream().map(f -> RuleFiles.load(spec, f)).toList());
    List<Path> files = collect(err);
    List<S3Inputs.Location> locations = locations();
    CloudTrailLayout layout = layout(locations);
    S3Inputs s3 = locations.isEmpty() ? null : S3Inputs.from(env);
    Engine engine = Engine.create(rules, new CloudTrailReader.Limits(maxUncompressedBytes, maxRecordBytes),
        Clock.systemUTC());
    PrintWriter out = spec.commandLine().getOut();
    ReplayWindows windows = ReplayWindows.rendering(AlertJson::toJson, out::println);
    CorrelationRule correlation = tuning.apply(CorrelationRule.builtIn());
    boolean correlate = rules.stream().map(r -> r.metadata().ruleId()).toList()
        .containsAll(List.of(correlation.fromRuleId(), correlation.toRuleId()));
    boolean showProgress = progress != null ? progress : Progress.stderrIsTerminal();
    try (SpillingSignalStore signals = SpillingSignalStore.holding(HOT_SIGNAL_KEYS)) {
      Tally tally = new Tally(err, windows, correlate ? Correlator.caching(correlation, signals, Fanout.SEQUENTIAL) : null,
          Progress.to(err, showProgress, showProgress ? total(files, s3, locations, layout) : Progress.Total.UNKNOWN));
      List<Iterable<OrderedScan.Input>> parts = new ArrayList<>();
      parts.add(files.stream().<OrderedScan.Input>map(FileInput::new).toList());
      for (S3Inputs.Location location : locations) {
        parts.add(s3.inputs(location, layout, reason -> {
          listingFailures++;
          err.printf("trailwatch: %s%n", Terminal.safe(reason));
        }));
      }
      Iterable<OrderedScan.Input> inputs = concat(parts);
      try {
        OrderedScan.on(engine, threads).run(inputs, tally);
      } catch (OrderedScan.Aborted e) {
        err.printf("trailwatch: scan stopped, alerts may be missing: %s%n", Terminal.safe(e.getMessage()));
        err.flush();
        return EXIT_ABORTED;
      } catch (UncheckedIOException e) { // the correlation's temporary file (disk full, say)
        err.printf("trailwatch: scan stopped, alerts may be missing: %s: %s%n", Terminal.safe(e.getMessage()),
            Terminal.safe(String.valueOf(e.getCause().getMessage())));
        err.flush();
        return EXIT_ABORTED;
      } catch (OutOfMemoryError | StackOverflowError e) { // on this thread: the windows, the correlation, the output
        err.printf("trailwatch: scan stopped, alerts may be missing: %s (raise the heap: TRAILWATCH_HEAP=1g bin/trailwatch ...)%n", e);
        err.flush();
        return EXIT_ABORTED;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
      windows.finish(threads);
      out.flush();
      if (out.checkError()) {
        throw new UncheckedIOException(new IOException("writing alerts to stdout failed"));
      }
      err.printf("trailwatch: %d files, %d records, %d matches, %d filtered, %d alerts, %d unreadable files,"
              + " %d rule errors, %d non-object records skipped, %d unevaluated records%n",
          tally.inputs, tally.records, tally.matches, tally.filtered, windows.emitted(),
          tally.unreadable + unwalkable + listingFailures,
          tally.ruleErrors, tally.skipped, tally.unevaluated);
      if (rules.stream().anyMatch(r -> r.metadata().newTerms() != null)) {
        err.printf("trailwatch: first-seen mode: %d matches seen before (not alerted)%n", windows.seenBefore());
      }
      if (tally.cloudTrailFiles == 0) {
        err.println("trailwatch: no input held a CloudTrail record: nothing was checked");
      }
      err.flush();
      boolean incomplete = tally.unreadable + unwalkable + listingFailures > 0 || tally.unevaluated > 0 || tally.cloudTrailFiles == 0;
      return incomplete ? 1 : 0;
    }
  }

  private record FileInput(Path path) implements OrderedScan.Input {
    @Override
    public Source source() {
      return new Source.File(path.toString());
    }

    @Override
    public long size() {
      try {
        return path.toString().equals(STDIN) ? -1 : Files.size(path);
      } catch (IOException e) {
        return -1;
      }
    }

    @Override
    public InputStream open() throws IOException {
      if (path.toString().equals(STDIN)) {
        return new java.io.FilterInputStream(System.in) {
          @Override
          public void close() {
            // standard input stays open for whoever owns it
          }
        };
      }
      return Files.newInputStream(path);
    }
  }

  /** Adds up and reports what each file held, in path order. */
  private final class Tally implements OrderedScan.Listener {
    private final PrintWriter err;
    private final ReplayWindows windows;
    private final Correlator correlator;
    private final Progress meter;
    long records;
    int inputs;
    long matches;
    long filtered;
    long ruleErrors;
    long skipped;
    long unevaluated;
    int unreadable;
    int cloudTrailFiles;

    Tally(PrintWriter err, ReplayWindows windows, Correlator correlator, Progress meter) {
      this.err = err;
      this.windows = windows;
      this.correlator = correlator;
      this.meter = meter;
    }

    @Override
    public void match(Match match) {
      windows.add(match);
      if (correlator != null) {
        try {
          Match correlated = correlator.offer(match);
          if (correlated != null) {
            windows.add(correlated);
          }
        } catch (WindowStore.StoreException e) {
          throw new IllegalStateException("the in-memory signal store does not fail", e);
        }
      }
    }

    @Override
    public void done(OrderedScan.Input input, Engine.Result result) {
      add(result);
      String name = Terminal.safe(input.source().name());
      if (result.cloudTrailRecords() == 0) {
        err.printf("trailwatch: %s: no CloudTrail record in it (no record has an eventName)%n", name);
      }
      report(name, result);
      meter.fileDone(name, records, input.size());
    }

    /** Adds what a file held, whole or read up to its bad bytes. */
    private void add(Engine.Result result) {
      inputs++;
      records += result.records();
      matches += result.matches();
      filtered += result.filtered();
      skipped += result.nonObjects();
      unevaluated += result.unevaluated();
      ruleErrors += result.ruleErrors();
      if (result.cloudTrailRecords() > 0) {
        cloudTrailFiles++;
      }
    }

    private void report(String name, Engine.Result result) {
      if (result.ruleErrors() > 0) {
        err.printf("trailwatch: %s: %d rule error(s), first: %s%n", name, result.ruleErrors(),
            Terminal.safe(result.firstRuleError()));
      }
      if (result.unevaluated() > 0) {
        err.printf("trailwatch: %s: %d record(s) that may match not evaluated, first: %s%n",
            name, result.unevaluated(), Terminal.safe(result.firstUnevaluated()));
      }
    }

    @Override
    public void failed(OrderedScan.Input input, IOException error) {
      unreadable++;
      if (!(error instanceof MalformedLogException malformed && malformed.partial() != null)) {
        inputs++;
      }
      String name = Terminal.safe(input.source().name());
      err.printf("trailwatch: %s: %s: %s%n", name,
          error instanceof MalformedLogException ? "unreadable" : "cannot read", Terminal.reason(error));
      if (error instanceof MalformedLogException malformed && malformed.partial() != null) {
        add(malformed.partial()); // what came before the bad bytes was read, and its alerts printed
        report(name, malformed.partial());
      }
      meter.fileDone(name, records, input.size());
    }
  }

  private List<Rule> tuned(Tuning tuning, List<Rule> rules) {
    try {
      return tuning.apply(rules);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), tuningFile + ": " + e.getMessage());
    }
  }

  /** The s3:// inputs, in the order given. */
  private List<S3Inputs.Location> locations() {
    List<S3Inputs.Location> out = new ArrayList<>();
    for (String name : paths) {
      if (name.startsWith("s3://")) {
        try {
          out.add(S3Inputs.Location.parse(name));
        } catch (IllegalArgumentException e) {
          throw new CommandLine.ParameterException(spec.commandLine(), Terminal.safe(e.getMessage()));
        }
      }
    }
    return out;
  }

  /** The pruning of s3:// listings; the options that set it need an s3:// input. */
  private CloudTrailLayout layout(List<S3Inputs.Location> locations) {
    if (layoutOptions.restricted() && locations.isEmpty()) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--since, --until, --account and --region apply to s3:// inputs, and none was given");
    }
    return layoutOptions.layout(spec);
  }

  /** Objects and bytes to read, for the progress line: local files' sizes, and a listing of each location. */
  private static Progress.Total total(List<Path> files, S3Inputs s3, List<S3Inputs.Location> locations,
      CloudTrailLayout layout) {
    long count = files.size();
    long bytes = 0;
    for (Path file : files) {
      try {
        bytes += file.toString().equals(STDIN) ? 0 : Files.size(file);
      } catch (IOException e) {
        // unreadable: reported when its turn comes
      }
    }
    for (S3Inputs.Location location : locations) {
      for (OrderedScan.Input input : s3.inputs(location, layout, reason -> { })) {
        count++;
        bytes += input.size();
      }
    }
    return new Progress.Total(count, bytes);
  }

  /** The parts one after the other, each iterated only when its turn comes (a stream's flatMap would buffer a part). */
  private static <T> Iterable<T> concat(List<Iterable<T>> parts) {
    return () -> new java.util.Iterator<T>() {
      private int part;
      private java.util.Iterator<T> current = java.util.Collections.emptyIterator();

      @Override
      public boolean hasNext() {
        while (!current.hasNext() && part < parts.size()) {
          current = parts.get(part++).iterator();
        }
        return current.hasNext();
      }

      @Override
      public T next() {
        if (!hasNext()) {
          throw new java.util.NoSuchElementException();
        }
        return current.next();
      }
    };
  }

  private void requireAtLeast(String option, long value, long least) {
    if (value < least) {
      throw new CommandLine.ParameterException(spec.commandLine(), option + " must be at least " + least + ", not " + value);
    }
  }

  /**
   * The files to read, in lexicographic order of their path. A directory or file the walk cannot
   * enter is named on stderr with the reason and counted unreadable; the rest is still read.
   */
  private List<Path> collect(PrintWriter err) throws IOException {
    TreeSet<String> found = new TreeSet<>();
    for (String name : paths) {
      if (name.startsWith("s3://")) {
        continue;
      }
      Path path = Path.of(name);
      if (name.equals(STDIN)) {
        found.add(STDIN);
        continue;
      }
      if (!Files.exists(path)) {
        throw new CommandLine.ParameterException(spec.commandLine(), "no such file or directory: " + Terminal.safe(path.toString()));
      }
      if (Files.isDirectory(path)) {
        Files.walkFileTree(path, java.util.Set.of(java.nio.file.FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
            new java.nio.file.SimpleFileVisitor<>() {
              @Override
              public java.nio.file.FileVisitResult visitFile(Path file, java.nio.file.attribute.BasicFileAttributes attrs) {
                if (attrs.isRegularFile() && LogSelection.isLog(file.toString().replace(java.io.File.separatorChar, '/'))) {
                  found.add(file.toString());
                }
                return java.nio.file.FileVisitResult.CONTINUE;
              }

              @Override
              public java.nio.file.FileVisitResult visitFileFailed(Path file, IOException e) {
                unwalkable++;
                err.printf("trailwatch: %s: cannot read: %s%n", Terminal.safe(file.toString()), Terminal.reason(e));
                return java.nio.file.FileVisitResult.CONTINUE;
              }
            });
      } else {
        found.add(path.toString()); // named explicitly: read whatever its name
      }
    }
    List<Path> files = new ArrayList<>();
    found.forEach(p -> files.add(Path.of(p)));
    return files;
  }
}
