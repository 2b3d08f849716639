package fun.moonkey.revocation;

import fun.moonkey.revocation.RevocationOutcome.TransientFailure;
import java.util.concurrent.CompletableFuture;

/**
 * A started {@link Step}: its result, completed once, on the thread that settles it, and a way to
 * end it early. A failure that is not MoonKey's answer (the budget's end, the breaker open, {@code
 * close()}) completes the result exceptionally with a {@link MoonKeyFailure} that names it.
 *
 * <p>A stage that wraps another {@link #follow follows} the inner attempt: aborting the stage
 * aborts the inner attempt first, so that the inner stages' bookkeeping (a breaker's verdict, a
 * permit's release) is done before the stage's result completes. An abort that races the start of
 * the inner attempt still reaches it.
 */
class Attempt<T> {

  final CompletableFuture<T> result = new CompletableFuture<>();
  private volatile TransientFailure stopped;
  private volatile Attempt<T> inner;

  /** An attempt that ended at once, without a call: refused, or out of time. */
  static <T> Attempt<T> failed(RevocationOutcome why) {
    Attempt<T> attempt = new Attempt<>();
    attempt.fail(why);
    return attempt;
  }

  /** Makes {@code next} the attempt that an abort of this one reaches. */
  final void follow(Attempt<T> next) {
    inner = next;
    TransientFailure why = stopped;
    if (why != null) {
      next.abort(why);
    }
  }

  /** Ends this attempt now with {@code why}, after the attempt it follows, if any. Idempotent. */
  final void abort(TransientFailure why) {
    stopped = why;
    aborting(why);
    Attempt<T> current = inner;
    if (current != null) {
      current.abort(why);
    }
    fail(why);
  }

  /** Runs first on {@link #abort}: a stage's own bookkeeping. */
  void aborting(TransientFailure why) {}

  /** Whether {@link #abort} was called. */
  final boolean isStopped() {
    return stopped != null;
  }

  /** Completes the result with a {@link MoonKeyFailure} for {@code why}, unless already done. */
  final boolean fail(RevocationOutcome why) {
    return result.completeExceptionally(new MoonKeyFailure(why));
  }

  /** Completes the result as {@code other} did: with its value or its failure. */
  final void completeAs(T value, Throwable failure) {
    if (failure == null) {
      result.complete(value);
    } else {
      result.completeExceptionally(Failures.unwrap(failure));
    }
  }

  /**
   * What a revocation's result stands for: its outcome, or the outcome its failure names. A failure
   * that names none (a fault in a stage) is a transient failure, described by {@link Failures} with
   * {@code secrets} masked.
   */
  static RevocationOutcome outcome(RevocationOutcome value, Throwable failure, String... secrets) {
    if (failure == null) {
      return value;
    }
    Throwable cause = Failures.unwrap(failure);
    return cause instanceof MoonKeyFailure known
        ? known.outcome()
        : Failures.outcome(cause, secrets);
  }
}
