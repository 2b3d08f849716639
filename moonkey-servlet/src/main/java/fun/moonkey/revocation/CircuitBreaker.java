package fun.moonkey.revocation;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Stops calls to MoonKey for a cool-down after a run of transient failures, so that an outage is
 * not made worse by every logout, and logouts answer at once meanwhile.
 *
 * <p>Closed: every call goes through; {@code failures} transient failures in a row open it. Open:
 * no call goes through until {@code cooldown} has passed; then one trial call is let through
 * (half-open) and its outcome closes the breaker or opens it again. Any answer that is not a
 * transient failure (2xx, 404, other 4xx, 401/403) counts as MoonKey being reachable and closes it.
 * Thread-safe.
 */
final class CircuitBreaker {

  private static final Logger LOG = System.getLogger(CircuitBreaker.class.getName());

  /** The breaker's state. */
  enum State {
    CLOSED,
    OPEN,
    HALF_OPEN
  }

  private final int threshold;
  private final long cooldownNanos;
  private final LongSupplier nanoTime;
  private State state = State.CLOSED;
  private int failures;
  private long openedAt;

  /**
   * @param threshold transient failures in a row that open the breaker
   * @param cooldown how long it stays open before a trial call
   * @param nanoTime the clock, {@link System#nanoTime()} outside tests
   */
  CircuitBreaker(int threshold, Duration cooldown, LongSupplier nanoTime) {
    if (threshold < 1) {
      throw new IllegalArgumentException("threshold must be 1 or more, got " + threshold);
    }
    this.threshold = threshold;
    this.cooldownNanos = cooldown.toNanos();
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
  }

  /**
   * Whether a call could go through now, without taking the trial: false while open within the
   * cool-down or while a trial is out. Lets a caller answer at once instead of queueing.
   */
  synchronized boolean mayCall() {
    return switch (state) {
      case CLOSED -> true;
      case OPEN -> nanoTime.getAsLong() - openedAt >= cooldownNanos;
      default -> false;
    };
  }

  /**
   * Asks to make a call. True when closed; when open past the cool-down, true once (the trial) and
   * false for every other caller until the trial's outcome is recorded.
   */
  synchronized boolean tryAcquire() {
    switch (state) {
      case CLOSED:
        return true;
      case OPEN:
        if (nanoTime.getAsLong() - openedAt >= cooldownNanos) {
          state = State.HALF_OPEN;
          return true;
        }
        return false;
      default:
        return false;
    }
  }

  /** Records the outcome of a call that {@link #tryAcquire()} let through. */
  void record(RevocationOutcome outcome) {
    if (outcome instanceof RevocationOutcome.TransientFailure) {
      onFailure();
    } else {
      onSuccess();
    }
  }

  /**
   * Records that a call {@link #tryAcquire()} let through proved nothing about MoonKey (it was cut
   * short by its caller's budget or by {@code close()}). A trial call ends without a verdict: the
   * breaker is open again and the next call is a new trial.
   */
  synchronized void recordNothing() {
    if (state == State.HALF_OPEN) {
      state = State.OPEN;
      openedAt = nanoTime.getAsLong() - cooldownNanos;
    }
  }

  private synchronized void onSuccess() {
    if (state != State.CLOSED) {
      LOG.log(Level.INFO, "MoonKey answers again: circuit breaker closed");
    }
    state = State.CLOSED;
    failures = 0;
  }

  private synchronized void onFailure() {
    failures++;
    if (state == State.HALF_OPEN || (state == State.CLOSED && failures >= threshold)) {
      if (state == State.CLOSED) {
        LOG.log(
            Level.WARNING,
            "{0} transient failures in a row at MoonKey: circuit breaker open for {1} ms;"
                + " revocations go to the retrier meanwhile",
            failures,
            cooldownNanos / 1_000_000);
      }
      state = State.OPEN;
      openedAt = nanoTime.getAsLong();
    }
  }

  /** How long until the open breaker lets a trial call through; zero when it is not open. */
  synchronized Duration untilTrial() {
    if (state != State.OPEN) {
      return Duration.ZERO;
    }
    return Duration.ofNanos(Math.max(0, openedAt + cooldownNanos - nanoTime.getAsLong()));
  }

  /** The current state. */
  synchronized State state() {
    return state;
  }
}
