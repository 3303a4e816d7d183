package io.trailwatch.engine;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Dedup for a replay of logs ({@code scan}): windows run on the records' event time, so the same logs
 * give the same alerts every time. Rules kept: each window's alert is emitted once, when the window
 * is complete (a later match of its dedup string did not join it, or {@link #finish} was called), with
 * its final eventCount, and only if that count reached the threshold; {@code createdAt} is the latest
 * event time seen so far (the replay's clock); a match of a rule in first-seen mode joins a window only
 * when its terms are new at its event time ({@link FirstSeenBatch} over an in-memory store), else it is
 * counted in {@link #seenBefore}. Memory grows with the number of distinct dedup strings (and
 * first-seen combinations), not with the number of records. {@link #finish(int)} renders the last
 * alerts on several threads, at most {@link #FINISH_AHEAD} held at once, and emits them in the same order
 * as {@link #finish()}.
 */
public final class ReplayWindows {
  /** Alerts {@link #finish(int)} holds rendered at most, waiting to be emitted. */
  static final int FINISH_AHEAD = 128;
  /** Windows one of its tasks closes and renders. */
  private static final int FINISH_TASK = 16;

  /** An alert's rendering (which may run on another thread), as the step that emits it. */
  private final Function<Alert, Runnable> emission;
  private final Map<MatchGroup.Key, Open> open = new HashMap<>();
  private final TermStore terms = new InMemoryTermStore();
  private Instant latest = Instant.EPOCH;
  private long emitted;
  private long seenBefore;

  /** An open window: its start, its matches, and its rule's policy (taken once, at the opening match). */
  private record Open(Instant start, MatchGroup group, DedupPolicy policy) {}

  private ReplayWindows(Function<Alert, Runnable> emission) {
    this.emission = emission;
  }

  /** Windows per rule and dedup string, each with its rule's period and threshold. */
  public static ReplayWindows emittingTo(Consumer<Alert> alerts) {
    return new ReplayWindows(alert -> () -> alerts.accept(alert));
  }

  /**
   * Windows whose alerts go through {@code render}, which must be safe to call from several threads
   * at once, then to {@code sink}, one at a time and in order.
   */
  public static <T> ReplayWindows rendering(Function<Alert, T> render, Consumer<T> sink) {
    return new ReplayWindows(alert -> {
      T rendered = render.apply(alert);
      return () -> sink.accept(rendered);
    });
  }

  public void add(Match match) {
    if (match.eventTime().isAfter(latest)) {
      latest = match.eventTime();
    }
    if (match.rule().newTerms() != null) {
      match = firstSeen(match);
      if (match == null) {
        return;
      }
    }
    MatchGroup.Key key = MatchGroup.key(match);
    Open window = open.get(key);
    if (window != null && window.policy().joins(window.start(), match.eventTime())) {
      window.group().add(match);
      return;
    }
    if (window != null) {
      close(window);
    }
    open.put(key, new Open(match.eventTime(), MatchGroup.startingWith(match), DedupPolicy.of(match.rule())));
  }

  /** The match marked first seen, or null when its terms were seen in the history before its event time. */
  private Match firstSeen(Match match) {
    FirstSeenBatch batch = new FirstSeenBatch();
    batch.add(match);
    try {
      List<Match> admitted = batch.admitted(terms, match.eventTime());
      batch.record(terms, match.eventTime());
      seenBefore += batch.seenBefore();
      return admitted.isEmpty() ? null : admitted.get(0);
    } catch (WindowStore.StoreException e) {
      throw new IllegalStateException("the in-memory term store does not fail", e);
    }
  }

  /** Matches of rules in first-seen mode whose terms were seen before (not alerted). */
  public long seenBefore() {
    return seenBefore;
  }

  /** Closes every open window, in order of window start, then rule id and dedup string. */
  public void finish() {
    finish(1);
  }

  /**
   * {@link #finish()}, with the alerts built and rendered on up to {@code threads} threads while this one
   * emits them, in the same order; at most {@link #FINISH_AHEAD} alerts are held rendered. (The end of
   * a scan, when its reading threads are done, holds most alerts of a short replay.)
   *
   * @throws IllegalStateException when an alert's rendering failed (the alerts before it were emitted)
   */
  public void finish(int threads) {
    List<Open> windows = new ArrayList<>(open.values());
    open.clear();
    windows.sort(Comparator.comparing(Open::start).thenComparing(w -> MatchGroup.key(w.group().first())));
    if (threads < 2 || windows.size() <= FINISH_TASK) {
      windows.forEach(this::close);
      return;
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "trailwatch-render");
      t.setDaemon(true);
      return t;
    });
    try {
      ArrayDeque<Future<List<Runnable>>> ahead = new ArrayDeque<>();
      int next = 0;
      while (next < windows.size() || !ahead.isEmpty()) {
        while (next < windows.size() && ahead.size() * FINISH_TASK < FINISH_AHEAD) {
          List<Open> part = windows.subList(next, Math.min(windows.size(), next + FINISH_TASK));
          ahead.add(pool.submit(() -> part.stream().map(this::emissionOrFailure).filter(Objects::nonNull).toList()));
          next += part.size();
        }
        rendered(ahead.poll()).forEach(this::emit);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static List<Runnable> rendered(Future<List<Runnable>> part) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return part.get();
        } catch (InterruptedException e) {
          interrupted = true; // the alerts are due: finish emitting them
        } catch (ExecutionException e) { // an Error such as running out of memory: the steps catch the rest
          throw new IllegalStateException("rendering alerts failed: " + e.getCause(), e.getCause());
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** How many alerts were emitted so far. */
  public long emitted() {
    return emitted;
  }

  private void close(Open window) {
    Runnable step = emissionOrFailure(window);
    if (step != null) {
      emit(step);
    }
  }

  /** The step that emits the window's alert, or null when the window did not reach its threshold. */
  private Runnable emission(Open window) {
    long count = window.group().count();
    return count >= window.group().first().rule().threshold()
        ? emission.apply(Alert.of(window.group(), window.start(), count, latest)) : null;
  }

  /** {@link #emission}, or a step that raises its failure when its turn to be emitted comes. */
  private Runnable emissionOrFailure(Open window) {
    try {
      return emission(window);
    } catch (RuntimeException e) {
      return () -> {
        throw new IllegalStateException("rendering an alert failed: " + e.getMessage(), e);
      };
    }
  }

  private void emit(Runnable step) {
    step.run();
    emitted++;
  }
}
