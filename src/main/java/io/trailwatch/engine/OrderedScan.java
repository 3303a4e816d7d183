package io.trailwatch.engine;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Scans many inputs on several threads while its listener sees everything in input order, as if one
 * thread had read them one after the other: a replay stays deterministic.
 *
 * <p>Rules kept: each input is read whole by one worker, which hands its matches through a queue
 * bounded by bytes ({@link #LANE_BYTES}: each match counts its record's bytes plus
 * {@link #MATCH_OVERHEAD} for what was read of it), in batches of about {@link #BATCH_BYTES} (so that
 * the threads trade a wake-up per batch, not per match; a worker holds at most one batch besides its
 * lane, and hands it over before the input's end or error); the calling thread drains the inputs' queues
 * strictly in order; at most {@code threads + 1} inputs are in flight and the inputs are taken from
 * their iterator only as lanes free up, so memory stays bounded whatever the number or size of inputs
 * or the share of records that match. An input that fails is reported in its place and the others go on. A worker that dies of
 * anything else (an {@link Error} such as OutOfMemoryError or StackOverflowError) ends the run with
 * {@link Aborted}, naming the input: the calling thread never waits on a lane whose worker is gone.
 */
public final class OrderedScan {
  /** One log to read. */
  public interface Input {
    Source source();

    InputStream open() throws IOException;

    /** Its size in bytes as stored, or -1 when not known (for progress only). */
    default long size() {
      return -1;
    }
  }

  /** Receives, in input order and on the calling thread, each input's matches and then its end. */
  public interface Listener {
    void match(Match match);

    void done(Input input, Engine.Result result);

    void failed(Input input, IOException error);
  }

  /** A worker died of something no input explains; the scan cannot go on. */
  public static final class Aborted extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Aborted(Source source, Throwable cause) {
      super(source.name() + ": " + cause, cause);
    }
  }

  /** What the matches waiting in one input's lane may hold. */
  static final long LANE_BYTES = 24L << 20;
  /** What a match holds besides its record's bytes: the fields read, its strings, itself. */
  static final long MATCH_OVERHEAD = 2048;
  /** What a worker gathers before handing its matches over at once. */
  static final long BATCH_BYTES = 256 << 10;
  private static final long POLL_MS = 100;

  private final Engine engine;
  private final int threads;

  private OrderedScan(Engine engine, int threads) {
    this.engine = engine;
    this.threads = threads;
  }

  public static OrderedScan on(Engine engine, int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, not " + threads);
    }
    return new OrderedScan(engine, threads);
  }

  /** The end of one input's lane: its result or its error. */
  private record End(Engine.Result result, IOException error) {}

  /**
   * Reads every input, calling {@code listener} in input order.
   *
   * @throws Aborted when a worker died of an {@link Error}
   */
  public void run(Iterable<? extends Input> inputs, Listener listener) throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "trailwatch-scan");
      t.setDaemon(true);
      return t;
    });
    try {
      Iterator<? extends Input> pending = inputs.iterator();
      java.util.ArrayDeque<Map.Entry<Input, Lane>> lanes = new java.util.ArrayDeque<>();
      while (true) {
        while (lanes.size() <= threads && pending.hasNext()) {
          Input input = pending.next();
          lanes.add(Map.entry(input, start(pool, input)));
        }
        Map.Entry<Input, Lane> first = lanes.poll();
        if (first == null) {
          return;
        }
        drain(first.getValue(), first.getKey(), listener);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** One input's matches and end, and its worker (to tell a lane that will never end). */
  private record Lane(ByteBoundedQueue<Object> queue, Future<?> worker) {}

  /** Matches gathered by a worker, handed over at once when they hold {@link #BATCH_BYTES}. */
  private static final class Batch implements Consumer<Match> {
    private final ByteBoundedQueue<Object> lane;
    private List<Match> matches = new ArrayList<>();
    private long bytes;

    Batch(ByteBoundedQueue<Object> lane) {
      this.lane = lane;
    }

    @Override
    public void accept(Match match) {
      matches.add(match);
      bytes += match.record().size() + MATCH_OVERHEAD;
      if (bytes >= BATCH_BYTES) {
        flush();
      }
    }

    void flush() {
      if (!matches.isEmpty()) {
        put(lane, matches, bytes);
        matches = new ArrayList<>();
        bytes = 0;
      }
    }
  }

  private Lane start(ExecutorService pool, Input input) {
    ByteBoundedQueue<Object> lane = new ByteBoundedQueue<>(LANE_BYTES);
    Future<?> worker = pool.submit(() -> {
      Batch batch = new Batch(lane);
      End end;
      try (InputStream in = input.open()) {
        end = new End(engine.scan(in, input.source(), batch), null);
      } catch (IOException e) {
        end = new End(null, e);
      } catch (RuntimeException e) {
        end = new End(null, new IOException(e.toString(), e));
      }
      batch.flush(); // the matches read before an error too
      put(lane, end, 0);
    });
    return new Lane(lane, worker);
  }

  private static void drain(Lane lane, Input input, Listener listener) throws InterruptedException {
    while (true) {
      Object next = lane.queue().poll(POLL_MS, TimeUnit.MILLISECONDS);
      if (next == null) {
        if (lane.worker().isDone() && lane.queue().isEmpty()) {
          throw new Aborted(input.source(), causeOf(lane.worker()));
        }
        continue;
      }
      if (next instanceof End end) {
        if (end.error() != null) {
          listener.failed(input, end.error());
        } else {
          listener.done(input, end.result());
        }
        return;
      }
      for (Object match : (List<?>) next) {
        listener.match((Match) match);
      }
    }
  }

  private static Throwable causeOf(Future<?> worker) throws InterruptedException {
    try {
      worker.get();
      return new IllegalStateException("the worker ended without a result");
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (CancellationException e) {
      return e;
    }
  }

  private static void put(ByteBoundedQueue<Object> lane, Object item, long bytes) {
    try {
      lane.put(item, bytes);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("scan cancelled", e);
    }
  }
}
