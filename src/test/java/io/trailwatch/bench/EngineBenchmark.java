package io.trailwatch.bench;

import io.trailwatch.engine.Rules;
import io.trailwatch.engine.CloudTrailReader;
import io.trailwatch.engine.Engine;
import io.trailwatch.engine.Json;
import io.trailwatch.engine.Logs;
import io.trailwatch.engine.Match;
import io.trailwatch.engine.Source;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The engine's per-record cost on realistic records (the Stratus events, uncompressed, in memory):
 * a log where no record can match (assumed-role sessions) and one where every record matches.
 * Run with bench/jmh.sh.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EngineBenchmark {
  static final int RECORDS = 10_000;
  private byte[] noMatches;
  private byte[] allMatch;
  private Engine engine;

  @Setup
  public void setUp() throws IOException {
    List<com.fasterxml.jackson.databind.JsonNode> roles = new ArrayList<>();
    List<com.fasterxml.jackson.databind.JsonNode> users = new ArrayList<>();
    var templates = CloudTrailReader.mapper().readTree(
        EngineBenchmark.class.getResourceAsStream("/stratus/aws.execution.ssm-send-command.json"));
    for (int i = 0; i < RECORDS; i++) {
      // keys in CloudTrail's delivery order, userIdentity second (the templates' are alphabetical)
      var record = CloudTrailReader.mapper().createObjectNode();
      record.set("eventVersion", templates.get(i % templates.size()).get("eventVersion"));
      record.putObject("userIdentity");
      record.setAll((com.fasterxml.jackson.databind.node.ObjectNode) templates.get(i % templates.size()).deepCopy());
      var user = Json.akiaRecord("u" + (i % 50), "AKIA" + (i % 50), "2024-06-02T20:16:22Z");
      users.add(record.deepCopy().setAll((com.fasterxml.jackson.databind.node.ObjectNode) user));
      record.putObject("userIdentity").put("type", "AssumedRole").put("accessKeyId", "ASIA" + i)
          .put("arn", "arn:aws:sts::123456789012:assumed-role/r/s" + i);
      roles.add(record);
    }
    noMatches = Logs.cloudTrail(roles);
    allMatch = Logs.cloudTrail(users);
    engine = Engine.create(Rules.shipped(), CloudTrailReader.Limits.DEFAULT, Clock.systemUTC());
  }

  @Benchmark
  @OperationsPerInvocation(RECORDS)
  public long recordTheRuleCannotMatch(Blackhole hole) throws IOException {
    return engine.scan(new ByteArrayInputStream(noMatches), new Source.File("bench"), hole::consume).records();
  }

  @Benchmark
  @OperationsPerInvocation(RECORDS)
  public long matchingRecord(Blackhole hole) throws IOException {
    return engine.scan(new ByteArrayInputStream(allMatch), new Source.File("bench"), (Match m) -> hole.consume(m)).matches();
  }

  /** Bytes per record of each log, for turning ns/record into MB/s. */
  public static void main(String[] args) throws IOException {
    EngineBenchmark b = new EngineBenchmark();
    b.setUp();
    System.out.printf("no-match log: %d bytes/record; all-match log: %d bytes/record%n",
        b.noMatches.length / RECORDS, b.allMatch.length / RECORDS);
  }
}
