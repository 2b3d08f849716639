package fun.moonkey.revocation;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One operation at MoonKey: its budget, its current call, and its result, which is settled once (by
 * the answer, the budget's end or the revoker's {@code close()}) and completed on the thread that
 * settles it: the client's I/O thread that read the answer, the timer, or the closing thread.
 */
abstract class Operation<T> {
  final RevokerParts parts;
  final CompletableFuture<T> result = new CompletableFuture<>();
  final Budget budget;
  private final AtomicBoolean settled = new AtomicBoolean();
  private volatile MoonKeyClient.Call<?> call;
  private volatile CompletableFuture<Boolean> permit;

  Operation(RevokerParts parts, Budget budget) {
    this.parts = parts;
    this.budget = Objects.requireNonNull(budget, "budget");
  }

  /** Makes attempt {@code n}: passes the breaker and the bulkhead, then calls. */
  abstract void attempt(int n);

  /** Ends the operation without an answer: the budget ended, the client closed, a failure. */
  abstract void stop(RevocationOutcome why);

  /** The credential whose value a failure's reason must hide, if any. */
  abstract String secretValue();

  boolean isSettled() {
    return settled.get();
  }

  /**
   * Runs {@code call} once a permit is held; the budget's end (the sweep) abandons the wait. A
   * caller that had to wait continues on the timer, not inside the {@code release()} that handed it
   * the permit: a call that ends at once (the breaker opened meanwhile) releases its permit to the
   * next waiter, and a thousand waiters handed on inline would nest a thousand calls on one stack.
   * Starting a call never blocks, so the timer stays free.
   */
  void withPermit(Runnable call) {
    CompletableFuture<Boolean> granted = parts.bulkhead.acquire();
    boolean waiting = !granted.isDone();
    if (waiting) {
      permit = granted;
      if (isSettled() && parts.bulkhead.abandon(granted)) {
        return;
      }
    }
    Consumer<Boolean> proceed =
        held -> {
          if (!held) {
            return;
          }
          if (isSettled()) {
            parts.bulkhead.release();
            return;
          }
          try {
            call.run();
          } catch (Throwable e) {
            parts.bulkhead.release();
            stop(parts.failure(e, this));
          }
        };
    if (waiting) {
      granted.thenAccept(held -> parts.onTimer(() -> proceed.accept(held), this));
    } else {
      granted.thenAccept(proceed);
    }
  }

  /** Records the exchange in flight, aborting it at once if the operation already ended. */
  void inCall(MoonKeyClient.Call<?> current) {
    call = current;
    if (isSettled()) {
      current.abort();
    }
  }

  /** Completes the result with {@code value}, here, unless the operation has already ended. */
  void settle(T value) {
    if (end()) {
      try {
        completing(value);
      } finally {
        result.complete(value);
      }
    }
  }

  /** Runs just before the result completes with {@code value}. */
  void completing(T value) {}

  void fail(Throwable failure) {
    if (end()) {
      result.completeExceptionally(failure);
    }
  }

  private boolean end() {
    if (!settled.compareAndSet(false, true)) {
      return false;
    }
    parts.inFlight.remove(this);
    CompletableFuture<Boolean> waiting = permit;
    if (waiting != null) {
      parts.bulkhead.abandon(waiting);
    }
    MoonKeyClient.Call<?> current = call;
    if (current != null && !current.answer().isDone()) {
      current.abort();
    }
    return true;
  }
}
