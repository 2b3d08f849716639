package fun.moonkey.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition in tests, polling, and fails with a description when it never holds. */
public final class Await {

  private Await() {}

  /**
   * Polls {@code condition} every 20 ms until it holds or {@code timeout} passes.
   *
   * @param what shown in the failure, computed when it fails
   */
  public static void until(Duration timeout, BooleanSupplier condition, Supplier<String> what)
      throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("not true within " + timeout.toMillis() + " ms: " + what.get());
      }
      Thread.sleep(20);
    }
  }
}
