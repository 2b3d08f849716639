package fun.moonkey.revocation;

import fun.moonkey.revocation.RevocationOutcome.TransientFailure;
import fun.moonkey.revocation.RevocationOutcome.TransientFailure.Kind;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The exchange at the centre of the stages: one HTTP call to MoonKey given what remains of the
 * budget as its timeouts, counted and timed. Its result completes on the client's I/O thread that
 * read the answer; the client's own timeout, set to what remained, is reported as the budget's end.
 * An abort cancels the exchange and closes its connection.
 */
final class ExchangeStep<T> implements Step<T> {

  private final Function<Duration, MoonKeyClient.Call<T>> call;
  private final Function<Throwable, RevocationOutcome> failure;
  private final LongSupplier nanoTime;
  private final AtomicLong calls;
  private final LatencyHistogram latency;

  /**
   * @param call starts the call with the given timeout
   * @param failure a throwable as an outcome whose reason hides the secrets involved
   * @param calls counts the calls started
   * @param latency records how long each took
   */
  ExchangeStep(
      Function<Duration, MoonKeyClient.Call<T>> call,
      Function<Throwable, RevocationOutcome> failure,
      LongSupplier nanoTime,
      AtomicLong calls,
      LatencyHistogram latency) {
    this.call = call;
    this.failure = failure;
    this.nanoTime = nanoTime;
    this.calls = calls;
    this.latency = latency;
  }

  @Override
  public Attempt<T> start(Budget budget) {
    long remaining = budget.remainingNanos();
    if (remaining <= 0) {
      return Attempt.failed(Deadlines.outOfTime(budget));
    }
    calls.incrementAndGet();
    long sent = nanoTime.getAsLong();
    MoonKeyClient.Call<T> current;
    try {
      current = call.apply(Duration.ofNanos(remaining));
    } catch (Throwable e) {
      return Attempt.failed(failure.apply(e));
    }
    Attempt<T> attempt =
        new Attempt<>() {
          @Override
          void aborting(TransientFailure why) {
            // The result first, so that the cancelled exchange's own outcome does not stand in.
            fail(why);
            current.abort();
          }
        };
    current
        .answer()
        .whenComplete(
            (answer, error) -> {
              latency.record(nanoTime.getAsLong() - sent);
              if (error == null) {
                attempt.result.complete(atBudgetsEnd(answer, budget));
              } else {
                Throwable cause = Failures.unwrap(error);
                RevocationOutcome why =
                    cause instanceof MoonKeyFailure known ? known.outcome() : failure.apply(cause);
                attempt.fail(atBudgetsEnd(why, budget));
              }
            });
    return attempt;
  }

  /** The client's own timeout, set to what remained of the budget, as the budget's end. */
  @SuppressWarnings("unchecked")
  private static <V> V atBudgetsEnd(V answer, Budget budget) {
    if (answer instanceof TransientFailure failure && failure.kind() == Kind.OUT_OF_TIME) {
      return (V) Deadlines.outOfTime(budget);
    }
    return answer;
  }
}
