package fun.moonkey.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for a condition in tests, polling, and fails with a description when it never holds. The
 * one polling primitive of the tests: they wait for what they then assert, never for a fixed time.
 */
public final class Await {

  private static final long POLL_NANOS = Duration.ofMillis(20).toNanos();

  private Await() {}

  /**
   * Polls {@code condition} every 20 ms until it holds or {@code timeout} passes. The timeout is
   * only an upper bound: a condition that holds returns at once, so make it generous.
   *
   * @param what shown in the failure, computed when it fails
   * @throws InterruptedException if the waiting thread is interrupted
   */
  public static void until(Duration timeout, BooleanSupplier condition, Supplier<String> what)
      throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - end > 0) {
        throw new AssertionError("not true within " + timeout.toMillis() + " ms: " + what.get());
      }
      LockSupport.parkNanos(POLL_NANOS);
      if (Thread.interrupted()) {
        throw new InterruptedException("interrupted while waiting for: " + what.get());
      }
    }
  }
}
