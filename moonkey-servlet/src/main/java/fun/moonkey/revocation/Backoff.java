package fun.moonkey.revocation;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * The wait before the next attempt: exponential backoff with full jitter, capped, or the server's
 * {@code Retry-After} when it sent a usable one, capped by the same maximum.
 *
 * <p>Attempt {@code n} (1 for the first retry) waits a uniformly random time between zero and
 * {@code min(max, initial * 2^(n-1))}. Full jitter spreads the retries of many clients that failed
 * together, so that they do not come back in step. Thread-safe when the random source is.
 */
public final class Backoff {

  private final Duration initial;
  private final Duration max;
  private final DoubleSupplier random;

  /**
   * @param initial the ceiling of the first retry's wait
   * @param max the ceiling of every wait, {@code Retry-After} included
   * @param random uniform numbers in {@code [0, 1)}
   */
  public Backoff(Duration initial, Duration max, DoubleSupplier random) {
    this.initial = Objects.requireNonNull(initial, "initial");
    this.max = Objects.requireNonNull(max, "max");
    this.random = Objects.requireNonNull(random, "random");
    if (initial.isNegative() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException(
          "expected 0 <= initial <= max, got " + initial + ", " + max);
    }
  }

  /** The ceiling of the wait before retry {@code n}, without jitter. */
  Duration ceiling(int retry) {
    if (retry < 1) {
      throw new IllegalArgumentException("retry must be 1 or more, got " + retry);
    }
    long ceiling = initial.toMillis();
    for (int i = 1; i < retry && ceiling < max.toMillis(); i++) {
      ceiling *= 2;
    }
    return Duration.ofMillis(Math.min(ceiling, max.toMillis()));
  }

  /**
   * @param retry 1 for the first retry, 2 for the second, …
   * @param retryAfter the server's {@code Retry-After}, honoured (capped) instead of the backoff
   * @return how long to wait
   */
  public Duration delay(int retry, Optional<Duration> retryAfter) {
    if (retryAfter.isPresent()) {
      Duration asked = retryAfter.get();
      return asked.compareTo(max) > 0 ? max : asked;
    }
    return Duration.ofMillis((long) (random.getAsDouble() * ceiling(retry).toMillis()));
  }
}
