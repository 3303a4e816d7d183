package io.trailwatch.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Independent store and publish steps of one object, run at most {@code limit} at a time ({@link #of}): an object
 * with 200 users costs about 200 / limit round trips, not 200. Rules kept: results come back in the
 * tasks' order; every task runs to its end even when another failed (each failure is reported with
 * its task); {@link #SEQUENTIAL} runs them one after the other on the calling thread (tests, scan).
 * Threads are daemons, created once and reused.
 */
public final class Fanout {
  /** One task's end: its value, or what it threw. */
  public record Result<T>(T value, Exception error) {}

  /** A task that may throw the store's and publisher's checked exceptions. */
  @FunctionalInterface
  public interface Task<T> {
    T run() throws Exception;
  }

  public static final Fanout SEQUENTIAL = new Fanout(null);

  private final ExecutorService pool;

  private Fanout(ExecutorService pool) {
    this.pool = pool;
  }

  /** At most {@code limit} tasks at a time. */
  public static Fanout of(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, not " + limit);
    }
    return limit == 1 ? SEQUENTIAL : new Fanout(Executors.newFixedThreadPool(limit, r -> {
      Thread t = new Thread(r, "trailwatch-fanout");
      t.setDaemon(true);
      return t;
    }));
  }

  /** Runs every task; their results in order. */
  public <T> List<Result<T>> run(List<Task<T>> tasks) {
    List<Result<T>> results = new ArrayList<>(tasks.size());
    if (pool == null || tasks.size() < 2) {
      for (Task<T> task : tasks) {
        results.add(call(task));
      }
      return results;
    }
    List<Future<Result<T>>> futures = new ArrayList<>(tasks.size());
    for (Task<T> task : tasks) {
      Callable<Result<T>> callable = () -> call(task);
      futures.add(pool.submit(callable));
    }
    boolean interrupted = false;
    for (Future<Result<T>> future : futures) {
      while (true) {
        try {
          results.add(future.get());
          break;
        } catch (InterruptedException e) {
          interrupted = true; // finish waiting: the tasks hold store steps that must end
        } catch (ExecutionException e) {
          results.add(new Result<>(null, e.getCause() instanceof Exception ex ? ex : new RuntimeException(e.getCause())));
          break;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return results;
  }

  private static <T> Result<T> call(Task<T> task) {
    try {
      return new Result<>(task.run(), null);
    } catch (Exception e) {
      return new Result<>(null, e);
    }
  }
}
