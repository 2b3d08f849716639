package fun.moonkey.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import fun.moonkey.answer.LogoutResult;
import fun.moonkey.config.MoonKeyConfig;
import fun.moonkey.credential.Credential;
import fun.moonkey.credential.CredentialType;
import fun.moonkey.emulator.EmulatedSession;
import fun.moonkey.emulator.MoonKeyEmulator;
import fun.moonkey.emulator.RecordedRequest;
import fun.moonkey.emulator.Reply;
import fun.moonkey.event.LogoutEvents;
import fun.moonkey.logout.FakeRequest;
import fun.moonkey.logout.LogoutService;
import fun.moonkey.revocation.SessionRevoker;
import fun.moonkey.testing.Await;
import fun.moonkey.testing.LogCapture;
import fun.moonkey.testing.TestPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rotating the secret key with revocations pending, MoonKey down: they were queued under the old
 * key, the application restarts with the new one, MoonKey comes back. The emulator accepts only the
 * new key, so a revocation sent with the old one would be refused (401) and given up. For each
 * store: (a) the logouts during the outage answer within their bound, (b) every revocation reported
 * pending reaches the emulator with the new key, (c) no store holds a token in clear or in base64.
 */
class KeyRotationFaultTest {

  private static final String OLD_KEY = "sk_test_before_rotation";
  private static final String NEW_KEY = "sk_test_after_rotation";
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  /** A logout, and the queueing on its path, answer within its budget plus 100 ms. */
  private static final Duration ANSWER_BOUND = TIMEOUT.plusMillis(100);

  private static final Duration DELIVERY = Duration.ofSeconds(30);

  @TempDir Path dir;

  /** Every log line of the test, DEBUG included: no token may show there either. */
  private LogCapture log;

  @BeforeEach
  void captureTheLog() {
    log = LogCapture.at(Level.FINE);
  }

  @AfterEach
  void stopCapturing() {
    log.close();
  }

  private static MoonKeyConfig config(MoonKeyEmulator moonKey, String key, String... extra) {
    MoonKeyConfig.Builder builder =
        MoonKeyConfig.builder()
            .secretKey(key)
            .apiUrl(moonKey.baseUri())
            .timeout(TIMEOUT)
            .set("max-attempts", "1")
            .set("backoff-initial", "1m")
            .set("shutdown-grace", "0ms");
    for (int i = 0; i < extra.length; i += 2) {
      builder.set(extra[i], extra[i + 1]);
    }
    return builder.build();
  }

  private static MoonKeyEmulator newKeyOnly() {
    return MoonKeyEmulator.builder().secretKey(NEW_KEY).build();
  }

  private static LogoutService start(MoonKeyConfig config, Path work) {
    return LogoutService.start(config, null, LogoutEvents.none(), work);
  }

  /** Logs three sessions out while MoonKey is down, under the old key; each answers in time. */
  private static List<EmulatedSession> queueUnderTheOldKey(
      MoonKeyEmulator moonKey, MoonKeyConfig config, Path work) throws Exception {
    moonKey.setDefaultReply(Reply.status(503));
    List<EmulatedSession> pending = new ArrayList<>();
    try (LogoutService service = start(config, work)) {
      for (int i = 0; i < 3; i++) {
        EmulatedSession session = moonKey.createSession("user_" + i, i + "@example.com");
        LogoutResult result =
            service
                .logout(new FakeRequest().cookie("session_token", session.token()))
                .toCompletableFuture()
                .get(ANSWER_BOUND.toMillis(), TimeUnit.MILLISECONDS);
        assertEquals(LogoutResult.Status.PENDING, result.status());
        pending.add(session);
      }
    }
    moonKey.reset();
    moonKey.setDefaultReply(null); // MoonKey is back
    return pending;
  }

  private static void awaitDelivered(LogoutService service, MoonKeyEmulator moonKey, int count)
      throws InterruptedException {
    Await.until(
        DELIVERY,
        () -> service.retrier().delivered() == count,
        () -> service.retrier() + " " + moonKey.requests());
  }

  /** Every DELETE the emulator received since its reset carried the new key. */
  private static void assertSentWithTheNewKey(MoonKeyEmulator moonKey, int count) {
    List<RecordedRequest> deletes = moonKey.requests(SessionRevoker.DELETE_PATH);
    assertEquals(count, deletes.size(), deletes.toString());
    for (RecordedRequest delete : deletes) {
      assertEquals("Bearer " + NEW_KEY, delete.header("Authorization"));
    }
  }

  /** No file under {@code root} nor the log holds a token, in clear or in base64. */
  private void assertNoTokenUnder(Path root, List<EmulatedSession> sessions) throws IOException {
    assertNoTokenInLog(sessions);
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        for (EmulatedSession session : sessions) {
          CredentialTraces.assertNoneIn(file, session.token());
        }
      }
    }
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void theWorkDirectorysSlotsOfTheOldKeyAreDeliveredWithTheNewKeyAndEmptied() throws Exception {
    Path work = dir.resolve("work");
    try (MoonKeyEmulator moonKey = newKeyOnly()) {
      List<EmulatedSession> pending = queueUnderTheOldKey(moonKey, config(moonKey, OLD_KEY), work);
      Path oldSlot =
          work.resolve(WorkDirectoryStore.DIRECTORY)
              .resolve(ProjectId.of(moonKey.baseUri(), OLD_KEY) + "-1")
              .resolve(PendingJournal.FILE);
      assertNoTokenUnder(work, pending);

      MoonKeyConfig rotated = config(moonKey, NEW_KEY, "previous-secret-key", OLD_KEY);
      try (LogoutService service = start(rotated, work)) {
        awaitDelivered(service, moonKey, pending.size());
      }
      Deliveries.assertDelivered(moonKey, pending);
      assertSentWithTheNewKey(moonKey, pending.size());
      assertEquals(0, Files.size(oldSlot), "the old key's slot is emptied");
      assertNoTokenUnder(work, pending);
    }
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void withoutThePreviousKeyTheStartWarnsAndKeepsThemUntilTheSettingIsAdded() throws Exception {
    Path work = dir.resolve("work");
    try (MoonKeyEmulator moonKey = newKeyOnly()) {
      List<EmulatedSession> pending = queueUnderTheOldKey(moonKey, config(moonKey, OLD_KEY), work);

      try (LogCapture log = LogCapture.at(Level.WARNING);
          LogoutService service = start(config(moonKey, NEW_KEY), work)) {
        assertEquals(
            List.of(
                "3 pending revocation(s) in "
                    + work.resolve(WorkDirectoryStore.DIRECTORY)
                    + " were queued under another secret key (or for another MoonKey project) and"
                    + " no running client delivers them; if the secret key was rotated, set"
                    + " previous-secret-key to the old key so that this client delivers them"),
            log.messages(RotationWarning.class.getName(), Level.WARNING));
        assertEquals(0, service.retrier().size());
      }
      assertEquals(0, moonKey.requestCount(SessionRevoker.DELETE_PATH), "nothing sent");

      try (LogoutService service =
          start(config(moonKey, NEW_KEY, "previous-secret-key", OLD_KEY), work)) {
        awaitDelivered(service, moonKey, pending.size());
      }
      Deliveries.assertDelivered(moonKey, pending);
      assertSentWithTheNewKey(moonKey, pending.size());
      assertNoTokenUnder(work, pending);
    }
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void aPendingStoreDirectoryOfTheOldKeyIsDeliveredWithTheNewKeyOnceThePreviousKeyIsSet()
      throws Exception {
    Path store = dir.resolve("pending");
    try (MoonKeyEmulator moonKey = newKeyOnly()) {
      List<EmulatedSession> pending =
          queueUnderTheOldKey(
              moonKey, config(moonKey, OLD_KEY, "pending-store", store.toString()), null);

      try (LogCapture log = LogCapture.at(Level.WARNING);
          LogoutService service =
              start(config(moonKey, NEW_KEY, "pending-store", store.toString()), null)) {
        assertEquals(
            List.of(
                "pending-store "
                    + store
                    + ": 3 pending revocation(s) sealed with another secret key are kept but"
                    + " cannot be delivered; if the secret key was rotated, set"
                    + " previous-secret-key to the old key"),
            log.messages(PendingJournal.class.getName(), Level.WARNING));
        assertEquals(0, service.retrier().size());
      }
      assertEquals(0, moonKey.requestCount(SessionRevoker.DELETE_PATH), "nothing sent");

      MoonKeyConfig rotated =
          config(
              moonKey, NEW_KEY, "pending-store", store.toString(), "previous-secret-key", OLD_KEY);
      try (LogoutService service = start(rotated, null)) {
        awaitDelivered(service, moonKey, pending.size());
      }
      Deliveries.assertDelivered(moonKey, pending);
      assertSentWithTheNewKey(moonKey, pending.size());
      assertNoTokenUnder(store, pending);
    }
  }

  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void theSharedTablesRowsOfTheOldKeyAreDeliveredWithTheNewKey() throws Exception {
    assumeTrue(TestPostgres.available(), TestPostgres.unavailableReason());
    TestPostgres postgres = TestPostgres.start();
    try (MoonKeyEmulator moonKey = newKeyOnly()) {
      DataSource dataSource = postgres.dataSource();
      moonKey.setDefaultReply(Reply.status(503));
      MoonKeyConfig before = config(moonKey, OLD_KEY);
      List<EmulatedSession> pending = new ArrayList<>();
      JdbcPendingStore oldNode = table(dataSource, moonKey, OLD_KEY);
      oldNode.createTableIfMissing();
      try (SessionRevoker revoker = new SessionRevoker(before);
          RevocationRetrier retrier = retrier(before, revoker, oldNode)) {
        for (int i = 0; i < 3; i++) {
          EmulatedSession session = moonKey.createSession("user_" + i, i + "@example.com");
          Credential credential =
              new Credential(CredentialType.SESSION_TOKEN, session.token(), "cookie");
          assertTrue(
              CompletableFuture.supplyAsync(() -> retrier.enqueue(credential))
                  .get(ANSWER_BOUND.toMillis(), TimeUnit.MILLISECONDS));
          pending.add(session);
        }
      } // the old node stops: its leases are released
      assertNoTokenInTable(dataSource, pending);
      moonKey.reset();
      moonKey.setDefaultReply(null);

      // Without the previous key: the table as it is, and a WARNING with the count.
      try (LogCapture log = LogCapture.at(Level.WARNING)) {
        JdbcPendingStore newNode = table(dataSource, moonKey, NEW_KEY);
        assertEquals(List.of(), newNode.pending());
        assertEquals(
            List.of(
                "3 pending revocation(s) in moonkey_pending were queued under another secret key"
                    + " (or for another MoonKey project) and no running client delivers them; if"
                    + " the secret key was rotated, set previous-secret-key to the old key so that"
                    + " this client delivers them"),
            log.messages(RotationWarning.class.getName(), Level.WARNING));
      }

      MoonKeyConfig after = config(moonKey, NEW_KEY, "previous-secret-key", OLD_KEY);
      try (SessionRevoker revoker = new SessionRevoker(after);
          RevocationRetrier retrier =
              retrier(
                  after,
                  revoker,
                  new JdbcPendingStore(
                      dataSource,
                      ProjectId.of(moonKey.baseUri(), NEW_KEY),
                      new Sealer(NEW_KEY),
                      PendingStores.LEASE,
                      Clock.systemUTC(),
                      new JdbcPendingStore.PreviousKey(
                          ProjectId.of(moonKey.baseUri(), OLD_KEY), new Sealer(OLD_KEY))))) {
        Await.until(
            DELIVERY,
            () -> retrier.delivered() == pending.size(),
            () -> retrier + " " + moonKey.requests());
      }
      Deliveries.assertDelivered(moonKey, pending);
      assertSentWithTheNewKey(moonKey, pending.size());
      assertEquals(0, rows(dataSource), "delivered rows are deleted");
      assertNoTokenInLog(pending);
    } finally {
      postgres.close();
    }
  }

  private static JdbcPendingStore table(
      DataSource dataSource, MoonKeyEmulator moonKey, String key) {
    return new JdbcPendingStore(
        dataSource,
        ProjectId.of(moonKey.baseUri(), key),
        new Sealer(key),
        PendingStores.LEASE,
        Clock.systemUTC());
  }

  private static RevocationRetrier retrier(
      MoonKeyConfig config, SessionRevoker revoker, PendingStore store) {
    return new RevocationRetrier(
        config.reliability(),
        revoker::revokeOnce,
        revoker.backoff(),
        revoker::untilBreakerTrial,
        Clock.systemUTC(),
        store);
  }

  private static int rows(DataSource dataSource) throws Exception {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet count =
            statement.executeQuery("SELECT COUNT(*) FROM " + JdbcPendingStore.TABLE)) {
      count.next();
      return count.getInt(1);
    }
  }

  private void assertNoTokenInLog(List<EmulatedSession> sessions) {
    List<String> lines = log.lines();
    for (EmulatedSession session : sessions) {
      CredentialTraces.assertNoneInLog(lines, session.token());
    }
  }

  /** No column of the table nor the log holds a token, in clear or in base64. */
  private void assertNoTokenInTable(DataSource dataSource, List<EmulatedSession> sessions)
      throws Exception {
    assertNoTokenInLog(sessions);
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT * FROM " + JdbcPendingStore.TABLE)) {
      int columns = rows.getMetaData().getColumnCount();
      while (rows.next()) {
        for (int i = 1; i <= columns; i++) {
          String value = rows.getString(i);
          for (EmulatedSession session : sessions) {
            for (String form : CredentialTraces.forms(session.token())) {
              assertFalse(value.contains(form), value);
            }
          }
        }
      }
    }
  }
}
