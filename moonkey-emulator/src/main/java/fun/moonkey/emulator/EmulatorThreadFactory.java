package fun.moonkey.emulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes the emulator's request threads: daemon threads named {@code moonkey-emulator-N}, numbered
 * across all emulators of the JVM, and remembered so that {@link #joinAll(Duration)} can wait for
 * their end. Thread-safe.
 */
final class EmulatorThreadFactory implements ThreadFactory {

  /** Prefix of the name of every thread an emulator starts. */
  static final String THREAD_NAME_PREFIX = "moonkey-emulator-";

  private static final AtomicInteger NUMBER = new AtomicInteger();

  private final List<Thread> threads = new ArrayList<>();

  @Override
  public synchronized Thread newThread(Runnable task) {
    threads.removeIf(t -> t.getState() == Thread.State.TERMINATED);
    Thread thread = new Thread(task, THREAD_NAME_PREFIX + NUMBER.incrementAndGet());
    thread.setDaemon(true);
    threads.add(thread);
    return thread;
  }

  /**
   * Waits until every thread made so far has ended, or the timeout has passed.
   *
   * @return true if all ended
   */
  boolean joinAll(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<Thread> snapshot;
    synchronized (this) {
      snapshot = new ArrayList<>(threads);
    }
    for (Thread thread : snapshot) {
      long left = deadline - System.nanoTime();
      if (left > 0) {
        TimeUnit.NANOSECONDS.timedJoin(thread, left);
      }
      if (thread.isAlive()) {
        return false;
      }
    }
    return true;
  }
}
