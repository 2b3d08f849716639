package fun.moonkey.revocation;

import static fun.moonkey.revocation.StageTesting.REVOKED;
import static fun.moonkey.revocation.StageTesting.kindOf;
import static fun.moonkey.revocation.StageTesting.outcomeOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import fun.moonkey.revocation.RevocationOutcome.TransientFailure.Kind;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The bulkhead stage alone, around a fake step, on a clock and scheduler driven by hand. */
class BulkheadStageTest {

  private final ManualTime time = new ManualTime();
  private final Bulkhead bulkhead = new Bulkhead(1);
  private final FakeStep<RevocationOutcome> inner = new FakeStep<>();
  private final Step<RevocationOutcome> stage = new BulkheadStage(bulkhead, time).around(inner);
  private final Budget budget = time.budget(Duration.ofSeconds(5));

  @Test
  void withAFreePermitTheStepStartsAtOnceAndItsOutcomeReturnsThePermit() {
    Attempt<RevocationOutcome> attempt = stage.start(budget);
    assertEquals(1, inner.starts());
    assertSame(budget, inner.last().budget);
    assertEquals(1, bulkhead.inUse());

    inner.last().answer(REVOKED);
    assertSame(REVOKED, outcomeOf(attempt));
    assertEquals(0, bulkhead.inUse());
  }

  @Test
  void beyondTheLimitACallerWaitsAndStartsOnTheSchedulerOnceAPermitIsReleased() {
    Attempt<RevocationOutcome> first = stage.start(budget);
    Attempt<RevocationOutcome> second = stage.start(budget);
    assertEquals(1, inner.starts());

    inner.last().answer(REVOKED);
    assertSame(REVOKED, outcomeOf(first));
    // Handed the permit, the waiter goes on on the scheduler, not inside release().
    assertEquals(1, inner.starts());
    assertEquals(List.of(Duration.ZERO), time.pending());
    time.advance(Duration.ZERO);
    assertEquals(2, inner.starts());
    assertFalse(second.result.isDone());
    inner.last().answer(REVOKED);
    assertSame(REVOKED, outcomeOf(second));
    assertEquals(0, bulkhead.inUse());
  }

  @Test
  void anAbortWhileWaitingGivesUpTheWaitAndTheStepNeverStarts() {
    stage.start(budget);
    Attempt<RevocationOutcome> waiting = stage.start(budget);
    Attempt<RevocationOutcome> next = stage.start(budget);

    waiting.abort(Deadlines.outOfTime(budget));
    assertEquals(Kind.OUT_OF_TIME, kindOf(waiting));

    inner.last().answer(REVOKED);
    time.advance(Duration.ZERO);
    // The permit went to the caller behind the one that gave up.
    assertEquals(2, inner.starts());
    inner.last().answer(REVOKED);
    assertSame(REVOKED, outcomeOf(next));
    assertEquals(0, bulkhead.inUse());
  }

  @Test
  void anAbortReachesTheStepInFlightFirstAndReturnsThePermit() {
    Attempt<RevocationOutcome> attempt = stage.start(budget);
    FakeStep.Started<RevocationOutcome> call = inner.last();
    AtomicBoolean stageDoneFirst = new AtomicBoolean();
    call.result.whenComplete((v, e) -> stageDoneFirst.set(attempt.result.isDone()));

    attempt.abort(Deadlines.closed());
    assertFalse(stageDoneFirst.get(), "the stage completed before the step it wraps");
    assertEquals(1, call.aborts.size());
    assertEquals(Kind.CLOSED, call.aborts.get(0).kind());
    assertEquals(Kind.CLOSED, kindOf(attempt));
    assertEquals(0, bulkhead.inUse());
  }

  @Test
  void aWaiterHandedAPermitAfterTheTimerStoppedEndsClosedAndReturnsIt() {
    stage.start(budget);
    Attempt<RevocationOutcome> waiting = stage.start(budget);
    time.stop();

    inner.last().answer(REVOKED);
    assertEquals(Kind.CLOSED, kindOf(waiting));
    assertEquals(1, inner.starts());
    assertEquals(0, bulkhead.inUse());
  }
}
