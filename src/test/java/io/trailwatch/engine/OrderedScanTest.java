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

  /** Collects what the listener was told, in order. */
  private static final class Seen implements OrderedScan.Listener {
    final List<String> events = new ArrayList<>();

    @Override
    public void match(Match match) {
      events.add("match");
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
    assertEquals(List.of("match", "done good1"), seen.events, "what came before is delivered in order");
  }
}
