package fun.moonkey.revocation;

import java.time.Duration;
import java.util.function.Function;

/** A verify or list call: one attempt, failing with a {@link MoonKeyFailure}. */
final class Lookup<T> extends Operation<T> {
  private final Function<Duration, MoonKeyClient.Call<T>> call;

  Lookup(RevokerParts parts, Budget budget, Function<Duration, MoonKeyClient.Call<T>> call) {
    super(parts, budget);
    this.call = call;
  }

  @Override
  String secretValue() {
    return null;
  }

  @Override
  void stop(RevocationOutcome why) {
    fail(new MoonKeyFailure(why));
  }

  @Override
  void attempt(int n) {
    if (!parts.breaker.mayCall()) {
      stop(RevokerParts.breakerOpen());
      return;
    }
    withPermit(this::call);
  }

  private void call() {
    long remaining = budget.remainingNanos();
    if (remaining <= 0) {
      parts.bulkhead.release();
      stop(SessionRevoker.outOfTime(budget));
      return;
    }
    parts.calls.incrementAndGet();
    long sent = parts.nanoTime.getAsLong();
    MoonKeyClient.Call<T> current = call.apply(Duration.ofNanos(remaining));
    inCall(current);
    current
        .answer()
        .whenComplete(
            (answer, error) -> {
              parts.latency.record(parts.nanoTime.getAsLong() - sent);
              parts.bulkhead.release();
              if (error == null) {
                settle(answer);
              } else {
                Throwable cause = Failures.unwrap(error);
                if (cause instanceof MoonKeyFailure known) {
                  fail(known);
                  return;
                }
                RevocationOutcome outcome = parts.failure(cause, this);
                // The client's own timeout, set to what remained: the budget's end.
                fail(
                    new MoonKeyFailure(
                        outcome instanceof RevocationOutcome.TransientFailure failure
                                && failure.kind()
                                    == RevocationOutcome.TransientFailure.Kind.OUT_OF_TIME
                            ? SessionRevoker.outOfTime(budget)
                            : outcome));
              }
            });
  }
}
