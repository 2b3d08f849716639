package fun.moonkey.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import fun.moonkey.emulator.EmulatedSession;
import fun.moonkey.emulator.MoonKeyEmulator;
import fun.moonkey.emulator.RecordedRequest;
import fun.moonkey.emulator.Reply;
import fun.moonkey.revocation.SessionRevoker;
import fun.moonkey.store.Schema;
import fun.moonkey.testing.Await;
import fun.moonkey.testing.Http;
import fun.moonkey.testing.JettyApp;
import fun.moonkey.testing.LogCapture;
import fun.moonkey.testing.TestJndi;
import fun.moonkey.testing.TestPostgres;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shared pending store under database faults, through the real filter in Jetty with {@code
 * pending-store=jdbc:<name>} on a real PostgreSQL: a logout answers within {@code timeout} + 100 ms
 * whatever the database does, and every revocation it reported pending reaches MoonKey (the
 * emulator) once the fault ends. The DataSource has no timeouts of its own, as an application's
 * pool may be configured: a connection to a frozen server waits as long as it stays frozen.
 */
class SharedStoreLogoutFaultTest {

  private static final String JNDI = "test/moonkey-fault";
  private static final String PENDING = "{\"success\": true, \"revocation\": \"pending\"}";
  private static final long TIMEOUT_MS = 1000;
  private static final long BOUND_MS = TIMEOUT_MS + 100;

  private static TestPostgres postgres;
  private static DataSource dataSource;

  private MoonKeyEmulator moonKey;
  private JettyApp app;
  private LogCapture logs;

  @BeforeAll
  static void startPostgres() throws Exception {
    assumeTrue(TestPostgres.available(), TestPostgres.unavailableReason());
    postgres = TestPostgres.start();
    dataSource = postgres.dataSource();
    TestJndi.install();
    TestJndi.bind(JNDI, postgres.unboundedDataSource());
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    TestJndi.uninstall();
    if (postgres != null) {
      postgres.close();
    }
  }

  @BeforeEach
  void start() {
    logs = LogCapture.at(Level.FINE);
    moonKey = MoonKeyEmulator.start();
  }

  @AfterEach
  void stop() throws Exception {
    if (app != null) {
      app.close();
    }
    moonKey.close();
    logs.close();
  }

  private void startApp(boolean async) throws Exception {
    Map<String, String> params = new HashMap<>();
    params.put("secret-key", moonKey.secretKey());
    params.put("api-url", moonKey.baseUri().toString());
    params.put("logout-path", "/logout");
    params.put("timeout", TIMEOUT_MS + "ms");
    params.put("max-attempts", "1");
    params.put("backoff-initial", "50ms");
    params.put("backoff-max", "200ms");
    params.put("breaker-failures", "1000");
    params.put("pending-store", "jdbc:" + JNDI);
    JettyApp created = JettyApp.create("/app");
    if (!async) {
      created.notAsyncSupported();
    }
    app = created.filter(LogoutFilter.class, "/*", params).start();
    // The first refresh creates the table (on the retrier's own thread).
    Await.until(Duration.ofSeconds(30), SharedStoreLogoutFaultTest::tableExists, () -> "table");
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.executeUpdate("DELETE FROM " + Schema.PENDING);
    }
    // One logout revoked at once, so that the timed ones do not pay the first request's costs.
    EmulatedSession warm = moonKey.createSession("user_warm", "warm@example.com");
    assertEquals(
        200,
        Http.to(app.uri("/logout"))
            .cookie("session_token", warm.token())
            .json()
            .post()
            .statusCode());
  }

  private static boolean tableExists() {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.executeQuery("SELECT id FROM " + Schema.PENDING + " WHERE 1 = 0").close();
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  /** Logs each session out through the filter, checking each answer and its time. */
  private List<EmulatedSession> logoutsDuringTheFault(String fault) throws Exception {
    List<EmulatedSession> sessions = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      EmulatedSession session = moonKey.createSession("user_" + i, i + "@example.com");
      sessions.add(session);
      long start = System.nanoTime();
      HttpResponse<String> response =
          Http.to(app.uri("/logout")).cookie("session_token", session.token()).json().post();
      long took = (System.nanoTime() - start) / 1_000_000;
      System.out.println("measured: " + fault + ", logout answered after " + took + " ms");
      assertEquals(200, response.statusCode());
      assertEquals(PENDING, response.body());
      assertTrue(took <= BOUND_MS, fault + ": answered after " + took + " ms");
    }
    return sessions;
  }

  /** MoonKey back: each session revoked at MoonKey, the table emptied, no token anywhere. */
  private void everyRevocationDelivered(List<EmulatedSession> sessions, int before)
      throws Exception {
    moonKey.setDefaultReply(null);
    Await.until(
        Duration.ofSeconds(60),
        () -> sessions.stream().noneMatch(s -> moonKey.isActive(s.id())),
        () -> moonKey.requests().toString());
    List<RecordedRequest> after =
        moonKey
            .requests(SessionRevoker.DELETE_PATH)
            .subList(before, moonKey.requestCount(SessionRevoker.DELETE_PATH));
    for (EmulatedSession session : sessions) {
      assertTrue(
          after.stream()
              .anyMatch(r -> Map.of("session_token", session.token()).equals(r.jsonBody())),
          session.id() + " revoked after the fault");
    }
    Await.until(Duration.ofSeconds(60), () -> rows() == 0, () -> "rows left: " + rows());
    for (EmulatedSession session : sessions) {
      for (String line : logs.lines()) {
        assertFalse(line.contains(session.token()), line);
      }
    }
  }

  /** Every column of every row, none holding a token. */
  private void noTokenInTheTable(List<EmulatedSession> sessions) throws Exception {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SELECT * FROM " + Schema.PENDING)) {
      while (row.next()) {
        for (int i = 1; i <= row.getMetaData().getColumnCount(); i++) {
          String value = row.getString(i);
          for (EmulatedSession session : sessions) {
            assertFalse(value.contains(session.token()), value);
          }
        }
      }
    }
  }

  private static int rows() {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet count = statement.executeQuery("SELECT COUNT(*) FROM " + Schema.PENDING)) {
      count.next();
      return count.getInt(1);
    } catch (Exception e) {
      return -1;
    }
  }

  @ParameterizedTest(name = "async supported: {0}")
  @ValueSource(booleans = {true, false})
  void aFrozenDatabaseCostsALogoutNothingAndLosesNothing(boolean async) throws Exception {
    startApp(async);
    moonKey.setDefaultReply(Reply.status(503));
    postgres.freeze();
    List<EmulatedSession> sessions;
    int before;
    try {
      sessions = logoutsDuringTheFault("PostgreSQL frozen (SIGSTOP), MoonKey 503");
    } finally {
      postgres.thaw();
    }
    // Moved to the table once it answers again, sealed.
    Await.until(Duration.ofSeconds(60), () -> rows() == 4, () -> "rows: " + rows());
    noTokenInTheTable(sessions);
    before = moonKey.requestCount(SessionRevoker.DELETE_PATH);
    everyRevocationDelivered(sessions, before);
  }

  @ParameterizedTest(name = "async supported: {0}")
  @ValueSource(booleans = {true, false})
  void aDatabaseKilledAndRestartedCostsALogoutNothingAndLosesNothing(boolean async)
      throws Exception {
    startApp(async);
    moonKey.setDefaultReply(Reply.status(503));
    postgres.kill();
    List<EmulatedSession> sessions;
    try {
      sessions = logoutsDuringTheFault("PostgreSQL killed (SIGKILL), MoonKey 503");
    } finally {
      postgres.restart();
    }
    Await.until(Duration.ofSeconds(60), () -> rows() == 4, () -> "rows: " + rows());
    noTokenInTheTable(sessions);
    everyRevocationDelivered(sessions, moonKey.requestCount(SessionRevoker.DELETE_PATH));
  }
}
