package fun.moonkey.revocation;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One operation at MoonKey: its budget, its current call, and its result, which is settled once (by
 * the answer, the budget's end or the revoker's {@code close()}) and completed on a worker.
 */
abstract class Operation<T> {
  final RevokerParts parts;
  final CompletableFuture<T> result = new CompletableFuture<>();
  final Budget budget;
  private final AtomicBoolean settled = new AtomicBoolean();
  private volatile MoonKeyClient.Call<?> call;
  private volatile CompletableFuture<Boolean> permit;
  volatile ScheduledFuture<?> deadline;

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
   * Runs {@code call} once a permit is held; the budget's end abandons the wait. A caller that had
   * to wait continues on an I/O thread, not inside the {@code release()} that handed it the permit:
   * a call that ends at once (the breaker opened meanwhile) releases its permit to the next waiter,
   * and a thousand waiters handed on inline would nest a thousand calls on one stack.
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
      granted.thenAcceptAsync(proceed, parts.io);
    } else {
      granted.thenAccept(proceed);
    }
  }

  /** Records the exchange in flight, aborting it at once if the operation already ended. */
  void inCall(MoonKeyClient.Call<?> current) {
    call = current;
    if (isSettled()) {
      parts.abort(current);
    }
  }

  void settle(T value) {
    if (end()) {
      parts.threads.onWorker(
          () -> {
            try {
              completing(value);
            } finally {
              result.complete(value);
            }
          });
    }
  }

  /** Runs on the worker just before the result completes with {@code value}. */
  void completing(T value) {}

  void fail(Throwable failure) {
    if (end()) {
      parts.threads.onWorker(() -> result.completeExceptionally(failure));
    }
  }

  private boolean end() {
    if (!settled.compareAndSet(false, true)) {
      return false;
    }
    parts.inFlight.remove(this);
    ScheduledFuture<?> timeout = deadline;
    if (timeout != null) {
      timeout.cancel(false);
    }
    CompletableFuture<Boolean> waiting = permit;
    if (waiting != null) {
      parts.bulkhead.abandon(waiting);
    }
    MoonKeyClient.Call<?> current = call;
    if (current != null && !current.answer().isDone()) {
      parts.abort(current);
    }
    return true;
  }
}
