package fun.moonkey.revocation;

import fun.moonkey.revocation.RevocationOutcome.TransientFailure;
import fun.moonkey.revocation.RevocationOutcome.TransientFailure.Kind;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@link CircuitBreaker} as two stages. {@link #failFast} refuses at once while the breaker
 * would refuse, without taking its trial, so that a caller does not queue for a permit only to be
 * refused; {@link #guard}, inside the bulkhead, takes the breaker's leave with the permit in hand
 * (it may have opened meanwhile) and gives it its verdict on the call. A refusal is a {@link
 * Kind#BREAKER_OPEN} failure. Thread-safe.
 */
final class BreakerStage {

  private final CircuitBreaker breaker;
  private final long halfTimeoutNanos;

  /**
   * @param timeout the configured timeout: a call cut off by its budget counts as MoonKey failing
   *     only when it had half of it or more
   */
  BreakerStage(CircuitBreaker breaker, Duration timeout) {
    this.breaker = breaker;
    this.halfTimeoutNanos = timeout.toNanos() / 2;
  }

  /** The failure of a call the breaker refused. */
  static TransientFailure open() {
    return TransientFailure.of(Kind.BREAKER_OPEN, SessionRevoker.BREAKER_OPEN);
  }

  /** Refuses at once while the breaker would refuse; changes nothing in it. */
  <T> Step<T> failFast(Step<T> inner) {
    return budget -> breaker.mayCall() ? inner.start(budget) : Attempt.failed(open());
  }

  /**
   * Passes the breaker (a half-open breaker lets one trial through), and records the call's verdict
   * once: by its outcome, or, when it is aborted first, by why. A call that had half a timeout or
   * more and got no answer counts as MoonKey failing; one cut shorter, or by {@code close()},
   * proves nothing.
   */
  Step<RevocationOutcome> guard(Step<RevocationOutcome> inner) {
    return budget -> {
      if (!breaker.tryAcquire()) {
        return Attempt.failed(open());
      }
      Guarded guarded = new Guarded(budget.remainingNanos());
      Attempt<RevocationOutcome> call = inner.start(budget);
      guarded.follow(call);
      call.result.whenComplete(
          (outcome, failure) -> {
            // The verdict before the result: the permit goes when it completes, and a waiter let
            // through next must see a breaker that this failure has opened.
            guarded.judge(Attempt.outcome(outcome, failure), false);
            guarded.completeAs(outcome, failure);
          });
      return guarded;
    };
  }

  private final class Guarded extends Attempt<RevocationOutcome> {
    private final long given;
    private final AtomicBoolean judged = new AtomicBoolean();

    Guarded(long givenNanos) {
      this.given = givenNanos;
    }

    @Override
    void aborting(TransientFailure why) {
      judge(why, true);
    }

    void judge(RevocationOutcome outcome, boolean aborted) {
      if (!judged.compareAndSet(false, true)) {
        return;
      }
      boolean outOfTime =
          outcome instanceof TransientFailure failure && failure.kind() == Kind.OUT_OF_TIME;
      if (outOfTime) {
        if (given >= halfTimeoutNanos) {
          breaker.record(outcome);
        } else {
          breaker.recordNothing();
        }
      } else if (aborted) {
        breaker.recordNothing();
      } else {
        breaker.record(outcome);
      }
    }
  }
}
