package fun.moonkey.emulator;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/** Live threads, for tests that check that the emulator leaves none behind or wait for one. */
final class Threads {

  private Threads() {}

  /** Names of the live threads an emulator started. */
  static List<String> emulatorThreads() {
    return named(EmulatorThreadFactory.THREAD_NAME_PREFIX);
  }

  /**
   * Waits until {@code thread} is parked in a timed wait (such as a blocking poll), polling its
   * state; fails if it ends or has not started waiting within 30 seconds.
   */
  static void awaitWaiting(Thread thread) {
    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (thread.getState() != Thread.State.TIMED_WAITING) {
      if (thread.getState() == Thread.State.TERMINATED || System.nanoTime() > end) {
        throw new AssertionError(thread.getName() + " is not waiting: " + thread.getState());
      }
      LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
    }
  }

  /**
   * Waits until {@code thread} has ended or is blocked on a monitor, polling its state; fails if
   * neither happens within 30 seconds.
   */
  static void awaitBlockedOrEnded(Thread thread) {
    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (thread.getState() != Thread.State.BLOCKED
        && thread.getState() != Thread.State.TERMINATED) {
      if (System.nanoTime() > end) {
        throw new AssertionError(thread.getName() + " neither blocked nor ended");
      }
      LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
    }
  }

  /** Names of the live threads whose name starts with {@code prefix}. */
  static List<String> named(String prefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(name -> name.startsWith(prefix))
        .sorted()
        .toList();
  }
}
