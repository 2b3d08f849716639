package fun.moonkey.revocation;

import static fun.moonkey.revocation.StageTesting.REVOKED;
import static fun.moonkey.revocation.StageTesting.kindOf;
import static fun.moonkey.revocation.StageTesting.outcomeOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import fun.moonkey.revocation.RevocationOutcome.TransientFailure.Kind;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The outermost stage alone: the sweep at each budget's end, and close(). */
class DeadlinesTest {

  private static final Duration SWEEP = Duration.ofNanos(Deadlines.SWEEP_NANOS);

  private final ManualTime time = new ManualTime();
  private final Deadlines deadlines = new Deadlines(time);
  private final FakeStep<RevocationOutcome> inner = new FakeStep<>();

  @Test
  void theSweepEndsAnOperationWithinOneSweepOfItsBudgetsEndAndAbortsWhatItWasDoing() {
    Attempt<RevocationOutcome> shortOne =
        deadlines.start(inner, time.budget(Duration.ofMillis(120)));
    Attempt<RevocationOutcome> longOne = deadlines.start(inner, time.budget(Duration.ofSeconds(5)));

    time.advance(Duration.ofMillis(100));
    assertFalse(shortOne.result.isDone());
    time.advance(SWEEP);
    assertEquals(Kind.OUT_OF_TIME, kindOf(shortOne));
    assertEquals(1, inner.started.get(0).aborts.size());
    assertFalse(longOne.result.isDone());

    inner.started.get(1).answer(REVOKED);
    assertSame(REVOKED, outcomeOf(longOne));
    // Nothing in flight: the sweep stops rescheduling itself.
    time.advance(SWEEP);
    assertEquals(List.of(), time.pending());
  }

  @Test
  void closeEndsEveryOperationClosedAndLaterStartsAreRefused() {
    Attempt<RevocationOutcome> one = deadlines.start(inner, time.budget(Duration.ofSeconds(5)));
    Attempt<RevocationOutcome> two = deadlines.start(inner, time.budget(Duration.ofSeconds(5)));
    deadlines.close();
    assertEquals(Kind.CLOSED, kindOf(one));
    assertEquals(Kind.CLOSED, kindOf(two));
    assertEquals(List.of(Deadlines.closed()), inner.started.get(1).aborts);
    assertThrows(
        IllegalStateException.class,
        () -> deadlines.start(inner, time.budget(Duration.ofSeconds(1))));
  }

  @Test
  void aStepThatThrowsCompletesItsOperationInsteadOfLeavingItInFlight() {
    Attempt<RevocationOutcome> broken =
        deadlines.start(
            budget -> {
              throw new IllegalStateException("broken stage");
            },
            time.budget(Duration.ofSeconds(5)));
    assertEquals(Kind.CALL, kindOf(broken));
    time.advance(SWEEP);
    assertEquals(List.of(), time.pending());
  }
}
