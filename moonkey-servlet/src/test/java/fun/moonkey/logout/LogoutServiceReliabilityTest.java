package fun.moonkey.logout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fun.moonkey.answer.LogoutResult;
import fun.moonkey.config.MoonKeyConfig;
import fun.moonkey.emulator.MoonKeyEmulator;
import fun.moonkey.emulator.RecordedRequest;
import fun.moonkey.emulator.Reply;
import fun.moonkey.revocation.SessionRevoker;
import fun.moonkey.testing.Await;
import fun.moonkey.testing.MoonKeyThreads;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Many logouts at once through one {@link LogoutService}: the bulkhead bounds the calls in flight
 * (read at the emulator), every logout answers within its budget, and an always-failing MoonKey
 * gets no more calls than the documented bound.
 */
class LogoutServiceReliabilityTest {

  private static final String PATH = SessionRevoker.DELETE_PATH;

  private MoonKeyEmulator moonKey;

  @BeforeEach
  void start() {
    moonKey = MoonKeyEmulator.start();
  }

  @AfterEach
  void stop() {
    moonKey.close();
  }

  private LogoutService service(String... extra) {
    MoonKeyConfig.Builder builder =
        MoonKeyConfig.builder().secretKey(moonKey.secretKey()).apiUrl(moonKey.baseUri());
    for (int i = 0; i < extra.length; i += 2) {
      builder.set(extra[i], extra[i + 1]);
    }
    return LogoutService.start(builder.build());
  }

  /** Starts {@code n} logouts at once and records how long each took to answer. */
  private static List<LogoutResult> logoutAll(LogoutService service, int n, List<Long> millis) {
    List<CompletableFuture<LogoutResult>> futures = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long start = System.nanoTime();
      futures.add(
          service
              .logout(new FakeRequest().cookie("session_token", "tok_" + i))
              .toCompletableFuture()
              .whenComplete((r, e) -> millis.add((System.nanoTime() - start) / 1_000_000)));
    }
    return futures.stream().map(CompletableFuture::join).toList();
  }

  @Test
  void theBulkheadBoundsConcurrencyAndEveryLogoutAnswersWithinItsBudget() {
    // Each call holds its connection for 300 ms.
    moonKey.setDefaultReply(Reply.status(200).withDelay(Duration.ofMillis(300)));
    List<Long> millis = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<LogoutResult> results;
    LogoutService service =
        service(
            "timeout", "2s",
            "max-concurrency", "4",
            "backoff-initial", "1m",
            "shutdown-grace", "0ms");
    try {
      results = logoutAll(service, 200, millis);
      assertTrue(
          service.revoker().peakConcurrency() <= 4, "" + service.revoker().peakConcurrency());
      long revoked =
          results.stream().filter(r -> r.status() == LogoutResult.Status.REVOKED).count();
      long pending =
          results.stream().filter(r -> r.status() == LogoutResult.Status.PENDING).count();
      assertEquals(200, revoked + pending, "every logout succeeded or is queued, none failed");
      assertEquals(pending, service.retrier().size());
      assertTrue(revoked > 0 && revoked <= 4 * 7, revoked + " revoked");
    } finally {
      service.close();
    }
    long slowest = millis.stream().mapToLong(Long::longValue).max().orElseThrow();
    // Within the 2 s budget and a margin for a loaded machine; 200 calls of 300 ms, 4 at a time,
    // would take 15 s.
    assertTrue(slowest < 4_000, "slowest logout took " + slowest + " ms");
    // A call starts only when one of the 4 before it has ended, 300 ms after it started: in any
    // 100 ms window at most 4 calls can start, with 200 ms left for the emulator's own delays in
    // recording arrivals on a loaded machine.
    List<Instant> starts =
        moonKey.requests(PATH).stream().map(RecordedRequest::receivedAt).sorted().toList();
    for (int i = 0; i < starts.size(); i++) {
      Instant end = starts.get(i).plusMillis(100);
      int inWindow = 1;
      for (int j = i + 1; j < starts.size() && starts.get(j).isBefore(end); j++) {
        inWindow++;
      }
      assertTrue(inWindow <= 4, inWindow + " calls started within 100 ms from call " + i);
    }
  }

  @Test
  void aThousandLogoutsAgainstAnAlways503MoonKeyStayUnderTheDocumentedBound() {
    moonKey.setDefaultReply(Reply.status(503));
    List<Long> millis = new java.util.concurrent.CopyOnWriteArrayList<>();
    LogoutService service =
        service(
            "max-attempts", "3",
            "backoff-initial", "10ms",
            "max-concurrency", "8",
            "breaker-failures", "5",
            "breaker-cooldown", "1h",
            "shutdown-grace", "0ms");
    try {
      List<LogoutResult> results = logoutAll(service, 1000, millis);

      assertTrue(results.stream().allMatch(r -> r.status() == LogoutResult.Status.PENDING));
      assertEquals(1000, service.retrier().size());
      assertEquals("OPEN", service.revoker().breakerState());
      // Documented bound per cool-down: breaker-failures + max-concurrency calls.
      int calls = moonKey.requestCount(PATH);
      assertTrue(calls >= 5 && calls <= 5 + 8, calls + " calls");
    } finally {
      service.close();
    }
    assertTrue(moonKey.requestCount(PATH) <= 13, moonKey.requestCount(PATH) + " calls");
  }

  @Test
  void whileTheBreakerIsOpenALogoutAnswersAtOnceAndIsQueued() throws Exception {
    moonKey.setDefaultReply(Reply.hang());
    LogoutService service =
        service(
            "timeout", "3s",
            "max-attempts", "1",
            "breaker-failures", "1",
            "breaker-cooldown", "1h",
            "backoff-initial", "1m",
            "shutdown-grace", "0ms");
    try {
      LogoutResult first =
          service
              .logout(new FakeRequest().cookie("session_token", "tok_1"))
              .toCompletableFuture()
              .join();
      // The breaker learns of the timed-out call when its thread is aborted, just after the
      // logout's own deadline answered; wait for that rather than race it.
      Await.until(
          Duration.ofSeconds(20),
          () -> service.revoker().breakerState().equals("OPEN"),
          () -> "breaker " + service.revoker().breakerState());
      long start = System.nanoTime();
      LogoutResult second =
          service
              .logout(new FakeRequest().cookie("session_token", "tok_2"))
              .toCompletableFuture()
              .join();
      long took = (System.nanoTime() - start) / 1_000_000;

      assertEquals(LogoutResult.Status.PENDING, first.status());
      assertEquals(LogoutResult.Status.PENDING, second.status());
      // At once: waiting for MoonKey would take the 3 s timeout.
      assertTrue(took < 1_500, "answered in " + took + " ms while open");
      assertEquals(1, moonKey.requestCount(PATH));
      assertEquals(2, service.retrier().size());
    } finally {
      service.close();
    }
  }

  @Test
  void aFullQueueMakesTheLogoutReportFailedNotPending() {
    moonKey.setDefaultReply(Reply.status(503));
    LogoutService service =
        service(
            "max-attempts", "1",
            "pending-capacity", "1",
            "backoff-initial", "1m",
            "shutdown-grace", "0ms");
    try {
      Map<String, LogoutResult.Status> statuses = new ConcurrentHashMap<>();
      for (String token : List.of("tok_1", "tok_2")) {
        statuses.put(
            token,
            service
                .logout(new FakeRequest().cookie("session_token", token))
                .toCompletableFuture()
                .join()
                .status());
      }
      assertEquals(
          Map.of("tok_1", LogoutResult.Status.PENDING, "tok_2", LogoutResult.Status.FAILED),
          statuses);
      assertEquals(1, service.retrier().overflowed());
    } finally {
      service.close();
    }
  }

  @Test
  void closingStopsEveryThreadTheServiceStarted() throws Exception {
    LogoutService service = service("shutdown-grace", "0ms");
    service.logout(new FakeRequest().cookie("session_token", "tok_1")).toCompletableFuture().join();
    service.close();
    // A pool reports termination from its last worker's exit path, a moment before that thread
    // dies: wait for the threads themselves, briefly.
    Await.until(
        Duration.ofSeconds(20),
        () -> MoonKeyThreads.count() == 0,
        () -> "alive: " + MoonKeyThreads.names());
  }
}
