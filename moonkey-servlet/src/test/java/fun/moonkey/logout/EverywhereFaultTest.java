package fun.moonkey.logout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import fun.moonkey.emulator.EmulatedSession;
import fun.moonkey.emulator.MoonKeyEmulator;
import fun.moonkey.emulator.Reply;
import fun.moonkey.revocation.SessionRevoker;
import fun.moonkey.servlet.LogoutFilter;
import fun.moonkey.store.Schema;
import fun.moonkey.testing.Await;
import fun.moonkey.testing.Http;
import fun.moonkey.testing.JettyApp;
import fun.moonkey.testing.LogCapture;
import fun.moonkey.testing.TestJndi;
import fun.moonkey.testing.TestPostgres;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Log out everywhere" when MoonKey cannot list the user's sessions now (verify or list answering
 * 503, the circuit breaker open): the answer comes within {@code timeout} and says the others are
 * pending, the local logout is done, and once MoonKey is healthy the retrier revokes every session
 * of the user at the emulator: also after a restart (the item in the work directory's journal) and
 * from another node (the item in the shared table on a real PostgreSQL).
 */
class EverywhereFaultTest {

  private static final long TIMEOUT_MS = 1000;
  private static final long BOUND_MS = TIMEOUT_MS + 100;
  private static final String ALL_PENDING =
      "{\"success\": true, \"others\": \"pending\", \"revoked\": 0, \"pending\": 1,"
          + " \"failed\": 0}";

  private MoonKeyEmulator moonKey;
  private final List<JettyApp> apps = new ArrayList<>();
  private EmulatedSession a;
  private EmulatedSession b;
  private EmulatedSession c;
  private EmulatedSession otherUser;
  private LogCapture logs;

  @TempDir Path workDirectory;

  @BeforeEach
  void start() {
    logs = LogCapture.at(Level.FINE);
    moonKey = MoonKeyEmulator.start();
    a = moonKey.createSession("user_1", "a@example.com");
    b = moonKey.createSession("user_1", "a@example.com");
    c = moonKey.createSession("user_1", "a@example.com");
    otherUser = moonKey.createSession("user_2", "b@example.com");
  }

  @AfterEach
  void stop() {
    apps.forEach(JettyApp::close);
    moonKey.close();
    logs.close();
  }

  private JettyApp startApp(Map<String, String> extra) throws Exception {
    Map<String, String> params = new HashMap<>();
    params.put("secret-key", moonKey.secretKey());
    params.put("api-url", moonKey.baseUri().toString());
    params.put("logout-path", "/logout");
    params.put("scopes", "all,others");
    params.put("timeout", TIMEOUT_MS + "ms");
    params.put("max-attempts", "1");
    params.put("backoff-initial", "20ms");
    params.put("backoff-max", "200ms");
    params.put("enforce-revocations", "true");
    params.putAll(extra);
    JettyApp app = JettyApp.create("/app");
    app.context().setTempDirectory(workDirectory.toFile());
    app.context().setTempDirectoryPersistent(true);
    app.filter(LogoutFilter.class, "/*", params).start();
    apps.add(app);
    return app;
  }

  private static String signIn(JettyApp app, EmulatedSession session) throws Exception {
    return Http.sessionCookie(
        Http.to(app.uri("/signin?token=" + session.token() + "&id=" + session.id())).get());
  }

  /** Signs in keeping MoonKey's user id in the session, as {@code user-id-attribute} names it. */
  private static String signInAs(JettyApp app, EmulatedSession session, String user)
      throws Exception {
    return Http.sessionCookie(
        Http.to(
                app.uri(
                    "/signin?token=" + session.token() + "&id=" + session.id() + "&user=" + user))
            .get());
  }

  private static int whoami(JettyApp app, String jsessionId) throws Exception {
    return Http.to(app.uri("/whoami")).cookie("JSESSIONID", jsessionId).get().statusCode();
  }

  /** Logs out everywhere, checking the answer's time. */
  private HttpResponse<String> logout(JettyApp app, String scope, String jsessionId)
      throws Exception {
    long start = System.nanoTime();
    HttpResponse<String> answer =
        Http.to(app.uri("/logout?scope=" + scope))
            .json()
            .cookie("JSESSIONID", jsessionId)
            .cookie("session_token", a.token())
            .post();
    long took = (System.nanoTime() - start) / 1_000_000;
    System.out.println("measured: log out everywhere (" + scope + ") answered in " + took + " ms");
    assertTrue(took <= BOUND_MS, "answered after " + took + " ms");
    return answer;
  }

  private static Reply verified(EmulatedSession session) {
    return Reply.json(
        200, "{\"session\": {\"id\": \"" + session.id() + "\", \"user_id\": \"user_1\"}}");
  }

  /** MoonKey healthy again: every session of the user ends, the other user's stays. */
  private void healthyThenEveryRevoked(List<EmulatedSession> revoked) throws Exception {
    moonKey.setDefaultReply(null);
    Await.until(
        Duration.ofSeconds(30),
        () -> revoked.stream().noneMatch(s -> moonKey.isActive(s.id())),
        () -> "requests: " + moonKey.requests());
    assertTrue(moonKey.isActive(otherUser.id()));
    for (String line : logs.lines()) {
      if (line.startsWith("jdk.internal.httpclient")) {
        continue; // the test's own client, which sends the tokens
      }
      for (EmulatedSession session : List.of(a, b, c)) {
        assertFalse(line.contains(session.token()), line);
      }
    }
  }

  @Test
  void listAnswering503QueuesEverySessionOfTheUserAndEnforcementEndsTheOthersOnceDelivered()
      throws Exception {
    JettyApp app = startApp(Map.of());
    String jsessionId = signIn(app, a);
    String otherBrowser = signIn(app, b);
    moonKey.enqueue(verified(a));
    moonKey.setDefaultReply(Reply.status(503));

    HttpResponse<String> answer = logout(app, "all", jsessionId);

    assertEquals(200, answer.statusCode());
    assertEquals(ALL_PENDING, answer.body());
    assertEquals(401, whoami(app, jsessionId), "the local logout is done at once");
    assertEquals(1, moonKey.requestCount(SessionRevoker.LIST_PATH));
    assertEquals(0, moonKey.requestCount(SessionRevoker.DELETE_PATH), "nothing revoked now");
    assertTrue(moonKey.isActive(b.id()) && moonKey.isActive(c.id()));
    assertTrue(
        logs.lines().stream()
            .anyMatch(
                line ->
                    line.contains("Logout everywhere: the sessions of the user of session_token#")
                        && line.contains("revoking them in the background")),
        String.join("\n", logs.lines()));

    healthyThenEveryRevoked(List.of(a, b, c));
    // The listed ids are on the revoked list: the user's session in another browser ends.
    Await.until(
        Duration.ofSeconds(10),
        () -> {
          try {
            return whoami(app, otherBrowser) != 200;
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        },
        () -> "the other browser's session is still signed in");
  }

  @Test
  void verifyAnswering503QueuesEverySessionOfTheUser() throws Exception {
    JettyApp app = startApp(Map.of());
    String jsessionId = signIn(app, a);
    moonKey.setDefaultReply(Reply.status(503));

    HttpResponse<String> answer = logout(app, "all", jsessionId);

    assertEquals(ALL_PENDING, answer.body());
    assertEquals(0, moonKey.requestCount(SessionRevoker.LIST_PATH));
    assertEquals(401, whoami(app, jsessionId));
    healthyThenEveryRevoked(List.of(a, b, c));
  }

  @Test
  void openBreakerQueuesEverySessionOfTheUserWithoutCallingMoonKey() throws Exception {
    JettyApp app = startApp(Map.of("breaker-failures", "1", "breaker-cooldown", "500ms"));
    EmulatedSession tripping = moonKey.createSession("user_3", "c@example.com");
    moonKey.setDefaultReply(Reply.status(503));
    // One failed revocation opens the breaker.
    Http.to(app.uri("/logout")).json().cookie("session_token", tripping.token()).post();
    String jsessionId = signIn(app, a);
    int verifies = moonKey.requestCount(SessionRevoker.VERIFY_PATH);

    HttpResponse<String> answer = logout(app, "all", jsessionId);

    assertEquals(ALL_PENDING, answer.body());
    assertEquals(verifies, moonKey.requestCount(SessionRevoker.VERIFY_PATH), "no call made");
    healthyThenEveryRevoked(List.of(a, b, c, tripping));
  }

  @Test
  void othersWithListAnswering503KeepsThisSessionAndRevokesTheOthersLater() throws Exception {
    JettyApp app = startApp(Map.of());
    String jsessionId = signIn(app, a);
    moonKey.enqueue(verified(a));
    moonKey.setDefaultReply(Reply.status(503));

    HttpResponse<String> answer = logout(app, "others", jsessionId);

    assertEquals(200, answer.statusCode());
    assertEquals(ALL_PENDING, answer.body());
    assertEquals(200, whoami(app, jsessionId), "this session stays signed in");
    healthyThenEveryRevoked(List.of(b, c));
    assertTrue(moonKey.isActive(a.id()), "others leaves this session");
    assertEquals(200, whoami(app, jsessionId));
  }

  @Test
  void theUsersOtherSessionsEndAtOnceWhileMoonKeyCannotListThem() throws Exception {
    JettyApp app = startApp(Map.of());
    String jsessionId = signIn(app, a);
    String phone = signInAs(app, b, "user_1");
    String someoneElse = signInAs(app, otherUser, "user_2");
    moonKey.enqueue(verified(a));
    moonKey.setDefaultReply(Reply.status(503));

    assertEquals(ALL_PENDING, logout(app, "all", jsessionId).body());

    // MoonKey has revoked nothing yet; the application has ended the user's sessions.
    assertTrue(moonKey.isActive(b.id()));
    assertEquals(303, whoami(app, phone), "the user's other session: signed out at once");
    assertEquals(200, whoami(app, someoneElse), "another user's session stays");
    EmulatedSession later = moonKey.createSession("user_1", "a@example.com");
    assertEquals(
        200, whoami(app, signInAs(app, later, "user_1")), "a sign-in after the logout stays");
    healthyThenEveryRevoked(List.of(a, b, c));
  }

  @Test
  void withVerifyAnswering503TheUserKeptInTheSessionStillEndsTheOthersAtOnce() throws Exception {
    JettyApp app = startApp(Map.of());
    String jsessionId = signInAs(app, a, "user_1");
    String phone = signInAs(app, b, "user_1");
    String someoneElse = signInAs(app, otherUser, "user_2");
    moonKey.setDefaultReply(Reply.status(503));

    assertEquals(ALL_PENDING, logout(app, "all", jsessionId).body());

    assertEquals(0, moonKey.requestCount(SessionRevoker.LIST_PATH));
    assertEquals(303, whoami(app, phone));
    assertEquals(200, whoami(app, someoneElse));
    healthyThenEveryRevoked(List.of(a, b, c));
  }

  @Test
  void othersEndsTheUsersOtherSessionsAtOnceAndKeepsThisOne() throws Exception {
    JettyApp app = startApp(Map.of());
    String jsessionId = signInAs(app, a, "user_1");
    String phone = signInAs(app, b, "user_1");
    moonKey.enqueue(verified(a));
    moonKey.setDefaultReply(Reply.status(503));

    assertEquals(ALL_PENDING, logout(app, "others", jsessionId).body());

    assertEquals(303, whoami(app, phone), "the other session: signed out at once");
    assertEquals(200, whoami(app, jsessionId), "this session stays");
    healthyThenEveryRevoked(List.of(b, c));
    assertEquals(200, whoami(app, jsessionId));
  }

  @Test
  void anotherNodeEndsTheUsersSessionsAtOnceThroughTheSharedTable() throws Exception {
    assumeTrue(TestPostgres.available(), TestPostgres.unavailableReason());
    try (TestPostgres postgres = TestPostgres.start()) {
      TestJndi.install();
      TestJndi.bind("test/moonkey-owners", postgres.unboundedDataSource());
      try {
        Map<String, String> shared =
            Map.of("pending-store", "jdbc:test/moonkey-owners", "revocation-refresh", "200ms");
        JettyApp nodeA = startApp(shared);
        workDirectory = Files.createTempDirectory(workDirectory.getParent(), "node-b");
        JettyApp nodeB = startApp(shared);
        String jsessionId = signIn(nodeA, a);
        String phone = signInAs(nodeB, b, "user_1");
        String someoneElse = signInAs(nodeB, otherUser, "user_2");
        assertEquals(200, whoami(nodeB, phone));
        moonKey.enqueue(verified(a));
        moonKey.setDefaultReply(Reply.status(503));

        assertEquals(ALL_PENDING, logout(nodeA, "all", jsessionId).body());

        long start = System.nanoTime();
        Await.until(
            Duration.ofSeconds(10),
            () -> {
              try {
                return whoami(nodeB, phone) != 200;
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            },
            () -> "the user's session on the other node is still signed in");
        System.out.println(
            "measured: the other node ended the user's session "
                + (System.nanoTime() - start) / 1_000_000
                + " ms after the answer, MoonKey still unable to list");
        assertTrue(moonKey.isActive(b.id()), "MoonKey has not been asked yet");
        assertEquals(200, whoami(nodeB, someoneElse));
        healthyThenEveryRevoked(List.of(a, b, c));
      } finally {
        TestJndi.uninstall();
      }
    }
  }

  @Test
  void theItemSurvivesARestartInTheWorkDirectoryJournal() throws Exception {
    JettyApp first = startApp(Map.of("shutdown-grace", "0ms"));
    String jsessionId = signIn(first, a);
    moonKey.setDefaultReply(Reply.status(503));
    assertEquals(ALL_PENDING, logout(first, "all", jsessionId).body());
    first.close();
    apps.remove(first);
    assertTrue(moonKey.isActive(b.id()));
    try (var files = Files.walk(workDirectory)) {
      assertTrue(
          files.anyMatch(p -> p.getFileName().toString().equals("pending.journal")),
          "a journal in the work directory");
    }

    startApp(Map.of());
    healthyThenEveryRevoked(List.of(a, b, c));
  }

  @Test
  void anotherNodeDeliversTheItemFromTheSharedTable() throws Exception {
    assumeTrue(TestPostgres.available(), TestPostgres.unavailableReason());
    try (TestPostgres postgres = TestPostgres.start()) {
      DataSource dataSource = postgres.dataSource();
      TestJndi.install();
      TestJndi.bind("test/moonkey-every", postgres.unboundedDataSource());
      try {
        Map<String, String> shared =
            Map.of("pending-store", "jdbc:test/moonkey-every", "shutdown-grace", "0ms");
        JettyApp first = startApp(shared);
        String jsessionId = signIn(first, a);
        moonKey.setDefaultReply(Reply.status(503));
        assertEquals(ALL_PENDING, logout(first, "all", jsessionId).body());
        Await.until(
            Duration.ofSeconds(30),
            () -> "a:session_token".equals(typeOfTheOnlyRow(dataSource)),
            () -> "the item in the table");
        first.close();
        apps.remove(first);
        // The next node has a work directory of its own: only the table can hand it the item.
        workDirectory = Files.createTempDirectory(workDirectory.getParent(), "node-b");

        startApp(shared);
        healthyThenEveryRevoked(List.of(a, b, c));
      } finally {
        TestJndi.uninstall();
      }
    }
  }

  /** The credential_type of the table's one row, or null when it has none or several. */
  private static String typeOfTheOnlyRow(DataSource dataSource) {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery("SELECT credential_type, sealed FROM " + Schema.PENDING)) {
      List<String> types = new ArrayList<>();
      while (rows.next()) {
        types.add(rows.getString(1));
      }
      return types.size() == 1 ? types.get(0) : null;
    } catch (Exception e) {
      return null;
    }
  }
}
