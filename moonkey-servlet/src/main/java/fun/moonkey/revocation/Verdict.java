package fun.moonkey.revocation;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The breaker's verdict on one call that {@link CircuitBreaker#tryAcquire()} let through, given
 * once: by its answer, or by the end of its operation, whichever comes first.
 */
final class Verdict {
  final long given;
  private final AtomicBoolean judged = new AtomicBoolean();

  Verdict(long givenNanos) {
    this.given = givenNanos;
  }

  boolean claim() {
    return judged.compareAndSet(false, true);
  }
}
