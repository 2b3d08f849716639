package fun.moonkey.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fun.moonkey.config.PendingStoreSetting;
import fun.moonkey.config.Reliability;
import fun.moonkey.credential.Credential;
import fun.moonkey.credential.CredentialType;
import fun.moonkey.revocation.Backoff;
import fun.moonkey.revocation.RevocationOutcome;
import fun.moonkey.testing.Await;
import fun.moonkey.testing.LogCapture;
import fun.moonkey.testing.TestClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The retrier with a scripted MoonKey (pure scheduling logic) and a controllable clock. */
class RevocationRetrierTest {

  private static final RevocationOutcome DOWN =
      new RevocationOutcome.TransientFailure(503, "HTTP 503", Optional.empty(), null);
  private static final RevocationOutcome OK = new RevocationOutcome.Revoked(200);

  @TempDir Path dir;

  private final List<String> calls = new CopyOnWriteArrayList<>();
  private final AtomicReference<RevocationOutcome> answer = new AtomicReference<>(DOWN);
  private final TestClock clock = new TestClock(Instant.parse("2026-11-25T12:00:00Z"));

  private final Function<Credential, CompletionStage<RevocationOutcome>> moonKey =
      credential -> {
        calls.add(credential.value());
        return CompletableFuture.completedFuture(answer.get());
      };

  private static Reliability settings(int capacity, Path store, Duration grace) {
    return new Reliability(
        3,
        Duration.ofMillis(10),
        Duration.ofMillis(50),
        Duration.ofHours(1),
        capacity,
        store == null ? new PendingStoreSetting.Memory() : new PendingStoreSetting.Directory(store),
        4,
        5,
        Duration.ofSeconds(1),
        grace);
  }

  private RevocationRetrier retrier(Reliability settings, PendingJournal journal) {
    return new RevocationRetrier(
        settings,
        moonKey,
        new Backoff(settings.backoffInitial(), settings.backoffMax(), () -> 0.5),
        clock,
        journal);
  }

  private static Credential token(String value) {
    return new Credential(CredentialType.SESSION_TOKEN, value, "test");
  }

  @Test
  void aStageThatFailsIsRetriedNotGivenUp() throws Exception {
    AtomicReference<Boolean> broken = new AtomicReference<>(true);
    try (RevocationRetrier retrier =
        new RevocationRetrier(
            settings(10, null, Duration.ZERO),
            credential -> {
              calls.add(credential.value());
              return broken.getAndSet(false)
                  ? CompletableFuture.failedFuture(new IllegalStateException("broken stage"))
                  : CompletableFuture.completedFuture(OK);
            },
            new Backoff(Duration.ofMillis(10), Duration.ofMillis(50), () -> 0.5),
            clock,
            null)) {
      assertTrue(retrier.enqueue(token("tok_stage")));
      Await.until(Duration.ofSeconds(5), () -> calls.size() >= 2, calls::toString);
      Await.until(Duration.ofSeconds(5), () -> retrier.size() == 0, calls::toString);
      assertEquals(1, retrier.delivered());
      assertEquals(0, retrier.givenUp());
    }
  }

  @Test
  void theBreakersRefusalsDoNotGrowTheBackoff() throws Exception {
    // Eight refusals of an open breaker, then MoonKey takes the call. Counted as failures, they
    // would push the ninth attempt out by 10 ms * 2^8 (about 2.5 s, then 5 s: past the wait below).
    RevocationOutcome breakerOpen =
        new RevocationOutcome.TransientFailure(
            0,
            "circuit breaker open",
            Optional.empty(),
            null,
            RevocationOutcome.TransientFailure.Kind.BREAKER_OPEN);
    List<Long> asked = new CopyOnWriteArrayList<>();
    try (RevocationRetrier retrier =
        new RevocationRetrier(
            settings(10, null, Duration.ZERO),
            credential -> {
              calls.add(credential.value());
              return CompletableFuture.completedFuture(calls.size() <= 8 ? breakerOpen : OK);
            },
            new Backoff(Duration.ofMillis(10), Duration.ofMinutes(5), () -> 0.99),
            () -> {
              asked.add(System.nanoTime());
              return Duration.ofMillis(20);
            },
            clock,
            null)) {
      long started = System.nanoTime();
      assertTrue(retrier.enqueue(token("tok_breaker")));
      Await.until(Duration.ofSeconds(2), () -> retrier.size() == 0, calls::toString);
      assertEquals(9, calls.size());
      assertEquals(8, asked.size(), "the breaker's wait was asked after each refusal");
      assertTrue(
          Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofMillis(160)) >= 0,
          "each refusal waited for the breaker's trial");
      assertEquals(1, retrier.delivered());
    }
  }

  @Test
  void keepsTryingUntilMoonKeyConfirms() throws Exception {
    try (RevocationRetrier retrier = retrier(settings(10, null, Duration.ZERO), null)) {
      assertTrue(retrier.enqueue(token("tok_1")));
      Await.until(Duration.ofSeconds(5), () -> calls.size() >= 3, calls::toString);
      answer.set(OK);
      Await.until(Duration.ofSeconds(5), () -> retrier.size() == 0, retrier::toString);
      assertEquals(1, retrier.delivered());
      assertEquals(0, retrier.givenUp());
    }
  }

  @Test
  void givesUpAfterTheHorizonWithOneErrorLineByHash() throws Exception {
    try (LogCapture logs = LogCapture.at(Level.FINE);
        RevocationRetrier retrier = retrier(settings(10, null, Duration.ZERO), null)) {
      retrier.enqueue(token("tok_old"));
      Await.until(Duration.ofSeconds(5), () -> !calls.isEmpty(), calls::toString);
      clock.advance(Duration.ofHours(1));
      Await.until(Duration.ofSeconds(5), () -> retrier.givenUp() == 1, retrier::toString);

      assertEquals(0, retrier.size());
      List<String> errors = logs.messages(RevocationRetrier.class.getName(), Level.SEVERE);
      assertEquals(1, errors.size(), errors.toString());
      String hash = token("tok_old").hash();
      assertTrue(errors.get(0).startsWith("Gave up revoking " + hash + " at MoonKey after "));
      assertTrue(errors.get(0).endsWith("retry-horizon passed, last failure: HTTP 503"));
      assertFalse(String.join("\n", logs.lines()).contains("tok_old"));
    }
  }

  @Test
  void aPermanentRefusalIsGivenUpAtOnce() throws Exception {
    answer.set(new RevocationOutcome.Rejected(422, "validation_error"));
    try (RevocationRetrier retrier = retrier(settings(10, null, Duration.ZERO), null)) {
      retrier.enqueue(token("tok_bad"));
      Await.until(Duration.ofSeconds(5), () -> retrier.givenUp() == 1, retrier::toString);
      assertEquals(1, calls.size());
    }
  }

  @Test
  void whenFullTheNewOneIsRefusedCountedAndLogged() {
    try (LogCapture logs = LogCapture.at(Level.FINE);
        RevocationRetrier retrier = retrier(settings(2, null, Duration.ZERO), null)) {
      assertTrue(retrier.enqueue(token("tok_1")));
      assertTrue(retrier.enqueue(token("tok_2")));
      assertFalse(retrier.enqueue(token("tok_3")));

      assertEquals(2, retrier.size());
      assertEquals(1, retrier.overflowed());
      assertEquals(
          List.of(
              "Revocation of "
                  + token("tok_3").hash()
                  + " at MoonKey failed and cannot be retried: pending-capacity (2) is full; not"
                  + " queued"),
          logs.messages(RevocationRetrier.class.getName(), Level.SEVERE));
    }
  }

  private RevocationRetrier retrier(Reliability settings, PendingStore store) {
    return new RevocationRetrier(
        settings,
        moonKey,
        new Backoff(settings.backoffInitial(), settings.backoffMax(), () -> 0.5),
        clock,
        store);
  }

  @Test
  void enqueueAnswersWhileTheStoresWriteStallsAndTheRevocationIsDeliveredFromMemory()
      throws Exception {
    StallingStore store = new StallingStore();
    store.addsStall = true;
    answer.set(OK);
    RevocationRetrier retrier = retrier(settings(10, null, Duration.ofSeconds(1)), store);
    try {
      assertTimeoutPreemptively(
          Duration.ofSeconds(5), () -> assertTrue(retrier.enqueue(token("tok_stalled"))));
      assertEquals(List.of(), store.added, "the write still stalls");
      Await.until(Duration.ofSeconds(5), () -> retrier.delivered() == 1, retrier::toString);
      assertEquals(List.of(), store.done, "done waits for the write, on the store's thread");
    } finally {
      store.addsGo.countDown();
    }
    Await.until(Duration.ofSeconds(5), () -> store.done.equals(List.of(0L)), store.done::toString);
    assertEquals(List.of(0L), store.added);
    retrier.close();
  }

  @Test
  void aStoreThatStallsOnDoneHoldsNoLockTheLogoutNeeds() throws Exception {
    StallingStore store = new StallingStore();
    store.donesStall = true;
    answer.set(OK);
    RevocationRetrier retrier = retrier(settings(10, null, Duration.ofSeconds(1)), store);
    try {
      retrier.enqueue(token("tok_first"));
      assertTrue(store.doneEntered.await(5, TimeUnit.SECONDS), "delivered, then done");
      // The store stalls in done(tok_first); the retrier's lock is free.
      assertTimeoutPreemptively(
          Duration.ofSeconds(5),
          () -> {
            assertEquals(0, retrier.size());
            assertTrue(retrier.enqueue(token("tok_second")));
          });
      Await.until(Duration.ofSeconds(5), () -> retrier.delivered() == 2, retrier::toString);
    } finally {
      store.donesGo.countDown();
    }
    Await.until(Duration.ofSeconds(5), () -> store.done.size() == 2, store.done::toString);
    retrier.close();
  }

  @Test
  void aWriteThatFailsKeepsTheRevocationInMemoryLoggedByHash() throws Exception {
    StallingStore store = new StallingStore();
    store.addsFail = true;
    try (LogCapture logs = LogCapture.at(Level.FINE);
        RevocationRetrier retrier = retrier(settings(10, null, Duration.ZERO), store)) {
      assertTrue(retrier.enqueue(token("tok_unstored")));
      Await.until(Duration.ofSeconds(5), () -> retrier.unstored() == 1, retrier::toString);
      answer.set(OK);
      Await.until(Duration.ofSeconds(5), () -> retrier.delivered() == 1, retrier::toString);
      assertEquals(
          List.of(
              "Pending revocation of "
                  + token("tok_unstored").hash()
                  + " is kept in memory only until the pending-store can be written again, and a"
                  + " crash before then would lose it (java.io.UncheckedIOException:"
                  + " java.io.IOException: disk full)"),
          logs.messages(RevocationRetrier.class.getName(), Level.SEVERE));
    }
  }

  @Test
  void withoutAStoreAStopLogsWhatIsLost() {
    try (LogCapture logs = LogCapture.at(Level.FINE)) {
      RevocationRetrier retrier = retrier(settings(10, null, Duration.ofMillis(100)), null);
      retrier.enqueue(token("tok_lost"));
      retrier.close();

      assertEquals(1, retrier.lost());
      assertTrue(
          logs.messages(RevocationRetrier.class.getName(), Level.SEVERE)
              .contains(
                  "Pending revocation of "
                      + token("tok_lost").hash()
                      + " lost at shutdown: no pending-store is configured"));
      assertTrue(noRetrierThread(), "the retrier's thread has stopped");
    }
  }

  @Test
  void aStopDrainsWithinTheGraceWhenMoonKeyAnswers() {
    answer.set(OK);
    RevocationRetrier retrier =
        retrier(
            new Reliability(
                3,
                Duration.ofMinutes(1),
                Duration.ofMinutes(1),
                Duration.ofHours(1),
                10,
                new PendingStoreSetting.Memory(),
                4,
                5,
                Duration.ofSeconds(1),
                Duration.ofSeconds(5)),
            null);
    retrier.enqueue(token("tok_drain"));
    // The first retry is a minute away; the stop tries it at once.
    retrier.close();
    assertEquals(1, retrier.delivered());
    assertEquals(0, retrier.lost());
  }

  @Test
  void withAStoreWhatRemainsAtStopIsDeliveredAfterTheNextStart() throws Exception {
    Path store = dir.resolve("store");
    Reliability settings = settings(10, store, Duration.ZERO);
    RevocationRetrier first =
        retrier(settings, PendingJournal.open(store, SealingKeys.of("sk_test_retrier")));
    first.enqueue(token("tok_kept"));
    first.close();
    assertEquals(0, first.lost());

    answer.set(OK);
    calls.clear();
    try (RevocationRetrier second =
        retrier(settings, PendingJournal.open(store, SealingKeys.of("sk_test_retrier")))) {
      Await.until(Duration.ofSeconds(5), () -> second.delivered() == 1, second::toString);
      assertEquals(List.of("tok_kept"), calls);
    }
    try (PendingJournal journal = PendingJournal.open(store, SealingKeys.of("sk_test_retrier"))) {
      assertEquals(List.of(), journal.pending());
    }
  }

  private static boolean noRetrierThread() {
    return Thread.getAllStackTraces().keySet().stream()
        .noneMatch(t -> t.getName().startsWith("moonkey-retrier-") && t.isAlive());
  }
}
