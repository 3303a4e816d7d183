package io.trailwatch.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OrderedScanTest {
  private record Input(String name, Error error) implements OrderedScan.Input {
    @Override
    public Source source() {
      return new Source.File(name);
    }

    @Override
    public InputStream open() {
      if (error == null) {
        return new ByteArrayInputStream(Logs.cloudTrail(List.of(Json.akiaRecord("a", "AKIAA", "2024-01-01T00:00:00Z"))));
      }
      return new InputStream() {
        @Override
        public int read() {
          throw error;
        }
      };
    }
  }

  /** Collects what the listener was told, in order: a match as its user's name. */
  private static final class Seen implements OrderedScan.Listener {
    final List<String> events = new ArrayList<>();

    @Override
    public void match(Match match) {
      events.add(match.entities().get(Entities.Kind.USERNAMES).get(0));
    }

    @Override
    public void done(OrderedScan.Input input, Engine.Result result) {
      events.add("done " + input.source().name());
    }

    @Override
    public void failed(OrderedScan.Input input, IOException error) {
      events.add("failed " + input.source().name());
    }
  }

  /** A log of {@code matches} long-term key calls by users named for the input and their place, then {@code tail}. */
  private static OrderedScan.Input log(String name, int matches, String tail) {
    return new OrderedScan.Input() {
      @Override
      public Source source() {
        return new Source.File(name);
      }

      @Override
      public InputStream open() {
        List<com.fasterxml.jackson.databind.JsonNode> records = new ArrayList<>();
        for (int i = 0; i < matches; i++) {
          records.add(Json.akiaRecord(name + "u" + i, "AKIA" + name.toUpperCase() + i, "2024-01-01T00:00:00Z"));
        }
        String json = new String(Logs.cloudTrail(records), java.nio.charset.StandardCharsets.UTF_8);
        if (tail != null) { // cut the closing "]}" and go on with the tail
          json = json.substring(0, json.lastIndexOf(']')) + tail;
        }
        return new ByteArrayInputStream(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
    };
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3})
  void givenInputsWithMoreMatchesThanABatchHolds_whenScanned_expectEveryMatchInInputAndRecordOrderBeforeItsInputsEnd(
      int threads) throws InterruptedException {
    int many = (int) (3 * OrderedScan.BATCH_BYTES / OrderedScan.MATCH_OVERHEAD) + 7; // several batches and a part
    Engine engine = Engine.create(Rules.shipped(), CloudTrailReader.Limits.DEFAULT, Clock.systemUTC());
    List<OrderedScan.Input> inputs = List.of(log("a", many, null), log("b", 0, null), log("c", many, ",{\"x\":1]"),
        log("d", 1, null));
    Seen seen = new Seen();
    OrderedScan.on(engine, threads).run(inputs, seen);
    List<String> expected = new ArrayList<>();
    for (String name : List.of("a", "b", "c", "d")) {
      for (int i = 0; i < (name.equals("b") ? 0 : name.equals("d") ? 1 : many); i++) {
        expected.add(name + "u" + i);
      }
      expected.add((name.equals("c") ? "failed " : "done ") + name);
    }
    assertEquals(expected, seen.events, "a bad record ends its input after the matches read before it");
  }

  @ParameterizedTest
  @ValueSource(strings = {"OutOfMemoryError", "StackOverflowError"})
  void givenAWorkerDyingOfAnError_whenScanned_expectTheScanEndsNamingTheInputInsteadOfHanging(String kind) {
    Error error = kind.equals("OutOfMemoryError") ? new OutOfMemoryError("Java heap space") : new StackOverflowError();
    Engine engine = Engine.create(Rules.shipped(), CloudTrailReader.Limits.DEFAULT, Clock.systemUTC());
    List<Input> inputs = List.of(new Input("good1", null), new Input("bad", error), new Input("good2", null));
    Seen seen = new Seen();
    // a guard against the hang this test is about, not a speed requirement
    OrderedScan.Aborted aborted = assertTimeoutPreemptively(Duration.ofSeconds(60),
        () -> assertThrows(OrderedScan.Aborted.class, () -> OrderedScan.on(engine, 2).run(inputs, seen)));
    assertEquals("bad: " + error, aborted.getMessage());
    assertInstanceOf(error.getClass(), aborted.getCause());
    assertEquals(List.of("a", "done good1"), seen.events, "what came before is delivered in order");
  }
}
