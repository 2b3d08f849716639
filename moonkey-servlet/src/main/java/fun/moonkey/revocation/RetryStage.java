package fun.moonkey.revocation;

import fun.moonkey.revocation.RevocationOutcome.TransientFailure;
import fun.moonkey.revocation.RevocationOutcome.TransientFailure.Kind;
import java.time.Duration;

/**
 * Retries a revocation's transient call failures ({@link Kind#CALL}: a 5xx, a 429, a refused
 * connection) up to a number of attempts, each after the {@link Backoff}'s delay (or MoonKey's
 * {@code Retry-After}) on the scheduler, while it can still start within the budget; a retry that
 * could not is left to the background retrier. Other outcomes, and refusals (the breaker open, the
 * budget's end), end it at once. An abort reaches the attempt in flight and cancels a pending
 * retry. Thread-safe.
 */
final class RetryStage {

  /** Told of each retry before it is scheduled: for a counter and a DEBUG line. */
  @FunctionalInterface
  interface Listener {
    void retrying(int attempt, Duration delay, TransientFailure after);
  }

  private final Backoff backoff;
  private final Scheduler scheduler;

  RetryStage(Backoff backoff, Scheduler scheduler) {
    this.backoff = backoff;
    this.scheduler = scheduler;
  }

  /**
   * @param maxAttempts the most attempts, 1 or more (1: none is retried)
   * @param listener told of each retry
   */
  Step<RevocationOutcome> around(
      int maxAttempts, Listener listener, Step<RevocationOutcome> inner) {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be 1 or more, got " + maxAttempts);
    }
    return budget -> {
      Retrying retrying = new Retrying(maxAttempts, listener, inner, budget);
      retrying.attempt(1);
      return retrying;
    };
  }

  private final class Retrying extends Attempt<RevocationOutcome> {
    private final int maxAttempts;
    private final Listener listener;
    private final Step<RevocationOutcome> inner;
    private final Budget budget;
    private volatile Runnable pending;

    Retrying(int maxAttempts, Listener listener, Step<RevocationOutcome> inner, Budget budget) {
      this.maxAttempts = maxAttempts;
      this.listener = listener;
      this.inner = inner;
      this.budget = budget;
    }

    @Override
    void aborting(TransientFailure why) {
      Runnable cancel = pending;
      if (cancel != null) {
        cancel.run();
      }
    }

    void attempt(int n) {
      if (isStopped()) {
        return;
      }
      Attempt<RevocationOutcome> call;
      try {
        call = inner.start(budget);
      } catch (Throwable e) {
        result.completeExceptionally(e);
        return;
      }
      follow(call);
      call.result.whenComplete((outcome, failure) -> next(n, outcome, failure));
    }

    private void next(int n, RevocationOutcome outcome, Throwable failure) {
      if (!(Attempt.outcome(outcome, failure) instanceof TransientFailure failed)
          || failed.kind() != Kind.CALL
          || n >= maxAttempts
          || isStopped()) {
        completeAs(outcome, failure);
        return;
      }
      Duration delay = backoff.delay(n, failed.retryAfter());
      if (delay.toNanos() >= budget.remainingNanos()) {
        completeAs(outcome, failure);
        return;
      }
      listener.retrying(n + 1, delay, failed);
      if (delay.isZero()) {
        attempt(n + 1);
        return;
      }
      pending = scheduler.schedule(() -> attempt(n + 1), delay.toNanos());
      if (pending == null) {
        fail(Deadlines.closed());
      } else if (isStopped()) {
        pending.run();
      }
    }
  }
}
