package fun.moonkey.revocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fun.moonkey.config.MoonKeyConfig;
import fun.moonkey.credential.Credential;
import fun.moonkey.credential.CredentialType;
import fun.moonkey.emulator.MoonKeyEmulator;
import fun.moonkey.emulator.Reply;
import fun.moonkey.revocation.RevocationOutcome.TransientFailure;
import fun.moonkey.revocation.RevocationOutcome.TransientFailure.Kind;
import fun.moonkey.test.MoonKeyExtension;
import fun.moonkey.testing.Await;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the budget promises when MoonKey misbehaves: the breaker recovers from an {@code Error} in
 * its trial call, {@code close()} completes what waits, follow-up work never queues behind the
 * timer, and verify and list are bounded like a delete. Read at the emulator where it matters.
 */
class SessionRevokerBudgetTest {

  @RegisterExtension final MoonKeyExtension kit = MoonKeyExtension.create();

  private MoonKeyEmulator moonKey;

  @BeforeEach
  void emulator() {
    moonKey = kit.emulator();
  }

  private MoonKeyConfig config(String... settings) {
    MoonKeyConfig.Builder builder =
        MoonKeyConfig.builder()
            .secretKey(moonKey.secretKey())
            .apiUrl(moonKey.baseUri())
            // Room for a first call on a loaded machine; the tests about budgets set 1 s.
            .timeout(Duration.ofSeconds(10))
            .set("max-attempts", "1");
    for (int i = 0; i < settings.length; i += 2) {
      builder.set(settings[i], settings[i + 1]);
    }
    return builder.build();
  }

  private static Credential token(String value) {
    return new Credential(CredentialType.SESSION_TOKEN, value, "test");
  }

  private static long millisSince(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }

  @Test
  void anErrorInTheHalfOpenTrialOpensTheBreakerAgainAndTheNextTrialStillGoesOut() {
    AtomicLong skew = new AtomicLong();
    AtomicBoolean broken = new AtomicBoolean();
    try (SessionRevoker revoker =
        new SessionRevoker(
            config("breaker-failures", "1", "breaker-cooldown", "30s"),
            null,
            Clock.systemUTC(),
            () -> System.nanoTime() + skew.get(),
            () -> 0.5,
            network ->
                (request, body) -> {
                  if (broken.get()) {
                    throw new LinkageError("a class clash in the trial call");
                  }
                  return network.send(request, body);
                })) {
      moonKey.enqueue(Reply.status(503));
      revoker.revokeAndWait(token("tok_opens"));
      assertEquals("OPEN", revoker.breakerState());

      skew.addAndGet(Duration.ofSeconds(30).toNanos());
      broken.set(true);
      TransientFailure trial =
          assertInstanceOf(TransientFailure.class, revoker.revokeAndWait(token("tok_trial")));
      assertTrue(trial.reason().startsWith("LinkageError"), trial.reason());
      assertEquals("OPEN", revoker.breakerState(), "the failed trial opens it again");

      skew.addAndGet(Duration.ofSeconds(30).toNanos());
      broken.set(false);
      assertEquals(new RevocationOutcome.AlreadyGone(), revoker.revokeAndWait(token("tok_next")));
      assertEquals("CLOSED", revoker.breakerState());
      assertEquals(2, moonKey.requestCount(SessionRevoker.DELETE_PATH));
    }
  }

  @Test
  void callsLeftWithoutAnAnswerForTheirWholeTimeoutOpenTheBreakerButCallsCutShortDoNot() {
    moonKey.setDefaultReply(Reply.hang());
    AtomicLong skew = new AtomicLong();
    try (SessionRevoker revoker =
        new SessionRevoker(
            config("timeout", "1s", "breaker-failures", "2"),
            null,
            Clock.systemUTC(),
            () -> System.nanoTime() + skew.get(),
            () -> 0.5)) {
      // Started on a budget nearly spent (900 of its 1000 ms gone): cut short, which says nothing
      // about MoonKey.
      Budget spent = revoker.budget();
      skew.addAndGet(Duration.ofMillis(900).toNanos());
      for (int i = 0; i < 3; i++) {
        revoker.revoke(token("tok_late_" + i), spent).toCompletableFuture().join();
      }
      assertEquals("CLOSED", revoker.breakerState());

      revoker.revokeAndWait(token("tok_hang_1"));
      revoker.revokeAndWait(token("tok_hang_2"));
      assertEquals("OPEN", revoker.breakerState());
    }
  }

  @Test
  void closeCompletesARevocationWaitingInItsBackoffAndOneWaitingForItsAnswer() throws Exception {
    SessionRevoker revoker =
        new SessionRevoker(config("timeout", "20s", "max-attempts", "3", "backoff-max", "30s"));
    moonKey.enqueue(Reply.status(503).withHeader("Retry-After", "10"), Reply.hang());
    CompletableFuture<RevocationOutcome> inBackoff =
        revoker.revoke(token("tok_backoff")).toCompletableFuture();
    CompletableFuture<RevocationOutcome> waiting =
        revoker.revoke(token("tok_waiting")).toCompletableFuture();
    Await.until(
        Duration.ofSeconds(20),
        () -> moonKey.requestCount(SessionRevoker.DELETE_PATH) == 2,
        () -> moonKey.requests().toString());

    long start = System.nanoTime();
    revoker.close();
    RevocationOutcome backoff = inBackoff.get(10, TimeUnit.SECONDS);
    RevocationOutcome answer = waiting.get(10, TimeUnit.SECONDS);

    // At once, not after the 10 s Retry-After nor at the 20 s timeout.
    assertTrue(millisSince(start) < 5_000, millisSince(start) + " ms");
    assertEquals(Kind.CLOSED, assertInstanceOf(TransientFailure.class, backoff).kind());
    assertEquals(Kind.CLOSED, assertInstanceOf(TransientFailure.class, answer).kind());
    assertEquals(2, moonKey.requestCount(SessionRevoker.DELETE_PATH), "no retry after close");
  }

  @Test
  void anAnswerCompletesItsOutcomeOnTheIoThreadThatReadItWithoutAHandOff() throws Exception {
    try (SessionRevoker revoker = new SessionRevoker(config())) {
      String thread =
          revoker
              .revoke(token("tok_io"))
              .thenApply(outcome -> Thread.currentThread().getName())
              .toCompletableFuture()
              .get(10, TimeUnit.SECONDS);
      assertTrue(thread.startsWith("moonkey-io-"), thread);
    }
  }

  @Test
  void slowFollowUpWorkHandedToTheWorkersDoesNotQueueBehindTheDeadline() throws Exception {
    moonKey.setDefaultReply(Reply.hang());
    int logouts = 8;
    // Slow work after each outcome (a journal write, a listener, a response) that ends only once
    // every follow-up has started: run one after another, on the timer or on one thread, the
    // first would wait for the others forever and none would see them all.
    CountDownLatch allStarted = new CountDownLatch(logouts);
    List<Boolean> sawAllStarted = new CopyOnWriteArrayList<>();
    List<String> threads = new CopyOnWriteArrayList<>();
    try (SessionRevoker revoker = new SessionRevoker(config("timeout", "1s"))) {
      List<CompletableFuture<Void>> followUps = new ArrayList<>();
      for (int i = 0; i < logouts; i++) {
        followUps.add(
            revoker
                .revoke(token("tok_slow_" + i))
                .thenRunAsync(
                    () -> {
                      threads.add(Thread.currentThread().getName());
                      allStarted.countDown();
                      sawAllStarted.add(await(allStarted, Duration.ofSeconds(10)));
                    },
                    revoker.workers())
                .toCompletableFuture());
      }
      CompletableFuture.allOf(followUps.toArray(CompletableFuture[]::new))
          .get(120, TimeUnit.SECONDS);
    }
    assertEquals(Collections.nCopies(logouts, true), sawAllStarted, "ran on " + threads);
    assertTrue(
        threads.stream().allMatch(name -> name.startsWith("moonkey-revoker-")),
        "ran on " + threads);
  }

  @Test
  void verifyAndListTakeTheBulkheadAndEndAtTheBudget() throws Exception {
    moonKey.setDefaultReply(Reply.hang());
    try (SessionRevoker revoker =
        new SessionRevoker(config("timeout", "1s", "max-concurrency", "2"))) {
      long start = System.nanoTime();
      Budget budget = revoker.budget();
      List<CompletableFuture<?>> lookups = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        lookups.add(revoker.owner(token("tok_verify_" + i), budget).toCompletableFuture());
        lookups.add(revoker.sessionsOf("user_" + i, budget).toCompletableFuture());
      }
      for (CompletableFuture<?> lookup : lookups) {
        ExecutionException failure =
            org.junit.jupiter.api.Assertions.assertThrows(
                ExecutionException.class, () -> lookup.get(10, TimeUnit.SECONDS));
        MoonKeyFailure cause = assertInstanceOf(MoonKeyFailure.class, failure.getCause());
        assertEquals(
            Kind.OUT_OF_TIME, assertInstanceOf(TransientFailure.class, cause.outcome()).kind());
      }
      // All end at the 1 s budget; waiting for permits, three rounds of two would take 3 s.
      assertTrue(millisSince(start) < 2_500, millisSince(start) + " ms");
      assertEquals(2, revoker.peakConcurrency());
      assertEquals(
          2,
          moonKey.requestCount(SessionRevoker.VERIFY_PATH)
              + moonKey.requestCount(SessionRevoker.LIST_PATH),
          "only two calls got a permit before the budget ended");
    }
  }

  @Test
  void aVerifyRefusingTheSecretKeyIsAFailureNotAnUnknownSession() throws Exception {
    MoonKeyConfig wrongKey =
        MoonKeyConfig.builder()
            .secretKey("sk_test_wrong")
            .apiUrl(moonKey.baseUri())
            .timeout(Duration.ofSeconds(10))
            .build();
    try (SessionRevoker revoker = new SessionRevoker(wrongKey)) {
      ExecutionException failure =
          org.junit.jupiter.api.Assertions.assertThrows(
              ExecutionException.class,
              () ->
                  revoker
                      .owner(token("tok_any"), revoker.budget())
                      .toCompletableFuture()
                      .get(30, TimeUnit.SECONDS));
      MoonKeyFailure cause = assertInstanceOf(MoonKeyFailure.class, failure.getCause());
      assertEquals(new RevocationOutcome.Unauthorised(401), cause.outcome());
    }
    try (SessionRevoker revoker = new SessionRevoker(config())) {
      // The right key and an unknown token: 401 invalid_session, which is an unknown session.
      assertEquals(
          java.util.Optional.empty(),
          revoker.owner(token("tok_unknown"), revoker.budget()).toCompletableFuture().join());
    }
  }

  private static boolean await(CountDownLatch latch, Duration timeout) {
    try {
      return latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
