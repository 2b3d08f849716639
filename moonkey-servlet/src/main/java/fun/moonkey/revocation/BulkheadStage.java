package fun.moonkey.revocation;

import fun.moonkey.revocation.RevocationOutcome.TransientFailure;
import java.util.concurrent.CompletableFuture;

/**
 * The {@link Bulkhead} as a stage: the inner step starts once a permit is held, and the permit goes
 * back when its attempt completes. A caller beyond the limit waits without a thread; an abort (the
 * budget's end, {@code close()}) gives up its wait. Thread-safe.
 *
 * <p>A caller that had to wait continues on the timer, not inside the {@code release()} that handed
 * it the permit: an attempt that ends at once (the breaker opened meanwhile) releases its permit to
 * the next waiter, and a thousand waiters handed on inline would nest a thousand attempts on one
 * stack. Starting a step never blocks, so the timer stays free.
 */
final class BulkheadStage {

  private final Bulkhead bulkhead;
  private final Scheduler scheduler;

  BulkheadStage(Bulkhead bulkhead, Scheduler scheduler) {
    this.bulkhead = bulkhead;
    this.scheduler = scheduler;
  }

  <T> Step<T> around(Step<T> inner) {
    return budget -> {
      Permitted<T> attempt = new Permitted<>(bulkhead.acquire());
      if (attempt.granted.isDone()) {
        attempt.proceed(inner, budget);
      } else {
        attempt.granted.thenAccept(
            held -> {
              if (held && scheduler.schedule(() -> attempt.proceed(inner, budget), 0) == null) {
                bulkhead.release();
                attempt.fail(Deadlines.closed());
              }
            });
      }
      return attempt;
    };
  }

  private final class Permitted<T> extends Attempt<T> {
    final CompletableFuture<Boolean> granted;

    Permitted(CompletableFuture<Boolean> granted) {
      this.granted = granted;
    }

    @Override
    void aborting(TransientFailure why) {
      if (!granted.isDone()) {
        bulkhead.abandon(granted);
      }
    }

    /** With the permit held: starts the inner step, unless this was aborted meanwhile. */
    void proceed(Step<T> inner, Budget budget) {
      if (!granted.join()) {
        return;
      }
      if (isStopped()) {
        bulkhead.release();
        return;
      }
      Attempt<T> call;
      try {
        call = inner.start(budget);
      } catch (Throwable e) {
        bulkhead.release();
        result.completeExceptionally(e);
        return;
      }
      follow(call);
      call.result.whenComplete(
          (value, failure) -> {
            bulkhead.release();
            completeAs(value, failure);
          });
    }
  }
}
