package fun.moonkey.revocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fun.moonkey.config.MoonKeyConfig;
import fun.moonkey.credential.Credential;
import fun.moonkey.credential.CredentialType;
import fun.moonkey.emulator.EmulatedSession;
import fun.moonkey.emulator.MoonKeyEmulator;
import fun.moonkey.emulator.RecordedRequest;
import fun.moonkey.emulator.Reply;
import fun.moonkey.test.MoonKeyExtension;
import fun.moonkey.testing.Await;
import fun.moonkey.testing.LogCapture;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link SessionRevoker} against the MoonKey emulator with injected faults: the attempt count and
 * the timings are read at the emulator, where the requests arrived.
 */
class SessionRevokerFaultTest {

  private static final String PATH = SessionRevoker.DELETE_PATH;

  @RegisterExtension final MoonKeyExtension kit = MoonKeyExtension.create();

  private MoonKeyEmulator moonKey;

  @BeforeEach
  void emulator() {
    moonKey = kit.emulator();
  }

  private MoonKeyConfig config(MoonKeyEmulator emulator, String... extra) {
    MoonKeyConfig.Builder builder =
        MoonKeyConfig.builder()
            .secretKey(emulator.secretKey())
            .apiUrl(emulator.baseUri())
            .timeout(Duration.ofSeconds(5))
            .set("backoff-initial", "20ms");
    for (int i = 0; i < extra.length; i += 2) {
      builder.set(extra[i], extra[i + 1]);
    }
    return builder.build();
  }

  private static Credential token(String value) {
    return new Credential(CredentialType.SESSION_TOKEN, value, "test");
  }

  private static Credential id(EmulatedSession session) {
    return new Credential(CredentialType.SESSION_ID, session.id(), "test");
  }

  private static long millisSince(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }

  private static long gapMillis(List<RecordedRequest> requests, int i) {
    return Duration.between(requests.get(i - 1).receivedAt(), requests.get(i).receivedAt())
        .toMillis();
  }

  @Test
  void serverErrors500And502And503ThenSuccessAreRetriedUntilRevoked() {
    EmulatedSession session = moonKey.createSession("user_1", "a@example.com");
    moonKey.enqueue(Reply.status(500), Reply.status(502), Reply.status(503));
    try (SessionRevoker revoker = new SessionRevoker(config(moonKey, "max-attempts", "4"))) {
      RevocationOutcome outcome = revoker.revokeAndWait(id(session));

      assertEquals(new RevocationOutcome.Revoked(200), outcome);
      assertEquals(4, moonKey.requestCount(PATH));
      for (RecordedRequest request : moonKey.requests(PATH)) {
        assertEquals(Map.of("session_id", session.id()), request.jsonBody());
      }
      assertFalse(moonKey.isActive(session.id()));
    }
  }

  @Test
  void aSuccessfulRevocationLogsNothingAtWarningOrAbove() {
    EmulatedSession session = moonKey.createSession("user_1", "a@example.com");
    try (SessionRevoker revoker = new SessionRevoker(config(moonKey))) {
      // The first call initialises Jersey, which warns once about optional modules (jersey-hk2).
      revoker.revokeAndWait(token("tok_warm_up"));
      try (LogCapture logs = LogCapture.at(Level.WARNING)) {
        assertEquals(new RevocationOutcome.Revoked(200), revoker.revokeAndWait(id(session)));
        // Jersey warns on every DELETE that carries a body unless it is set after its check.
        assertEquals(List.of(), logs.lines());
      }
      assertEquals(Map.of("session_id", session.id()), moonKey.requests(PATH).get(1).jsonBody());
    }
  }

  @Test
  void persistent503StopsAtMaxAttemptsWithinTheBudget() {
    moonKey.setDefaultReply(Reply.status(503));
    try (SessionRevoker revoker = new SessionRevoker(config(moonKey, "max-attempts", "3"))) {
      long start = System.nanoTime();
      RevocationOutcome outcome = revoker.revokeAndWait(token("tok_503"));

      assertEquals(
          503, assertInstanceOf(RevocationOutcome.TransientFailure.class, outcome).status());
      assertEquals(3, moonKey.requestCount(PATH));
      assertEquals(3, revoker.calls());
      assertTrue(millisSince(start) < 5_000, millisSince(start) + " ms");
    }
  }

  @Test
  void retryAfterInSecondsIsHonoured() {
    EmulatedSession session = moonKey.createSession("user_1", "a@example.com");
    moonKey.enqueue(Reply.status(429).withHeader("Retry-After", "1"));
    try (SessionRevoker revoker = new SessionRevoker(config(moonKey))) {
      assertEquals(new RevocationOutcome.Revoked(200), revoker.revokeAndWait(id(session)));

      List<RecordedRequest> requests = moonKey.requests(PATH);
      assertEquals(2, requests.size());
      long gap = gapMillis(requests, 1);
      assertTrue(gap >= 950 && gap < 3_000, "gap " + gap + " ms");
    }
  }

  @Test
  void retryAfterAsAnHttpDateIsHonoured() {
    EmulatedSession session = moonKey.createSession("user_1", "a@example.com");
    String inThreeSeconds =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(
            ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(3));
    moonKey.enqueue(Reply.status(503).withHeader("Retry-After", inThreeSeconds));
    try (SessionRevoker revoker = new SessionRevoker(config(moonKey))) {
      assertEquals(new RevocationOutcome.Revoked(200), revoker.revokeAndWait(id(session)));

      List<RecordedRequest> requests = moonKey.requests(PATH);
      assertEquals(2, requests.size());
      // The date has whole seconds: three seconds ahead is between two and three seconds away when
      // written, less whatever the first call took on a loaded machine. Without the date, the
      // retry would follow after the 20 ms backoff.
      long gap = gapMillis(requests, 1);
      assertTrue(gap >= 1_000 && gap < 4_000, "gap " + gap + " ms");
    }
  }

  @Test
  void garbageAndNegativeRetryAfterAreIgnoredForTheBackoff() {
    EmulatedSession session = moonKey.createSession("user_1", "a@example.com");
    moonKey.enqueue(
        Reply.status(429).withHeader("Retry-After", "soon"),
        Reply.status(429).withHeader("Retry-After", "-5"));
    try (SessionRevoker revoker = new SessionRevoker(config(moonKey))) {
      assertEquals(new RevocationOutcome.Revoked(200), revoker.revokeAndWait(id(session)));

      List<RecordedRequest> requests = moonKey.requests(PATH);
      assertEquals(3, requests.size());
      // backoff-initial is 20 ms: the retries follow at once, not after any server-given delay.
      assertTrue(gapMillis(requests, 1) < 900, "gap " + gapMillis(requests, 1));
      assertTrue(gapMillis(requests, 2) < 900, "gap " + gapMillis(requests, 2));
    }
  }

  @Test
  void retryAfterBeyondTheBudgetIsLeftToTheRetrierWithoutWaiting() {
    moonKey.enqueue(Reply.status(503).withHeader("Retry-After", "120"));
    try (SessionRevoker revoker = new SessionRevoker(config(moonKey))) {
      long start = System.nanoTime();
      RevocationOutcome outcome = revoker.revokeAndWait(token("tok_later"));

      RevocationOutcome.TransientFailure failure =
          assertInstanceOf(RevocationOutcome.TransientFailure.class, outcome);
      assertEquals(Optional.of(Duration.ofSeconds(120)), failure.retryAfter());
      assertEquals(1, moonKey.requestCount(PATH));
      // Not after 120 s, nor at the 5 s budget.
      assertTrue(millisSince(start) < 4_000, millisSince(start) + " ms");
    }
  }

  @Test
  void connectionRefusedIsRetriedWithinTheBudget() {
    MoonKeyConfig config = config(moonKey, "max-attempts", "3");
    moonKey.close();
    try (SessionRevoker revoker = new SessionRevoker(config)) {
      long start = System.nanoTime();
      RevocationOutcome outcome = revoker.revokeAndWait(token("tok_refused"));

      RevocationOutcome.TransientFailure failure =
          assertInstanceOf(RevocationOutcome.TransientFailure.class, outcome);
      assertTrue(
          failure.reason().startsWith("HttpHostConnectException: Connect to "), failure.reason());
      assertTrue(failure.reason().endsWith("Connection refused"), failure.reason());
      assertEquals(3, revoker.calls());
      assertTrue(millisSince(start) < 5_000, millisSince(start) + " ms");
    }
  }

  @Test
  void resetBeforeAnyResponseIsRetriedByUsOnlyNeverBelowUs() {
    moonKey.enqueue(Reply.reset(), Reply.reset(), Reply.reset());
    try (SessionRevoker revoker = new SessionRevoker(config(moonKey, "max-attempts", "3"))) {
      RevocationOutcome outcome = revoker.revokeAndWait(token("tok_reset"));

      assertInstanceOf(RevocationOutcome.TransientFailure.class, outcome);
      // Three of our attempts, three requests: the JDK client added no retry of its own.
      assertEquals(3, revoker.calls());
      assertEquals(3, moonKey.requestCount(PATH));
    }
  }

  @Test
  void aHangCannotHoldTheAnswerPastTheBudgetNorAThread() throws Exception {
    moonKey.setDefaultReply(Reply.hang());
    try (SessionRevoker revoker =
        new SessionRevoker(config(moonKey, "timeout", "1s", "max-attempts", "3"))) {
      long start = System.nanoTime();
      RevocationOutcome outcome = revoker.revokeAndWait(token("tok_hang"));
      long took = millisSince(start);

      assertEquals(
          "no answer within 1000 ms",
          assertInstanceOf(RevocationOutcome.TransientFailure.class, outcome).reason());
      System.out.println("measured: hang, timeout 1000 ms, answer after " + took + " ms");
      // Three attempts of a full timeout each would answer after 3 s.
      assertTrue(took >= 950 && took < 2_500, took + " ms");
      assertEquals(1, moonKey.requestCount(PATH));
      awaitNoRevokerThreadInACall();
    }
  }

  @Test
  void aTrickleCannotHoldTheAnswerPastTheBudgetNorAThread() throws Exception {
    moonKey.setDefaultReply(Reply.trickle(503, "x".repeat(100), Duration.ofMillis(100)));
    try (SessionRevoker revoker =
        new SessionRevoker(config(moonKey, "timeout", "1s", "max-attempts", "3"))) {
      long start = System.nanoTime();
      RevocationOutcome outcome = revoker.revokeAndWait(token("tok_trickle"));
      long took = millisSince(start);

      assertInstanceOf(RevocationOutcome.TransientFailure.class, outcome);
      System.out.println("measured: trickle, timeout 1000 ms, answer after " + took + " ms");
      assertTrue(took >= 950 && took < 2_500, took + " ms");
      assertEquals(1, moonKey.requestCount(PATH));
      awaitNoRevokerThreadInACall();
    }
  }

  /** No thread of a revoker is still inside a call (connecting, sending or reading). */
  private static void awaitNoRevokerThreadInACall() throws InterruptedException {
    Await.until(
        Duration.ofSeconds(10),
        () -> revokerThreadsInACall().isEmpty(),
        () -> "threads still in a call: " + revokerThreadsInACall());
  }

  private static List<String> revokerThreadsInACall() {
    return Thread.getAllStackTraces().entrySet().stream()
        .filter(e -> e.getKey().getName().startsWith("moonkey-"))
        .filter(
            e ->
                Arrays.stream(e.getValue())
                    .anyMatch(f -> f.getClassName().equals(SessionRevoker.class.getName())))
        .map(e -> e.getKey().getName())
        .toList();
  }

  @Test
  void aRedirectIsNotFollowedAndTheOtherPortSeesNothing() {
    try (MoonKeyEmulator other = MoonKeyEmulator.start()) {
      moonKey.enqueue(
          Reply.status(301).withHeader("Location", other.baseUri() + PATH),
          Reply.status(307).withHeader("Location", other.baseUri() + PATH));
      try (SessionRevoker revoker = new SessionRevoker(config(moonKey))) {
        assertEquals(
            new RevocationOutcome.Rejected(301, null), revoker.revokeAndWait(token("tok_301")));
        assertEquals(
            new RevocationOutcome.Rejected(307, null), revoker.revokeAndWait(token("tok_307")));
      }
      assertEquals(2, moonKey.requestCount(PATH));
      assertEquals(List.of(), other.requests());
    }
  }

  @Test
  void invalidJsonBodiesAreReadDefensively() {
    moonKey.enqueue(Reply.json(400, "{\"error_type\": "), Reply.json(200, "not json at all"));
    try (SessionRevoker revoker = new SessionRevoker(config(moonKey))) {
      assertEquals(
          new RevocationOutcome.Rejected(400, null), revoker.revokeAndWait(token("tok_a")));
      assertEquals(new RevocationOutcome.Revoked(200), revoker.revokeAndWait(token("tok_b")));
      assertEquals(2, moonKey.requestCount(PATH));
    }
  }

  @Test
  void aTenMegabyteErrorBodyIsNotRead() {
    moonKey.enqueue(Reply.largeBody(400, 10_000_000));
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    try (SessionRevoker revoker = new SessionRevoker(config(moonKey))) {
      revoker.revokeAndWait(token("tok_warm"));
      moonKey.reset();
      moonKey.enqueue(Reply.largeBody(400, 10_000_000));
      long before = allocated(threads);
      RevocationOutcome outcome = revoker.revokeAndWait(token("tok_large"));
      long allocated = allocated(threads) - before;

      assertEquals(new RevocationOutcome.Rejected(400, null), outcome);
      assertEquals(1, moonKey.requestCount(PATH));
      assertTrue(allocated < 4_000_000, "allocated " + allocated + " bytes");
    }
  }

  private static long allocated(com.sun.management.ThreadMXBean threads) {
    long[] ids = threads.getAllThreadIds();
    return Arrays.stream(threads.getThreadAllocatedBytes(ids)).filter(b -> b > 0).sum();
  }

  @Test
  void tlsWithATrustedSelfSignedCertificateRevokes() {
    try (MoonKeyEmulator https = MoonKeyEmulator.builder().https(true).build()) {
      EmulatedSession session = https.createSession("user_1", "a@example.com");
      SSLContext trust = https.clientSslContext();
      try (SessionRevoker revoker = new SessionRevoker(config(https), trust)) {
        assertEquals(new RevocationOutcome.Revoked(200), revoker.revokeAndWait(id(session)));
      }
      assertEquals(1, https.requestCount(PATH));
      assertTrue(https.baseUri().toString().startsWith("https://"));
    }
  }

  @Test
  void anUntrustedCertificateIsATlsFailureNotRetriedAndNeverSentInTheClear() {
    try (MoonKeyEmulator https = MoonKeyEmulator.builder().https(true).build()) {
      try (SessionRevoker revoker =
          new SessionRevoker(config(https, "max-attempts", "5", "breaker-failures", "1"))) {
        RevocationOutcome outcome = revoker.revokeAndWait(token("tok_tls"));

        assertInstanceOf(RevocationOutcome.TlsFailure.class, outcome);
        assertFalse(outcome.isRetryable());
        assertEquals(1, revoker.calls());
        // A TLS failure is not a transient one: the breaker stays closed.
        assertEquals("CLOSED", revoker.breakerState());
      }
      // Nothing reached the emulator's HTTP layer: no request went over plain http instead.
      assertEquals(List.of(), https.requests());
    }
  }

  @Test
  void anErrorFromTheNetworkCompletesAtOnceAsATypedFailureLoggedOnceWithItsCause()
      throws Exception {
    EmulatedSession session = moonKey.createSession("user_1", "a@example.com");
    AtomicBoolean broken = new AtomicBoolean(true);
    List<Throwable> uncaught = new CopyOnWriteArrayList<>();
    Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
    Thread.setDefaultUncaughtExceptionHandler((thread, e) -> uncaught.add(e));
    try (LogCapture logs = LogCapture.at(Level.WARNING);
        SessionRevoker revoker =
            new SessionRevoker(
                config(moonKey, "max-attempts", "1"),
                null,
                Clock.systemUTC(),
                System::nanoTime,
                () -> 0.5,
                network ->
                    (request, body) -> {
                      if (broken.get()) {
                        throw new NoClassDefFoundError(
                            "org/example/MissingConnector (wrong name: " + session.token() + ")");
                      }
                      return network.send(request, body);
                    })) {
      long start = System.nanoTime();
      RevocationOutcome outcome = revoker.revokeAndWait(token(session.token()));
      long took = millisSince(start);

      RevocationOutcome.TransientFailure failure =
          assertInstanceOf(RevocationOutcome.TransientFailure.class, outcome);
      assertEquals(
          "NoClassDefFoundError: org/example/MissingConnector (wrong name: ****)",
          failure.reason());
      assertInstanceOf(NoClassDefFoundError.class, failure.cause());
      // At once, not at the 5 s deadline.
      assertTrue(took < 2_500, took + " ms");
      List<String> lines = logs.lines();
      assertEquals(1, lines.size(), String.join("\n", lines));
      assertTrue(lines.get(0).contains("NoClassDefFoundError: org/example/MissingConnector"));
      assertFalse(lines.get(0).contains(session.token()), lines.get(0));
      assertEquals(0, moonKey.requestCount(PATH));

      // The worker survived: the next revocation goes out and succeeds.
      broken.set(false);
      assertEquals(new RevocationOutcome.Revoked(200), revoker.revokeAndWait(id(session)));
      assertEquals(1, moonKey.requestCount(PATH));
    } finally {
      Thread.setDefaultUncaughtExceptionHandler(previous);
    }
    assertEquals(List.of(), uncaught);
  }
}
