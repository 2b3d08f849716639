package fun.moonkey.logout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fun.moonkey.answer.LogoutResult;
import fun.moonkey.answer.LogoutSummary;
import fun.moonkey.config.MoonKeyConfig;
import fun.moonkey.credential.Credential;
import fun.moonkey.credential.CredentialType;
import fun.moonkey.emulator.EmulatedSession;
import fun.moonkey.emulator.MoonKeyEmulator;
import fun.moonkey.emulator.Reply;
import fun.moonkey.event.Trigger;
import fun.moonkey.revocation.RevocationOutcome;
import fun.moonkey.revocation.SessionRevoker;
import fun.moonkey.testing.Await;
import fun.moonkey.testing.LogCapture;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The one line each logout leaves: its words and level for every outcome, and, through a real
 * {@link LogoutService} against the emulator, that a logout is exactly one line at INFO and above
 * (and one more when the retrier delivers), with hashes and never a token, while the calls' detail
 * is at DEBUG.
 */
class LogoutLogTest {

  private static final String LOGGER = "fun.moonkey.logout.LogoutLog";
  private static final Credential TOKEN =
      new Credential(CredentialType.SESSION_TOKEN, "tok_secret_1", "cookie 'session_token'");
  private static final String HASH = TOKEN.hash();
  private static final Duration MS_84 = Duration.ofMillis(84);

  private MoonKeyEmulator moonKey;

  @BeforeEach
  void start() {
    moonKey = MoonKeyEmulator.start();
  }

  @AfterEach
  void stop() {
    moonKey.close();
  }

  private static LogoutSummary one(
      RevocationOutcome outcome, int revoked, int pending, int failed) {
    return LogoutSummary.of(Map.of(TOKEN, outcome), revoked, pending, failed);
  }

  @Test
  void aRevokedSessionIsOneInfoLineWithItsHashTimeAndStatus() {
    LogoutSummary summary = one(new RevocationOutcome.Revoked(200), 1, 0, 0);
    assertEquals(
        "Logout: " + HASH + " revoked at MoonKey in 84 ms (HTTP 200)",
        LogoutLog.line(Trigger.USER, summary, MS_84));
    assertEquals(Level.INFO, LogoutLog.level(Trigger.USER, summary));
  }

  @Test
  void anAlreadyGoneSessionIsInfo() {
    LogoutSummary summary = one(new RevocationOutcome.AlreadyGone(), 1, 0, 0);
    assertEquals(
        "Session end: " + HASH + " already gone at MoonKey in 84 ms (HTTP 404)",
        LogoutLog.line(Trigger.SESSION_EXPIRED, summary, MS_84));
    assertEquals(Level.INFO, LogoutLog.level(Trigger.SESSION_EXPIRED, summary));
  }

  @Test
  void aPendingRevocationSaysWhyAndThatTheRetrierHasIt() {
    LogoutSummary unreachable =
        one(
            new RevocationOutcome.TransientFailure(0, "ConnectException", Optional.empty(), null),
            0,
            1,
            0);
    assertEquals(
        "Logout: "
            + HASH
            + " pending after 84 ms: MoonKey could not be reached (ConnectException); retrying in"
            + " the background",
        LogoutLog.line(Trigger.USER, unreachable, MS_84));
    assertEquals(Level.INFO, LogoutLog.level(Trigger.USER, unreachable));
    LogoutSummary answered =
        one(
            new RevocationOutcome.TransientFailure(503, "HTTP 503", Optional.empty(), null),
            0,
            1,
            0);
    assertEquals(
        "Logout: "
            + HASH
            + " pending after 84 ms: MoonKey answered HTTP 503; retrying in the background",
        LogoutLog.line(Trigger.USER, answered, MS_84));
  }

  @Test
  void aTransientFailureTheRetrierRefusedIsAWarning() {
    LogoutSummary summary =
        one(
            new RevocationOutcome.TransientFailure(503, "HTTP 503", Optional.empty(), null),
            0,
            0,
            1);
    assertEquals(
        "Logout: "
            + HASH
            + " failed after 84 ms: MoonKey answered HTTP 503, and the retrier could not queue it",
        LogoutLog.line(Trigger.USER, summary, MS_84));
    assertEquals(Level.WARNING, LogoutLog.level(Trigger.USER, summary));
  }

  @Test
  void aRejectedRevocationIsAWarningWithMoonKeysErrorTypeEscaped() {
    LogoutSummary summary =
        one(new RevocationOutcome.Rejected(422, "validation\r\nerror"), 0, 0, 1);
    assertEquals(
        "Logout: "
            + HASH
            + " failed: MoonKey rejected it (HTTP 422 (validation\\u000d\\u000aerror)); not retried",
        LogoutLog.line(Trigger.USER, summary, MS_84));
    assertEquals(Level.WARNING, LogoutLog.level(Trigger.USER, summary));
  }

  @Test
  void aRefusedSecretKeyIsAnErrorNamingTheSetting() {
    LogoutSummary summary = one(new RevocationOutcome.Unauthorised(401), 0, 0, 1);
    assertEquals(
        "Logout: "
            + HASH
            + " failed: MoonKey refused the secret key (HTTP 401): check the setting"
            + " moonkey.secret-key (environment variable MOONKEY_SECRET_KEY)",
        LogoutLog.line(Trigger.USER, summary, MS_84));
    assertEquals(Level.ERROR, LogoutLog.level(Trigger.USER, summary));
  }

  @Test
  void aListThatFailedIsAWarningAndARefusedKeyAnErrorNamingTheSetting() {
    try (LogCapture logs = LogCapture.at(java.util.logging.Level.INFO)) {
      LogoutLog.listFailed("a user", new RevocationOutcome.Unauthorised(403));
      LogoutLog.listFailed(
          "user_id#1a2b3c4d",
          new RevocationOutcome.TransientFailure(503, "HTTP 503", Optional.empty(), null));

      assertEquals(
          List.of(
              "Could not list the sessions of a user: MoonKey refused the secret key (HTTP 403):"
                  + " check the setting moonkey.secret-key (environment variable"
                  + " MOONKEY_SECRET_KEY)"),
          logs.messages(LOGGER, java.util.logging.Level.SEVERE));
      assertEquals(
          List.of("Could not list the sessions of user_id#1a2b3c4d: HTTP 503"),
          logs.messages(LOGGER, java.util.logging.Level.WARNING));
    }
  }

  @Test
  void severalSessionsAreOneLineWithCountsAndEachHash() {
    Credential a = new Credential(CredentialType.SESSION_ID, "sess_a", "MoonKey's session list");
    Credential b = new Credential(CredentialType.SESSION_ID, "sess_b", "MoonKey's session list");
    Map<Credential, RevocationOutcome> outcomes = new LinkedHashMap<>();
    outcomes.put(a, new RevocationOutcome.Revoked(200));
    outcomes.put(
        b, new RevocationOutcome.TransientFailure(503, "HTTP 503", Optional.empty(), null));
    LogoutSummary summary = LogoutSummary.of(outcomes, 1, 1, 0);
    String first = a.hash().compareTo(b.hash()) < 0 ? a.hash() : b.hash();
    String line = LogoutLog.line(Trigger.EVERYWHERE, summary, MS_84);
    assertTrue(
        line.startsWith(
            "Logout everywhere: 2 sessions at MoonKey in 84 ms: 1 revoked, 1 pending, 0 failed ("
                + first
                + " "),
        line);
    assertTrue(line.contains(a.hash() + " revoked (HTTP 200)"), line);
    assertTrue(line.contains(b.hash() + " pending: MoonKey answered HTTP 503"), line);
    assertEquals(Level.INFO, LogoutLog.level(Trigger.EVERYWHERE, summary));
  }

  @Test
  void aLogoutWithoutAMoonKeySessionIsDebug() {
    assertEquals(
        "Logout: no MoonKey session to revoke",
        LogoutLog.line(Trigger.USER, LogoutSummary.none(), MS_84));
    assertEquals(Level.DEBUG, LogoutLog.level(Trigger.USER, LogoutSummary.none()));
    assertEquals(Level.DEBUG, LogoutLog.level(Trigger.EVERYWHERE, LogoutSummary.none()));
    assertEquals(Level.DEBUG, LogoutLog.level(Trigger.SESSION_EXPIRED, LogoutSummary.none()));
  }

  private LogoutService service() {
    MoonKeyConfig config =
        MoonKeyConfig.builder()
            .secretKey(moonKey.secretKey())
            .apiUrl(moonKey.baseUri())
            .set("max-attempts", "3")
            .set("backoff-initial", "10ms")
            .set("backoff-max", "20ms")
            .set("pending-store", "memory")
            .set("shutdown-grace", "0ms")
            .build();
    return LogoutService.start(config);
  }

  private static LogoutResult logout(LogoutService service, String token) {
    return service
        .logout(new FakeRequest().cookie("session_token", token))
        .toCompletableFuture()
        .join();
  }

  private static String hashOf(String token) {
    return "session_token#" + Credential.hashOf(token);
  }

  @Test
  void throughTheServiceEachLogoutIsOneLineAtInfoAndTheRetriesStayAtDebug()
      throws InterruptedException {
    EmulatedSession revoked = moonKey.createSession("user_1", "a@example.com");
    EmulatedSession pending = moonKey.createSession("user_2", "b@example.com");
    LogoutService service = service();
    try (LogCapture info = LogCapture.at(java.util.logging.Level.INFO)) {
      logout(service, revoked.token());
      moonKey.enqueue(Reply.json(400, "{\"error_type\":\"invalid_request\"}"));
      logout(service, "tok_refused");
      // The logout's three attempts fail; the retrier's first one finds MoonKey back.
      moonKey.enqueue(Reply.status(503), Reply.status(503), Reply.status(503));
      int before = moonKey.requestCount(SessionRevoker.DELETE_PATH);
      assertEquals(LogoutResult.Status.PENDING, logout(service, pending.token()).status());
      Await.until(
          Duration.ofSeconds(10),
          () -> service.retrier().delivered() == 1,
          () -> service.retrier().toString());
      // Counted once the retrier is done: its first attempt may start before the logout returns.
      int calls = moonKey.requestCount(SessionRevoker.DELETE_PATH) - before;

      List<String> lines = info.lines();
      assertEquals(4, lines.size(), String.join("\n", lines));
      assertTrue(
          lines
              .get(0)
              .matches(
                  LOGGER
                      + " INFO Logout: "
                      + hashOf(revoked.token())
                      + " revoked at MoonKey in \\d+ ms \\(HTTP 200\\)"),
          lines.get(0));
      assertEquals(
          LOGGER
              + " WARNING Logout: "
              + hashOf("tok_refused")
              + " failed: MoonKey rejected it (HTTP 400 (invalid_request)); not retried",
          lines.get(1));
      assertTrue(
          lines
              .get(2)
              .matches(
                  LOGGER
                      + " INFO Logout: "
                      + hashOf(pending.token())
                      + " pending after \\d+ ms: MoonKey answered HTTP 503; retrying in the"
                      + " background"),
          lines.get(2));
      assertEquals(
          4, calls, "the logout's three attempts, logged as one line, and the retrier's one");
      assertEquals(
          "fun.moonkey.store.RevocationRetrier INFO Pending revocation of "
              + hashOf(pending.token())
              + " delivered to MoonKey after 1 background attempt(s)",
          lines.get(3));
      for (String line : lines) {
        assertFalse(line.contains(revoked.token()) || line.contains(pending.token()), line);
        assertFalse(line.contains("tok_refused"), line);
      }
    } finally {
      service.close();
    }
  }

  @Test
  void atDebugEachCallAndEachRetryHasItsOwnLine() {
    EmulatedSession session = moonKey.createSession("user_1", "a@example.com");
    LogoutService service = service();
    try (LogCapture debug = LogCapture.at(java.util.logging.Level.FINE)) {
      moonKey.enqueue(Reply.status(503));
      assertEquals(LogoutResult.Status.REVOKED, logout(service, session.token()).status());

      String hash = hashOf(session.token());
      List<String> revoker =
          debug.messages(SessionRevoker.class.getName(), java.util.logging.Level.FINE);
      assertEquals(2, revoker.size(), String.join("\n", debug.lines()));
      assertTrue(revoker.get(0).startsWith("Retrying the revocation of " + hash + " in "));
      assertTrue(revoker.get(0).endsWith(" ms after HTTP 503"), revoker.get(0));
      assertTrue(
          revoker.get(1).matches("Revoked " + hash + " at MoonKey in \\d+ ms \\(HTTP 200\\)"),
          revoker.get(1));
      assertEquals(
          1, debug.messages(LOGGER, java.util.logging.Level.INFO).size(), debug.lines().toString());
      assertFalse(String.join("\n", debug.lines()).contains(session.token()));
    } finally {
      service.close();
    }
  }
}
