package fun.moonkey.revocation;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The time one operation may take at MoonKey, shared by every call it makes: a single logout's
 * attempts, or the verify, list and deletes of one "log out everywhere". Obtained from {@link
 * SessionRevoker#budget()}, which starts it at {@code timeout}. Immutable.
 */
public final class Budget {

  private final LongSupplier nanoTime;
  private final long end;
  private final Duration total;

  Budget(LongSupplier nanoTime, Duration total) {
    this.nanoTime = nanoTime;
    this.total = total;
    this.end = nanoTime.getAsLong() + total.toNanos();
  }

  /** What is left, in nanoseconds; 0 or less once the budget has ended. */
  long remainingNanos() {
    return end - nanoTime.getAsLong();
  }

  /** What is left; zero once the budget has ended. */
  public Duration remaining() {
    return Duration.ofNanos(Math.max(0, remainingNanos()));
  }

  /** How long since the budget started. */
  public Duration elapsed() {
    return Duration.ofNanos(Math.max(0, nanoTime.getAsLong() - (end - total.toNanos())));
  }

  /** The whole budget, as given at its start. */
  public Duration total() {
    return total;
  }

  @Override
  public String toString() {
    return "Budget[" + remaining().toMillis() + " of " + total.toMillis() + " ms left]";
  }
}
