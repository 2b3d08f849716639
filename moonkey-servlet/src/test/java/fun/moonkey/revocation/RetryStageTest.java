package fun.moonkey.revocation;

import static fun.moonkey.revocation.StageTesting.REJECTED;
import static fun.moonkey.revocation.StageTesting.REVOKED;
import static fun.moonkey.revocation.StageTesting.http503;
import static fun.moonkey.revocation.StageTesting.http503RetryAfter;
import static fun.moonkey.revocation.StageTesting.kindOf;
import static fun.moonkey.revocation.StageTesting.outcomeOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import fun.moonkey.revocation.RevocationOutcome.TransientFailure.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The retry stage alone, around a fake step, on a clock and scheduler driven by hand. */
class RetryStageTest {

  private final ManualTime time = new ManualTime();
  // Full jitter at its top: each delay is the backoff's ceiling, 100, 200, 400 ms...
  private final Backoff backoff =
      new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), () -> 1);
  private final FakeStep<RevocationOutcome> inner = new FakeStep<>();
  private final List<Duration> told = new ArrayList<>();
  private final RetryStage retry = new RetryStage(backoff, time);

  private Step<RevocationOutcome> upTo(int attempts) {
    return retry.around(attempts, (n, delay, after) -> told.add(delay), inner);
  }

  @Test
  void callFailuresAreRetriedAfterTheBackoffUntilOneSucceeds() {
    Attempt<RevocationOutcome> attempt = upTo(3).start(time.budget(Duration.ofSeconds(5)));
    inner.last().answer(http503());
    assertEquals(1, inner.starts());
    assertEquals(told, time.pending());

    time.advance(told.get(0));
    assertEquals(2, inner.starts());
    inner.last().answer(http503());
    time.advance(told.get(1));
    assertEquals(3, inner.starts());
    inner.last().answer(REVOKED);

    assertSame(REVOKED, outcomeOf(attempt));
    assertEquals(2, told.size());
    assertFalse(told.get(0).isZero());
  }

  @Test
  void itStopsAtMaxAttemptsWithTheLastFailure() {
    Attempt<RevocationOutcome> attempt = upTo(2).start(time.budget(Duration.ofSeconds(5)));
    inner.last().answer(http503());
    time.advance(Duration.ofSeconds(1));
    inner.last().answer(http503());
    assertEquals(2, inner.starts());
    assertEquals(Kind.CALL, kindOf(attempt));
    assertEquals(List.of(), time.pending());
  }

  @Test
  void refusalsAndOtherOutcomesAreNotRetried() {
    for (RevocationOutcome outcome :
        List.<RevocationOutcome>of(
            REJECTED,
            BreakerStage.open(),
            Deadlines.closed(),
            new RevocationOutcome.AlreadyGone())) {
      Attempt<RevocationOutcome> attempt = upTo(3).start(time.budget(Duration.ofSeconds(5)));
      inner.last().answer(outcome);
      assertSame(outcome, outcomeOf(attempt));
    }
    // A refusal that fails the inner attempt, as the breaker's stages do.
    Attempt<RevocationOutcome> attempt = upTo(3).start(time.budget(Duration.ofSeconds(5)));
    inner.last().fail(BreakerStage.open());
    assertEquals(Kind.BREAKER_OPEN, kindOf(attempt));
    assertEquals(5, inner.starts());
    assertEquals(List.of(), time.pending());
  }

  @Test
  void aRetryThatCouldNotStartWithinTheBudgetIsNotScheduled() {
    // Retry-After is capped at the backoff's maximum, 1 s, which is more than the budget left.
    Attempt<RevocationOutcome> attempt = upTo(3).start(time.budget(Duration.ofMillis(800)));
    inner.last().answer(http503RetryAfter(Duration.ofSeconds(3)));
    assertEquals(Kind.CALL, kindOf(attempt));
    assertEquals(List.of(), time.pending());
    assertEquals(List.of(), told);
  }

  @Test
  void retryAfterWithinTheBudgetIsHonoured() {
    upTo(3).start(time.budget(Duration.ofSeconds(5)));
    inner.last().answer(http503RetryAfter(Duration.ofMillis(700)));
    assertEquals(List.of(Duration.ofMillis(700)), time.pending());
  }

  @Test
  void anAbortInTheBackoffCancelsTheRetryAndOneInACallReachesIt() {
    Attempt<RevocationOutcome> waiting = upTo(3).start(time.budget(Duration.ofSeconds(5)));
    inner.last().answer(http503());
    waiting.abort(Deadlines.closed());
    assertEquals(Kind.CLOSED, kindOf(waiting));
    assertEquals(List.of(), time.pending());
    time.advance(Duration.ofSeconds(1));
    assertEquals(1, inner.starts());

    Attempt<RevocationOutcome> calling = upTo(3).start(time.budget(Duration.ofSeconds(5)));
    calling.abort(Deadlines.closed());
    assertEquals(List.of(Deadlines.closed()), inner.last().aborts);
    assertEquals(Kind.CLOSED, kindOf(calling));
  }

  @Test
  void aRetryDueWhenTheTimerHasStoppedEndsClosed() {
    Attempt<RevocationOutcome> attempt = upTo(3).start(time.budget(Duration.ofSeconds(5)));
    time.stop();
    inner.last().answer(http503());
    assertEquals(Kind.CLOSED, kindOf(attempt));
  }
}
