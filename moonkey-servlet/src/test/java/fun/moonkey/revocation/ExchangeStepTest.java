package fun.moonkey.revocation;

import static fun.moonkey.revocation.StageTesting.REVOKED;
import static fun.moonkey.revocation.StageTesting.kindOf;
import static fun.moonkey.revocation.StageTesting.outcomeOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fun.moonkey.revocation.RevocationOutcome.TransientFailure;
import fun.moonkey.revocation.RevocationOutcome.TransientFailure.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The exchange step alone, around a hand-made call: timeouts, the budget's end, an abort. */
class ExchangeStepTest {

  private final ManualTime time = new ManualTime();
  private final AtomicLong calls = new AtomicLong();
  private final LatencyHistogram latency = new LatencyHistogram();
  private final List<Duration> timeouts = new ArrayList<>();
  private final CompletableFuture<RevocationOutcome> answer = new CompletableFuture<>();
  private final CompletableFuture<Void> exchange = new CompletableFuture<>();

  private final Step<RevocationOutcome> step =
      new ExchangeStep<>(
          timeout -> {
            timeouts.add(timeout);
            return new MoonKeyClient.Call<>(answer, exchange);
          },
          Failures::outcome,
          time,
          calls,
          latency);

  @Test
  void theCallGetsWhatRemainsOfTheBudgetAndItsAnswerIsTheResult() {
    Budget budget = time.budget(Duration.ofSeconds(5));
    time.advance(Duration.ofSeconds(1));
    Attempt<RevocationOutcome> attempt = step.start(budget);
    assertEquals(List.of(Duration.ofSeconds(4)), timeouts);
    time.advance(Duration.ofMillis(30));
    answer.complete(REVOKED);
    assertSame(REVOKED, outcomeOf(attempt));
    assertEquals(1, calls.get());
  }

  @Test
  void noCallStartsOnceTheBudgetHasEnded() {
    Budget budget = time.budget(Duration.ofSeconds(1));
    time.advance(Duration.ofSeconds(1));
    assertEquals(Kind.OUT_OF_TIME, kindOf(step.start(budget)));
    assertEquals(List.of(), timeouts);
    assertEquals(0, calls.get());
  }

  @Test
  void theClientsOwnTimeoutIsTheBudgetsEnd() {
    Attempt<RevocationOutcome> attempt = step.start(time.budget(Duration.ofMillis(1500)));
    answer.complete(TransientFailure.of(Kind.OUT_OF_TIME, "SocketTimeoutException"));
    assertEquals(Deadlines.outOfTime(time.budget(Duration.ofMillis(1500))), outcomeOf(attempt));
  }

  @Test
  void anAbortEndsTheAttemptWithItsReasonAndCancelsTheExchange() {
    Attempt<RevocationOutcome> attempt = step.start(time.budget(Duration.ofSeconds(5)));
    attempt.abort(Deadlines.closed());
    assertTrue(exchange.isCancelled());
    // The cancelled exchange's own outcome comes after, and does not stand in.
    answer.complete(TransientFailure.of(Kind.CALL, "CancellationException"));
    assertEquals(Kind.CLOSED, kindOf(attempt));
  }
}
