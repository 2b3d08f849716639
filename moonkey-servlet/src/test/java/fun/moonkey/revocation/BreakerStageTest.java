package fun.moonkey.revocation;

import static fun.moonkey.revocation.StageTesting.REJECTED;
import static fun.moonkey.revocation.StageTesting.REVOKED;
import static fun.moonkey.revocation.StageTesting.http503;
import static fun.moonkey.revocation.StageTesting.kindOf;
import static fun.moonkey.revocation.StageTesting.outcomeOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import fun.moonkey.revocation.CircuitBreaker.State;
import fun.moonkey.revocation.RevocationOutcome.TransientFailure.Kind;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The breaker's two stages alone, around a fake step, on a clock driven by hand. */
class BreakerStageTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(4);
  private static final Duration COOLDOWN = Duration.ofSeconds(30);

  private final ManualTime time = new ManualTime();
  private final CircuitBreaker breaker = new CircuitBreaker(2, COOLDOWN, time);
  private final BreakerStage stages = new BreakerStage(breaker, TIMEOUT);
  private final FakeStep<RevocationOutcome> inner = new FakeStep<>();
  private final Step<RevocationOutcome> guard = stages.guard(inner);

  private void failTwice() {
    for (int i = 0; i < 2; i++) {
      guard.start(time.budget(TIMEOUT));
      inner.last().answer(http503());
    }
  }

  @Test
  void theGuardRecordsTransientFailuresAndOpensAtTheThreshold() {
    guard.start(time.budget(TIMEOUT));
    inner.last().answer(REJECTED);
    assertEquals(State.CLOSED, breaker.state());
    failTwice();
    assertEquals(State.OPEN, breaker.state());

    Attempt<RevocationOutcome> refused = guard.start(time.budget(TIMEOUT));
    assertEquals(Kind.BREAKER_OPEN, kindOf(refused));
    assertEquals(3, inner.starts());
  }

  @Test
  void failFastRefusesWhileOpenWithoutTakingTheTrialAndLetsItThroughAfterTheCooldown() {
    failTwice();
    FakeStep<RevocationOutcome> behind = new FakeStep<>();
    Step<RevocationOutcome> failFast = stages.failFast(behind);

    assertEquals(Kind.BREAKER_OPEN, kindOf(failFast.start(time.budget(TIMEOUT))));
    assertEquals(0, behind.starts());

    time.advance(COOLDOWN);
    failFast.start(time.budget(TIMEOUT));
    assertEquals(1, behind.starts());
    // It only looked: the trial is still there for the guard to take.
    assertEquals(State.OPEN, breaker.state());
    guard.start(time.budget(TIMEOUT));
    assertEquals(State.HALF_OPEN, breaker.state());
    inner.last().answer(REVOKED);
    assertEquals(State.CLOSED, breaker.state());
  }

  @Test
  void aCallAbortedAtItsBudgetsEndAfterHalfATimeoutOrMoreCountsAsAFailure() {
    for (int i = 0; i < 2; i++) {
      Budget budget = time.budget(TIMEOUT);
      Attempt<RevocationOutcome> call = guard.start(budget);
      time.advance(TIMEOUT);
      call.abort(Deadlines.outOfTime(budget));
      assertEquals(Kind.OUT_OF_TIME, kindOf(call));
      assertEquals(1, inner.last().aborts.size());
    }
    assertEquals(State.OPEN, breaker.state());
  }

  @Test
  void aCallCutShortOrClosedProvesNothingAndATrialCutShortLeavesTheNextCallATrial() {
    for (int i = 0; i < 3; i++) {
      // Started with less than half a timeout left: a budget spent elsewhere.
      Budget budget = time.budget(TIMEOUT.dividedBy(4));
      Attempt<RevocationOutcome> call = guard.start(budget);
      call.abort(Deadlines.outOfTime(budget));
      guard.start(time.budget(TIMEOUT)).abort(Deadlines.closed());
    }
    assertEquals(State.CLOSED, breaker.state());

    failTwice();
    time.advance(COOLDOWN);
    Budget short_ = time.budget(TIMEOUT.dividedBy(4));
    guard.start(short_).abort(Deadlines.outOfTime(short_));
    assertEquals(State.OPEN, breaker.state());
    Attempt<RevocationOutcome> trial = guard.start(time.budget(TIMEOUT));
    assertEquals(State.HALF_OPEN, breaker.state());
    inner.last().answer(REVOKED);
    assertSame(REVOKED, outcomeOf(trial));
    assertEquals(State.CLOSED, breaker.state());
  }

  @Test
  void theVerdictIsGivenOnceSoAnAbortAfterTheAnswerChangesNothing() {
    Budget budget = time.budget(TIMEOUT);
    Attempt<RevocationOutcome> call = guard.start(budget);
    inner.last().answer(REVOKED);
    time.advance(TIMEOUT);
    // Judged again, this would count as a failure, and the one 503 below would open the breaker.
    call.abort(Deadlines.outOfTime(budget));
    guard.start(time.budget(TIMEOUT));
    inner.last().answer(http503());
    assertEquals(State.CLOSED, breaker.state());
  }
}
