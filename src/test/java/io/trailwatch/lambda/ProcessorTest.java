package io.trailwatch.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailwatch.aws.DynamoDbWindowStore;
import io.trailwatch.engine.CloudTrailReader;
import io.trailwatch.engine.CollectingPublisher;
import io.trailwatch.engine.CorrelationRule;
import io.trailwatch.engine.Correlator;
import io.trailwatch.engine.Deduplicator;
import io.trailwatch.engine.InMemorySignalStore;
import io.trailwatch.engine.Engine;
import io.trailwatch.engine.Fanout;
import io.trailwatch.engine.InMemoryWindowStore;
import io.trailwatch.engine.Json;
import io.trailwatch.engine.Logs;
import io.trailwatch.engine.ObjectSource;
import io.trailwatch.engine.Rules;
import io.trailwatch.engine.TestClock;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How the processor classes failures, over the in-memory store and an object source the test controls. */
class ProcessorTest {
  private final TestClock clock = new TestClock(Instant.parse("2026-01-01T12:00:00Z"));
  private final CollectingPublisher publisher = new CollectingPublisher();
  private final List<String> logLines = new ArrayList<>();

  private Processor processor(ObjectSource objects) {
    return new Processor(Detection.fixed(Engine.create(Rules.shipped(), CloudTrailReader.Limits.DEFAULT, clock),
        Correlator.caching(CorrelationRule.builtIn(), new InMemorySignalStore(), Fanout.SEQUENTIAL)),
        Deduplicator.over(new InMemoryWindowStore(), publisher, clock, clock::advance),
        new io.trailwatch.engine.InMemoryTermStore(), clock, objects, Set.of("b"), "INFO",
        EventMapper.MAPPER, () -> new DynamoDbWindowStore.Usage(0, 0, 0));
  }

  private Metrics handle(Processor processor) throws BadEventException {
    Metrics metrics = new Metrics();
    processor.handle(Json.tree(Events.s3("b", "k.json.gz", "e")), EventMapper.MAPPER,
        Log.to(EventMapper.MAPPER, logLines::add, "r"), metrics);
    return metrics;
  }

  @Test
  void givenAnUnexpectedExceptionFromTheEngine_whenHandled_expectABugLoggedCountedAndTheObjectRetried() {
    ObjectSource buggy = (bucket, key, version) -> new InputStream() {
      @Override
      public int read() {
        throw new IllegalStateException("a bug");
      }
    };
    Metrics metrics = new Metrics();
    Processor.RetryLaterException e = assertThrows(Processor.RetryLaterException.class,
        () -> processor(buggy).handle(Json.tree(Events.s3("b", "k.json.gz", "e")), EventMapper.MAPPER,
            Log.to(EventMapper.MAPPER, logLines::add, "r"), metrics));
    assertTrue(e.getMessage().contains("engine error java.lang.IllegalStateException"), e.getMessage());
    assertEquals(1, metrics.get(Metrics.Name.EngineErrors));
    assertTrue(logLines.stream().anyMatch(l -> l.contains("\"message\":\"engine error; the object fails and is retried\"")
        && l.contains("\"class\":\"java.lang.IllegalStateException\"") && l.contains("a bug")
        && l.contains("s3://b/k.json.gz")), logLines.toString());
  }

  @Test
  void givenAReadThatFailsMidStream_whenHandled_expectATransientFailureNotAnEngineError() {
    ObjectSource flaky = (bucket, key, version) -> new InputStream() {
      @Override
      public int read() throws IOException {
        throw new IOException("connection reset");
      }
    };
    Metrics metrics = new Metrics();
    assertThrows(Processor.RetryLaterException.class,
        () -> processor(flaky).handle(Json.tree(Events.s3("b", "k.json.gz", "e")), EventMapper.MAPPER,
            Log.to(EventMapper.MAPPER, logLines::add, "r"), metrics));
    assertEquals(0, metrics.get(Metrics.Name.EngineErrors));
  }

  @Test
  void givenAGoodObject_whenHandled_expectItsAlertAndNoError() throws Exception {
    byte[] log = Logs.gzip(Logs.cloudTrail(List.of(Json.akiaRecord("alice", "AKIAALICE", "2024-06-02T20:16:22Z"))));
    Metrics metrics = handle(processor((bucket, key, version) -> new ByteArrayInputStream(log)));
    assertEquals(1, metrics.get(Metrics.Name.AlertsPublished));
    assertEquals(1, publisher.alerts().size());
  }
}
