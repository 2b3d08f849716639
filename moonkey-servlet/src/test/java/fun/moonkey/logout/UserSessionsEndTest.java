package fun.moonkey.logout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import fun.moonkey.answer.LogoutResult;
import fun.moonkey.answer.LogoutSummary;
import fun.moonkey.config.MoonKeyConfig;
import fun.moonkey.credential.Credential;
import fun.moonkey.emulator.EmulatedSession;
import fun.moonkey.emulator.MoonKeyEmulator;
import fun.moonkey.emulator.Reply;
import fun.moonkey.event.AfterLogout;
import fun.moonkey.event.BeforeLogout;
import fun.moonkey.event.LogoutListener;
import fun.moonkey.event.LogoutOutcome;
import fun.moonkey.event.Trigger;
import fun.moonkey.revocation.SessionRevoker;
import fun.moonkey.servlet.LogoutFilter;
import fun.moonkey.servlet.SharedServices;
import fun.moonkey.store.Schema;
import fun.moonkey.testing.Await;
import fun.moonkey.testing.Http;
import fun.moonkey.testing.JettyApp;
import fun.moonkey.testing.LogCapture;
import fun.moonkey.testing.TestJndi;
import fun.moonkey.testing.TestPostgres;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An administrator ends every session of a user ({@link LogoutService#endAllSessionsOf}) in an
 * application whose filter enforces revocations, in embedded Jetty against the MoonKey emulator:
 * user_1's sessions end at MoonKey and in the application, user_2's stay; MoonKey answering 503
 * queues one durable item, delivered when MoonKey is back, after a restart too, and from another
 * node through a real PostgreSQL.
 */
class UserSessionsEndTest {

  private static final String USER_HASH = "user_id#" + Credential.hashOf("user_1");

  private MoonKeyEmulator moonKey;
  private final List<JettyApp> apps = new ArrayList<>();
  private final List<ServiceRegistry.Lease> leases = new ArrayList<>();
  private EmulatedSession a1;
  private EmulatedSession a2;
  private EmulatedSession b1;
  private EmulatedSession b2;
  private LogCapture logs;

  @TempDir Path workDirectory;

  @BeforeEach
  void start() {
    logs = LogCapture.at(Level.FINE);
    moonKey = MoonKeyEmulator.start();
    a1 = moonKey.createSession("user_1", "a@example.com");
    a2 = moonKey.createSession("user_1", "a@example.com");
    b1 = moonKey.createSession("user_2", "b@example.com");
    b2 = moonKey.createSession("user_2", "b@example.com");
  }

  @AfterEach
  void stop() {
    leases.forEach(ServiceRegistry.Lease::close);
    apps.forEach(JettyApp::close);
    moonKey.close();
    logs.close();
  }

  private JettyApp startApp(Map<String, String> extra) throws Exception {
    Map<String, String> params = new HashMap<>();
    params.put("secret-key", moonKey.secretKey());
    params.put("api-url", moonKey.baseUri().toString());
    params.put("logout-path", "/logout");
    params.put("timeout", "1s");
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

  /**
   * The application's own administration component: a service of the same application configured in
   * code, which records into the application's one revoked list.
   */
  private LogoutService admin(JettyApp app, Map<String, String> extra) {
    MoonKeyConfig.Builder config =
        MoonKeyConfig.builder()
            .secretKey(moonKey.secretKey())
            .apiUrl(moonKey.baseUri())
            // Generous: a cold JVM on a busy machine must not turn a list into a pending item.
            .set("timeout", "5s")
            .set("max-attempts", "1")
            .set("backoff-initial", "20ms")
            .set("backoff-max", "200ms");
    extra.forEach(config::set);
    ServiceRegistry.Lease lease =
        SharedServices.of(app.context().getServletContext()).acquire(config.build());
    leases.add(lease);
    return lease.service();
  }

  private static String signIn(JettyApp app, EmulatedSession session, String user)
      throws Exception {
    String query = "/signin?token=" + session.token() + "&id=" + session.id();
    return Http.sessionCookie(
        Http.to(app.uri(user == null ? query : query + "&user=" + user)).get());
  }

  private static int whoami(JettyApp app, String jsessionId) {
    try {
      return Http.to(app.uri("/whoami")).cookie("JSESSIONID", jsessionId).get().statusCode();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static LogoutSummary await(LogoutService service, String userId) throws Exception {
    return service.endAllSessionsOf(userId).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private List<String> deletedIds() {
    return moonKey.requests(SessionRevoker.DELETE_PATH).stream()
        .map(r -> (String) r.jsonBody().get("session_id"))
        .sorted()
        .toList();
  }

  private void noUserIdInOurLogs() {
    for (String line : logs.lines()) {
      if (line.startsWith("fun.moonkey.")) {
        assertFalse(line.contains("user_1"), line);
      }
    }
  }

  @Test
  void endsEveryMoonKeySessionOfTheUserAndTheirApplicationSessionsAndNoneOfAnothers()
      throws Exception {
    JettyApp app = startApp(Map.of());
    String laptop = signIn(app, a1, "user_1");
    String phoneById = signIn(app, a2, null);
    String someoneElse = signIn(app, b1, "user_2");
    LogoutService service = admin(app, Map.of());
    List<Object> heard = new CopyOnWriteArrayList<>();
    service
        .events()
        .register(
            new LogoutListener() {
              @Override
              public void beforeLogout(BeforeLogout event) {
                heard.add(event.trigger() + " " + event.credentials());
              }

              @Override
              public void afterLogout(AfterLogout event) {
                heard.add(event);
              }
            });

    LogoutSummary summary = await(service, "user_1");

    assertEquals(LogoutResult.Status.REVOKED, summary.status());
    assertEquals(2, summary.revoked());
    assertEquals("user_id=user_1", moonKey.requests(SessionRevoker.LIST_PATH).get(0).rawQuery());
    assertEquals(List.of(a1.id(), a2.id()).stream().sorted().toList(), deletedIds());
    assertFalse(moonKey.isActive(a1.id()) || moonKey.isActive(a2.id()));
    assertTrue(moonKey.isActive(b1.id()) && moonKey.isActive(b2.id()), "user_2 untouched");
    assertEquals(303, whoami(app, laptop), "the user's session ends at its next request");
    assertEquals(303, whoami(app, phoneById), "also a session that holds only its id");
    assertEquals(200, whoami(app, someoneElse), "another user's session stays");
    EmulatedSession later = moonKey.createSession("user_1", "a@example.com");
    assertEquals(200, whoami(app, signIn(app, later, "user_1")), "a sign-in after it stays");
    assertEquals(
        List.of(
            "ADMIN [" + USER_HASH + "]",
            new AfterLogout(Trigger.ADMIN, LogoutOutcome.REVOKED, List.of(USER_HASH))),
        heard);
    assertTrue(
        logs.messages("fun.moonkey.logout.LogoutLog", Level.INFO).stream()
            .anyMatch(
                line ->
                    line.startsWith(
                        "Administrator's end of every session of "
                            + USER_HASH
                            + ": 2 sessions at MoonKey in ")),
        String.join("\n", logs.lines()));
    noUserIdInOurLogs();
  }

  @Test
  void aUserWithoutSessionsIsReportedAtInfo() throws Exception {
    JettyApp app = startApp(Map.of());
    LogoutSummary summary = await(admin(app, Map.of()), "user_9");
    assertEquals(LogoutResult.Status.NO_SESSION, summary.status());
    assertEquals(0, moonKey.requestCount(SessionRevoker.DELETE_PATH));
    assertEquals(
        List.of(
            "Administrator's end of every session of user_id#"
                + Credential.hashOf("user_9")
                + ": no MoonKey session to revoke"),
        logs.messages("fun.moonkey.logout.LogoutLog", Level.INFO));
  }

  @Test
  void badUserIdsAreRefusedBeforeAnythingIsSentOrRecorded() throws Exception {
    JettyApp app = startApp(Map.of());
    LogoutService service = admin(app, Map.of());
    assertEquals(
        "userId: expected MoonKey's user id, got a blank value",
        assertThrows(IllegalArgumentException.class, () -> service.endAllSessionsOf(" "))
            .getMessage());
    assertEquals(
        "userId: expected at most 256 characters, got 257",
        assertThrows(
                IllegalArgumentException.class, () -> service.endAllSessionsOf("u".repeat(257)))
            .getMessage());
    assertEquals(
        "userId: expected printable ASCII without spaces, got a control character at index 6",
        assertThrows(
                IllegalArgumentException.class, () -> service.endAllSessionsOf("user_1\r\nX: y"))
            .getMessage());
    assertEquals(
        "userId: expected printable ASCII without spaces, got ' ' at index 4",
        assertThrows(IllegalArgumentException.class, () -> service.endAllSessionsOf("user 1"))
            .getMessage());
    assertThrows(NullPointerException.class, () -> service.endAllSessionsOf(null));
    assertEquals(0, moonKey.requests().size());
  }

  @Test
  void moonKeyAnswering503QueuesTheUsersSessionsEndsTheirApplicationSessionsAndDeliversLater()
      throws Exception {
    JettyApp app = startApp(Map.of());
    String laptop = signIn(app, a1, "user_1");
    String someoneElse = signIn(app, b1, "user_2");
    LogoutService service = admin(app, Map.of());
    moonKey.setDefaultReply(Reply.status(503));

    LogoutSummary summary = await(service, "user_1");

    assertEquals(LogoutResult.Status.PENDING, summary.status());
    assertTrue(summary.othersPending());
    assertEquals(0, moonKey.requestCount(SessionRevoker.DELETE_PATH), "nothing revoked now");
    assertEquals(303, whoami(app, laptop), "the application's session ends at once");
    assertEquals(200, whoami(app, someoneElse));
    assertTrue(
        logs.messages("fun.moonkey.logout.LogoutLog", Level.INFO).stream()
            .anyMatch(
                line ->
                    line.startsWith(
                            "Administrator's end of every session of "
                                + USER_HASH
                                + ": the sessions of the user could not be listed at MoonKey")
                        && line.endsWith("revoking them in the background")),
        String.join("\n", logs.lines()));

    moonKey.setDefaultReply(null);
    healthyThenRevoked();
    noUserIdInOurLogs();
  }

  /** Every session of user_1 ends at MoonKey; user_2's stay. */
  private void healthyThenRevoked() throws InterruptedException {
    moonKey.setDefaultReply(null);
    Await.until(
        Duration.ofSeconds(30),
        () -> !moonKey.isActive(a1.id()) && !moonKey.isActive(a2.id()),
        () -> "requests: " + moonKey.requests());
    assertTrue(moonKey.isActive(b1.id()) && moonKey.isActive(b2.id()));
    assertEquals(List.of(a1.id(), a2.id()).stream().sorted().toList(), deletedIds());
  }

  @Test
  void theQueuedItemSurvivesARestartInTheWorkDirectoryJournal() throws Exception {
    JettyApp first = startApp(Map.of("shutdown-grace", "0ms"));
    LogoutService service = admin(first, Map.of("shutdown-grace", "0ms"));
    moonKey.setDefaultReply(Reply.status(503));
    assertEquals(LogoutResult.Status.PENDING, await(service, "user_1").status());
    leases.forEach(ServiceRegistry.Lease::close);
    leases.clear();
    first.close();
    apps.remove(first);
    assertTrue(moonKey.isActive(a1.id()));

    startApp(Map.of());
    healthyThenRevoked();
  }

  @Test
  void anotherNodeEndsTheUsersSessionsAndDeliversTheItemThroughTheSharedTable() throws Exception {
    assumeTrue(TestPostgres.available(), TestPostgres.unavailableReason());
    try (TestPostgres postgres = TestPostgres.start()) {
      DataSource dataSource = postgres.dataSource();
      TestJndi.install();
      TestJndi.bind("test/moonkey-admin", postgres.unboundedDataSource());
      try {
        Map<String, String> shared =
            Map.of(
                "pending-store", "jdbc:test/moonkey-admin",
                "revocation-refresh", "200ms",
                "shutdown-grace", "0ms");
        JettyApp nodeA = startApp(shared);
        workDirectory = Files.createTempDirectory(workDirectory.getParent(), "node-b");
        JettyApp nodeB = startApp(shared);
        String laptop = signIn(nodeB, a1, "user_1");
        String someoneElse = signIn(nodeB, b1, "user_2");
        LogoutService service = admin(nodeA, shared);
        moonKey.setDefaultReply(Reply.status(503));

        assertEquals(LogoutResult.Status.PENDING, await(service, "user_1").status());

        long start = System.nanoTime();
        Await.until(
            Duration.ofSeconds(10),
            () -> whoami(nodeB, laptop) != 200,
            () -> "the user's session on the other node is still signed in");
        System.out.println(
            "measured: the other node ended the user's session "
                + (System.nanoTime() - start) / 1_000_000
                + " ms after the administrator's call completed, MoonKey still unable to list");
        assertEquals(200, whoami(nodeB, someoneElse));
        Await.until(
            Duration.ofSeconds(30),
            () -> "u:user_id".equals(typeOfTheOnlyRow(dataSource)),
            () -> "the item in the table");
        // Node A stops; only the table can hand node B the item.
        leases.forEach(ServiceRegistry.Lease::close);
        leases.clear();
        nodeA.close();
        apps.remove(nodeA);
        healthyThenRevoked();
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
        assertFalse(rows.getString(2).contains("user_1"), "the user id is sealed");
      }
      return types.size() == 1 ? types.get(0) : null;
    } catch (Exception e) {
      return null;
    }
  }
}
