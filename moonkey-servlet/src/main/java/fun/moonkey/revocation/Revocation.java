package fun.moonkey.revocation;

import fun.moonkey.credential.Credential;
import fun.moonkey.revocation.RevocationOutcome.TransientFailure;
import fun.moonkey.revocation.RevocationOutcome.TransientFailure.Kind;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A revocation: retried within its budget, its outcome logged ({@link OutcomeLog}), at DEBUG only
 * when {@code quiet} (its caller reports it).
 */
final class Revocation extends Operation<RevocationOutcome> {
  private final Credential credential;
  private final int maxAttempts;
  private final boolean quiet;
  private final long started = parts.nanoTime.getAsLong();
  private volatile Verdict verdict;

  Revocation(
      RevokerParts parts, Credential credential, Budget budget, int maxAttempts, boolean quiet) {
    super(parts, budget);
    this.credential = Objects.requireNonNull(credential, "credential");
    this.maxAttempts = maxAttempts;
    this.quiet = quiet;
  }

  @Override
  void completing(RevocationOutcome outcome) {
    OutcomeLog.log(
        parts.config,
        credential,
        outcome,
        (parts.nanoTime.getAsLong() - started) / 1_000_000,
        quiet);
  }

  @Override
  String secretValue() {
    return credential.value();
  }

  /**
   * Ends the revocation without its call's answer. The call in flight, if any, gets the breaker's
   * verdict now, before the outcome is delivered: no answer in half a timeout or more counts as
   * MoonKey failing; a call cut shorter (a budget spent elsewhere) or by {@code close()} proves
   * nothing.
   */
  @Override
  void stop(RevocationOutcome why) {
    Verdict pending = verdict;
    if (pending != null && !isSettled() && pending.claim()) {
      if (why instanceof TransientFailure failure && failure.kind() == Kind.OUT_OF_TIME) {
        outOfTime(pending, why);
      } else {
        parts.breaker.recordNothing();
      }
    }
    settle(why);
  }

  /**
   * A call that ran out of time counts as MoonKey failing only when it had half a timeout or more.
   */
  private void outOfTime(Verdict verdict, RevocationOutcome why) {
    if (verdict.given >= parts.config.timeout().toNanos() / 2) {
      parts.breaker.record(why);
    } else {
      parts.breaker.recordNothing();
    }
  }

  @Override
  void attempt(int n) {
    if (isSettled()) {
      return;
    }
    if (!parts.breaker.mayCall()) {
      settle(RevokerParts.breakerOpen());
      return;
    }
    withPermit(() -> call(n));
  }

  private void call(int n) {
    long remaining = budget.remainingNanos();
    if (remaining <= 0) {
      parts.bulkhead.release();
      settle(SessionRevoker.outOfTime(budget));
      return;
    }
    if (!parts.breaker.tryAcquire()) {
      // Checked again with the permit in hand: the breaker may have opened while this waited.
      parts.bulkhead.release();
      settle(RevokerParts.breakerOpen());
      return;
    }
    parts.calls.incrementAndGet();
    long sent = parts.nanoTime.getAsLong();
    MoonKeyClient.Call<RevocationOutcome> current;
    try {
      current = parts.client.delete(credential, Duration.ofNanos(remaining));
    } catch (Throwable e) {
      current =
          new MoonKeyClient.Call<>(
              CompletableFuture.completedFuture(parts.failure(e, this)), new CompletableFuture<>());
    }
    Verdict verdict = new Verdict(remaining);
    this.verdict = verdict;
    inCall(current);
    current
        .answer()
        .whenComplete(
            (answer, error) -> {
              RevocationOutcome outcome = answer;
              try {
                parts.latency.record(parts.nanoTime.getAsLong() - sent);
                if (error != null) {
                  outcome = parts.failure(error, this);
                }
                boolean outOfTime =
                    outcome instanceof TransientFailure failure
                        && failure.kind() == Kind.OUT_OF_TIME;
                if (outOfTime) {
                  // The client's own timeout, set to what remained: the budget's end.
                  outcome = SessionRevoker.outOfTime(budget);
                }
                // The verdict before the permit goes: a waiter let through next must see a
                // breaker that this failure has opened.
                if (verdict.claim()) {
                  if (outOfTime) {
                    outOfTime(verdict, outcome);
                  } else {
                    parts.breaker.record(outcome);
                  }
                }
              } catch (Throwable e) {
                outcome = parts.failure(e, this);
              } finally {
                parts.bulkhead.release();
              }
              next(n, outcome);
            });
  }

  private void next(int n, RevocationOutcome outcome) {
    if (!(outcome instanceof TransientFailure failure)
        || failure.kind() != Kind.CALL
        || n >= maxAttempts
        || isSettled()) {
      settle(outcome);
      return;
    }
    Duration delay = parts.backoff.delay(n, failure.retryAfter());
    // A retry that could not start before the budget ends is left to the background retrier.
    if (delay.toNanos() >= budget.remainingNanos()) {
      settle(outcome);
      return;
    }
    parts.retries.incrementAndGet();
    RevokerParts.LOG.log(
        Level.DEBUG,
        "Retrying the revocation of {0} in {1} ms after {2}",
        credential.hash(),
        delay.toMillis(),
        failure.reason());
    if (delay.isZero()) {
      attempt(n + 1);
    } else {
      parts.schedule(() -> attempt(n + 1), delay.toNanos(), this);
    }
  }
}
