import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * Two or more builds of the engine in one JVM, each jar in its own class loader, reading the same log
 * (decompressed once, in memory) in turn, round after round: the thread's CPU time per MB of JSON for
 * each. Taking turns in one process cancels what moves between processes on a busy machine (frequency,
 * neighbours), so a few percent shows. Prints each jar's median and minimum, and its matches.
 * usage: java bench/java/SameJvmAB.java LOG.json.gz ROUNDS JAR...
 */
public class SameJvmAB {
  public static void main(String[] args) throws Exception {
    ByteArrayOutputStream json = new ByteArrayOutputStream();
    try (InputStream in = new GZIPInputStream(Files.newInputStream(Path.of(args[0])))) {
      in.transferTo(json);
    }
    byte[] log = json.toByteArray();
    int rounds = Integer.parseInt(args[1]);
    int jars = args.length - 2;
    Object[] engines = new Object[jars];
    Method[] scans = new Method[jars];
    Object[] sources = new Object[jars];
    for (int j = 0; j < jars; j++) {
      ClassLoader loader = new URLClassLoader(new URL[] {Path.of(args[j + 2]).toUri().toURL()},
          ClassLoader.getPlatformClassLoader());
      try {
        load(loader, j, engines, scans, sources);
      } catch (ReflectiveOperationException e) {
        System.err.println("SameJvmAB: " + args[j + 2] + " is not a trailwatch jar this bench can drive: " + e);
        System.exit(2);
      }
    }
    measure(args, log, rounds, engines, scans, sources);
  }

  private static void load(ClassLoader loader, int j, Object[] engines, Method[] scans, Object[] sources)
      throws ReflectiveOperationException {
    Class<?> engine = loader.loadClass("io.trailwatch.engine.Engine");
    Class<?> rules = loader.loadClass("io.trailwatch.engine.Rules");
    Class<?> limits = loader.loadClass("io.trailwatch.engine.CloudTrailReader$Limits");
    Class<?> source = loader.loadClass("io.trailwatch.engine.Source");
    Class<?> file = loader.loadClass("io.trailwatch.engine.Source$File");
    engines[j] = engine.getMethod("create", List.class, limits, Clock.class)
        .invoke(null, rules.getMethod("shipped").invoke(null), limits.getField("DEFAULT").get(null), Clock.systemUTC());
    sources[j] = file.getConstructor(String.class).newInstance("bench");
    scans[j] = engine.getMethod("scan", InputStream.class, source, Consumer.class);
  }

  private static void measure(String[] args, byte[] log, int rounds, Object[] engines, Method[] scans,
      Object[] sources) throws Exception {
    int jars = engines.length;
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    List<List<Double>> perMb = new ArrayList<>();
    String[] results = new String[jars];
    for (int j = 0; j < jars; j++) {
      perMb.add(new ArrayList<>());
    }
    Consumer<Object> ignore = match -> { };
    for (int round = 0; round < rounds + 2; round++) {
      for (int j = 0; j < jars; j++) {
        long start = cpu.getCurrentThreadCpuTime();
        Object result = scans[j].invoke(engines[j], new ByteArrayInputStream(log), sources[j], ignore);
        double ms = (cpu.getCurrentThreadCpuTime() - start) / 1e6 / (log.length / 1e6);
        if (round >= 2) { // the first two rounds compile
          perMb.get(j).add(ms);
        }
        results[j] = String.valueOf(result);
      }
    }
    for (int j = 0; j < jars; j++) {
      List<Double> t = perMb.get(j);
      Collections.sort(t);
      System.out.printf("%s: median %.3f ms, min %.3f ms of CPU per MB of JSON (%d rounds); %s%n", args[j + 2],
          t.get(t.size() / 2), t.get(0), t.size(), results[j].replaceAll(".*(records=\\d+).*(matches=\\d+).*", "$1, $2"));
    }
  }
}
