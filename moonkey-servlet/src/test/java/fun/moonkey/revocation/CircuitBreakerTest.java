package fun.moonkey.revocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

  private static final RevocationOutcome FAIL =
      new RevocationOutcome.TransientFailure(503, "HTTP 503", Optional.empty(), null);
  private static final RevocationOutcome OK = new RevocationOutcome.Revoked(200);

  private final AtomicLong now = new AtomicLong();
  private final CircuitBreaker breaker = new CircuitBreaker(3, Duration.ofSeconds(10), now::get);

  private void fail(int times) {
    for (int i = 0; i < times; i++) {
      assertTrue(breaker.tryAcquire());
      breaker.record(FAIL);
    }
  }

  @Test
  void opensAfterTheThresholdOfTransientFailuresInARow() {
    fail(2);
    assertEquals(CircuitBreaker.State.CLOSED, breaker.state());
    fail(1);
    assertEquals(CircuitBreaker.State.OPEN, breaker.state());
    assertFalse(breaker.tryAcquire());
  }

  @Test
  void aSuccessResetsTheRun() {
    fail(2);
    breaker.record(OK);
    fail(2);
    assertEquals(CircuitBreaker.State.CLOSED, breaker.state());
  }

  @Test
  void notFoundAndOtherRefusalsNeverOpenIt() {
    for (int i = 0; i < 10; i++) {
      assertTrue(breaker.tryAcquire());
      breaker.record(i % 2 == 0 ? new RevocationOutcome.AlreadyGone() : rejected());
    }
    assertEquals(CircuitBreaker.State.CLOSED, breaker.state());
  }

  private static RevocationOutcome rejected() {
    return new RevocationOutcome.Rejected(422, "validation_error");
  }

  @Test
  void afterTheCooldownOneTrialDecides() {
    fail(3);
    now.addAndGet(Duration.ofSeconds(10).toNanos() - 1);
    assertFalse(breaker.tryAcquire());
    now.addAndGet(1);
    assertTrue(breaker.tryAcquire(), "the trial");
    assertFalse(breaker.tryAcquire(), "only one trial at a time");
    breaker.record(FAIL);
    assertEquals(CircuitBreaker.State.OPEN, breaker.state());
    assertFalse(breaker.tryAcquire());

    now.addAndGet(Duration.ofSeconds(10).toNanos());
    assertTrue(breaker.tryAcquire());
    breaker.record(OK);
    assertEquals(CircuitBreaker.State.CLOSED, breaker.state());
    assertTrue(breaker.tryAcquire());
  }

  @Test
  void mayCallPeeksWithoutTakingTheTrial() {
    assertTrue(breaker.mayCall());
    fail(3);
    assertFalse(breaker.mayCall());
    now.addAndGet(Duration.ofSeconds(10).toNanos());
    assertTrue(breaker.mayCall());
    assertTrue(breaker.mayCall(), "peeking twice still leaves the trial");
    assertTrue(breaker.tryAcquire());
    assertFalse(breaker.mayCall(), "a trial is out");
  }

  @Test
  void aTrialWithoutAVerdictLeavesTheBreakerOpenWithTheNextCallAsANewTrial() {
    fail(3);
    now.addAndGet(Duration.ofSeconds(10).toNanos());
    assertTrue(breaker.tryAcquire());
    assertEquals(CircuitBreaker.State.HALF_OPEN, breaker.state());

    breaker.recordNothing();

    assertEquals(CircuitBreaker.State.OPEN, breaker.state());
    assertTrue(breaker.mayCall());
    assertTrue(breaker.tryAcquire(), "a new trial at once");
    breaker.record(OK);
    assertEquals(CircuitBreaker.State.CLOSED, breaker.state());
  }

  @Test
  void aCallWithoutAVerdictWhileClosedChangesNothing() {
    fail(2);
    breaker.recordNothing();
    fail(1);
    assertEquals(CircuitBreaker.State.OPEN, breaker.state(), "the run of failures goes on");
  }
}
