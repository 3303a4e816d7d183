import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trailwatch.engine.CloudTrailReader;
import io.trailwatch.engine.Engine;
import io.trailwatch.engine.Rules;
import io.trailwatch.engine.Source;
import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The engine's CPU time per record, read from the thread's own CPU clock, so a busy machine (other
 * processes, frequency changes) moves it far less than wall time: EngineBenchmark's two logs, 10,000
 * records each (the Stratus events as a long-term key's calls, and as assumed-role calls the rule
 * cannot match, keys in CloudTrail's delivery order), each read ROUNDS times after 3 warm-up rounds. Prints the median and minimum in µs, and
 * the bytes allocated a record (which, unlike time, the machine's load does not move).
 * usage: java -cp trailwatch.jar bench/java/CpuPerRecord.java STRATUS_EVENTS_JSON ROUNDS
 */
public class CpuPerRecord {
  static final int RECORDS = 10_000;

  public static void main(String[] args) throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    JsonNode templates = mapper.readTree(Files.readString(Path.of(args[0])));
    int rounds = Integer.parseInt(args[1]);
    StringBuilder matching = new StringBuilder("{\"Records\":[");
    StringBuilder other = new StringBuilder("{\"Records\":[");
    for (int i = 0; i < RECORDS; i++) {
      // keys in CloudTrail's delivery order, userIdentity second (the templates' are alphabetical)
      ObjectNode record = mapper.createObjectNode();
      record.set("eventVersion", templates.get(i % templates.size()).get("eventVersion"));
      record.putObject("userIdentity");
      record.setAll((ObjectNode) templates.get(i % templates.size()).deepCopy());
      String user = "u" + (i % 50);
      record.putObject("userIdentity").put("type", "IAMUser") // a principalId of its own, as every IAM user has
          .put("principalId", "AIDAEXAMPLE" + user.toUpperCase(java.util.Locale.ROOT))
          .put("arn", "arn:aws:iam::123456789012:user/" + user).put("accountId", "123456789012")
          .put("accessKeyId", "AKIA" + (i % 50)).put("userName", user);
      matching.append(i == 0 ? "" : ",").append(record);
      record.putObject("userIdentity").put("type", "AssumedRole").put("accessKeyId", "ASIA" + i)
          .put("arn", "arn:aws:sts::123456789012:assumed-role/r/s" + i);
      other.append(i == 0 ? "" : ",").append(record);
    }
    Engine engine = Engine.create(Rules.shipped(), CloudTrailReader.Limits.DEFAULT, Clock.systemUTC());
    report("matching record", engine, matching.append("]}").toString().getBytes(StandardCharsets.UTF_8), rounds);
    report("record the rule cannot match", engine, other.append("]}").toString().getBytes(StandardCharsets.UTF_8),
        rounds);
  }

  private static void report(String label, Engine engine, byte[] log, int rounds) throws Exception {
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    List<Double> micros = new ArrayList<>();
    com.sun.management.ThreadMXBean memory = (com.sun.management.ThreadMXBean) cpu;
    long matches = 0;
    long allocated = 0;
    for (int round = 0; round < rounds + 3; round++) {
      long start = cpu.getCurrentThreadCpuTime();
      long bytes = memory.getCurrentThreadAllocatedBytes();
      matches += engine.scan(new ByteArrayInputStream(log), new Source.File("bench"), match -> { }).matches();
      if (round >= 3) {
        micros.add((cpu.getCurrentThreadCpuTime() - start) / 1e3 / RECORDS);
        allocated += memory.getCurrentThreadAllocatedBytes() - bytes;
      }
    }
    Collections.sort(micros);
    System.out.printf("%s: median %.2f µs, min %.2f µs of CPU, %d bytes allocated a record (%d rounds; %d matches)%n",
        label, micros.get(micros.size() / 2), micros.get(0), allocated / rounds / RECORDS, rounds, matches);
  }
}
