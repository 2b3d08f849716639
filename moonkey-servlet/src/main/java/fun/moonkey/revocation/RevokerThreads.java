package fun.moonkey.revocation;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads of one revoker, however many calls are in flight: the HTTP client's I/O threads
 * ({@link #io()}: they read and classify every answer, and complete its outcome), one timer
 * (backoffs, callers that waited for a permit, and the sweep that ends what outlives its budget),
 * and up to {@link #WORKERS} workers, started only when follow-up work that may block is handed to
 * them ({@link #workers()}). Named {@code moonkey-io-N-k}, {@code moonkey-timer-N-k} and {@code
 * moonkey-revoker-N-k}; daemons, made by {@link NamedThreads}. Thread-safe.
 */
final class RevokerThreads implements Scheduler {

  /** The most workers at once. */
  static final int WORKERS = 16;

  private static final AtomicInteger INSTANCES = new AtomicInteger();

  /** Every thread started and maybe still alive, so that close() can wait for each to end. */
  private final Set<Thread> started = ConcurrentHashMap.newKeySet();

  private final ThreadFactory io;
  private final ThreadPoolExecutor workers;
  private final ScheduledThreadPoolExecutor timer;

  RevokerThreads() {
    int instance = INSTANCES.incrementAndGet();
    this.io = recorded(NamedThreads.numbered("moonkey-io-" + instance + "-"));
    this.workers =
        new ThreadPoolExecutor(
            WORKERS,
            WORKERS,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            recorded(NamedThreads.numbered("moonkey-revoker-" + instance + "-")));
    this.workers.allowCoreThreadTimeOut(true);
    this.timer =
        new ScheduledThreadPoolExecutor(
            1, recorded(NamedThreads.numbered("moonkey-timer-" + instance + "-")));
    this.timer.setRemoveOnCancelPolicy(true);
  }

  /** Makes the HTTP client's I/O threads. */
  ThreadFactory io() {
    return io;
  }

  /** Runs work that may block; on the calling thread once the workers have stopped. */
  Executor workers() {
    return task -> {
      try {
        workers.execute(task);
      } catch (RejectedExecutionException e) {
        task.run();
      }
    };
  }

  /** Runs {@code task} on the timer after {@code nanos}; null once the timer has stopped. */
  @Override
  public Runnable schedule(Runnable task, long nanos) {
    ScheduledFuture<?> scheduled;
    try {
      scheduled = timer.schedule(task, nanos, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      return null;
    }
    return () -> scheduled.cancel(false);
  }

  /**
   * Stops the timer at once, then lets the workers finish what they were given (up to 2 s) before
   * stopping them; the I/O threads stop with the client, closed before this. Returns once every
   * thread has ended (up to 2 s more): a pool reports itself terminated while its last thread is
   * still on its way out, and a container that undeploys the application right after would find
   * that thread alive.
   */
  void close() {
    timer.shutdownNow();
    workers.shutdown();
    try {
      if (!workers.awaitTermination(2, TimeUnit.SECONDS)) {
        workers.shutdownNow();
      }
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
      for (Thread thread : started) {
        long left = end - System.nanoTime();
        if (thread != Thread.currentThread() && left > 0) {
          thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        }
      }
    } catch (InterruptedException e) {
      workers.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  /** Records every thread {@code factory} makes, forgetting those that have ended. */
  private ThreadFactory recorded(ThreadFactory factory) {
    return task -> {
      Thread thread = factory.newThread(task);
      started.removeIf(old -> !old.isAlive());
      started.add(thread);
      return thread;
    };
  }
}
