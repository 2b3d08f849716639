package fun.moonkey.revocation;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fixed set of threads of one revoker, however many calls are in flight: two I/O threads that
 * never block (the JDK client's callbacks, starting calls, aborting them), one timer (deadlines and
 * backoffs), and up to {@link #WORKERS} workers on which outcomes complete, so that a caller's
 * follow-up work runs on neither of the others. Named {@code moonkey-io-N-k}, {@code
 * moonkey-timer-N-k} and {@code moonkey-revoker-N-k}; daemons, made by {@link NamedThreads}.
 * Thread-safe.
 */
final class RevokerThreads {

  /** The most workers that complete outcomes at once. */
  static final int WORKERS = 16;

  private static final AtomicInteger INSTANCES = new AtomicInteger();

  private final ExecutorService io;
  private final ThreadPoolExecutor workers;
  private final ScheduledThreadPoolExecutor timer;

  RevokerThreads() {
    int instance = INSTANCES.incrementAndGet();
    this.io = Executors.newFixedThreadPool(2, named("moonkey-io-" + instance + "-"));
    this.workers =
        new ThreadPoolExecutor(
            WORKERS,
            WORKERS,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            named("moonkey-revoker-" + instance + "-"));
    this.workers.allowCoreThreadTimeOut(true);
    this.timer = new ScheduledThreadPoolExecutor(1, named("moonkey-timer-" + instance + "-"));
    this.timer.setRemoveOnCancelPolicy(true);
  }

  /** The I/O threads, for the JDK client's own work. */
  ExecutorService io() {
    return io;
  }

  /** Runs {@code completion} on a worker; on this thread once the workers have stopped. */
  void onWorker(Runnable completion) {
    try {
      workers.execute(completion);
    } catch (RejectedExecutionException e) {
      completion.run();
    }
  }

  /**
   * Runs {@code task} on an I/O thread.
   *
   * @return false when the threads have stopped and the task will not run
   */
  boolean onIo(Runnable task) {
    try {
      io.execute(task);
      return true;
    } catch (RejectedExecutionException e) {
      return false;
    }
  }

  /**
   * Runs {@code task} on the timer after {@code nanos}.
   *
   * @return the scheduled task, or null when the timer has stopped and the task will not run
   */
  ScheduledFuture<?> later(Runnable task, long nanos) {
    try {
      return timer.schedule(task, nanos, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      return null;
    }
  }

  /**
   * Stops the timer at once, then lets the I/O threads and workers finish what they were given (up
   * to 2 s for the workers, 1 s for the I/O threads) before stopping them.
   */
  void close() {
    timer.shutdownNow();
    io.shutdown();
    workers.shutdown();
    try {
      if (!workers.awaitTermination(2, TimeUnit.SECONDS)) {
        workers.shutdownNow();
      }
      if (!io.awaitTermination(1, TimeUnit.SECONDS)) {
        io.shutdownNow();
      }
    } catch (InterruptedException e) {
      workers.shutdownNow();
      io.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private static ThreadFactory named(String prefix) {
    return NamedThreads.numbered(prefix);
  }
}
