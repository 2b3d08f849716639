package fun.moonkey.containers.matrix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import fun.moonkey.containers.Jdks;
import fun.moonkey.containers.Launch;
import fun.moonkey.containers.TomcatServer;
import fun.moonkey.containers.matrix.Scenarios.Pages;
import fun.moonkey.emulator.EmulatedSession;
import fun.moonkey.emulator.MoonKeyEmulator;
import fun.moonkey.emulator.Reply;
import fun.moonkey.testing.TestPostgres;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * Two real Tomcat processes sharing one real PostgreSQL through a JNDI {@code DataSource}, the way
 * a user declares it (a {@code <Resource>} in the application's context descriptor, the driver in
 * Tomcat's {@code lib/}), with {@code pending-store=jdbc:java:comp/env/jdbc/moonkey}.
 */
class TwoNodesIT {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static final String JNDI = "java:comp/env/jdbc/moonkey";

  @Test
  void revocationsPendingOnANodeThatIsKilledAreDeliveredOnceEachByTheOtherNode() throws Exception {
    assumeTrue(TestPostgres.available(), TestPostgres.unavailableReason());
    try (TestPostgres postgres = TestPostgres.start();
        MoonKeyEmulator moonKey = MoonKeyEmulator.start()) {
      Map<String, Path> files = tomcatFiles(postgres);
      Map<String, String> environment =
          Map.of(
              "MOONKEY_API_URL",
              moonKey.baseUri().toString(),
              "MOONKEY_SECRET_KEY",
              moonKey.secretKey(),
              "MOONKEY_PENDING_STORE",
              "jdbc:" + JNDI,
              "MOONKEY_ENFORCE_REVOCATIONS",
              "true",
              "MOONKEY_SCOPES",
              "all");
      CompletableFuture<TomcatServer> startingB =
          CompletableFuture.supplyAsync(() -> node("tomcat11-node-b", environment, files));
      TomcatServer a = node("tomcat11-node-a", environment, files);
      TomcatServer b = startingB.join();
      try (b) {
        logOutEverywhereOnAEndsTheUsersSessionsOnB(a, b, moonKey);
        List<EmulatedSession> sessions = new ArrayList<>();
        try (a) {
          URI app = a.base("webxml");
          List<Browser> browsers = new ArrayList<>();
          for (int i = 0; i < 3; i++) {
            Browser browser = new Browser();
            browsers.add(browser);
            sessions.add(Scenarios.signIn(browser, app, Pages.SERVLET, moonKey));
          }
          moonKey.setDefaultReply(Reply.status(503));

          for (Browser browser : browsers) {
            HttpResponse<String> answer = browser.postForm(app.resolve(Pages.SERVLET.logout()), "");
            assertEquals(303, answer.statusCode(), answer.body());
            assertEquals(401, browser.get(app.resolve(Pages.SERVLET.me())).statusCode());
          }
          assertEquals(
              3,
              SharedDatabase.awaitPendingRows(postgres.dataSource(), 3, Duration.ofSeconds(10)),
              "node A queued them in the shared table");
          a.process().kill();
        }
        long killed = System.nanoTime();
        Instant back = Instant.now();
        moonKey.setDefaultReply(null);

        long deadline = killed + Duration.ofSeconds(90).toNanos();
        while (sessions.stream().anyMatch(s -> moonKey.isActive(s.id()))
            && System.nanoTime() < deadline) {
          LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        }
        Duration delivered = Duration.ofNanos(System.nanoTime() - killed);
        for (EmulatedSession session : sessions) {
          assertFalse(moonKey.isActive(session.id()), "node B revoked a session of dead node A");
        }
        System.out.printf(
            "two nodes: delivered by node B %d ms after node A was killed%n", delivered.toMillis());
        Files.writeString(
            MatrixSettings.workDir("two-nodes.txt"),
            "delivery by node B after node A was killed: " + delivered.toMillis() + " ms\n");

        // Once each: wait past one more refresh of node B, then count what MoonKey received since.
        LockSupport.parkNanos(Duration.ofSeconds(12).toNanos());
        for (EmulatedSession session : sessions) {
          assertEquals(
              1, deletesSince(moonKey, session, back), "one DELETE each after MoonKey was back");
        }
        assertEquals(
            0, SharedDatabase.pendingRows(postgres.dataSource()), "the delivered rows are gone");
        assertTrue(
            b.process().log().contains("of a node that stopped taken over"),
            "node B says it took the revocations over");
      }
    }
  }

  /**
   * The user is signed in on A (the laptop, whose browser also has a session on B: no sticky
   * sessions) and on B (the phone). Logging out everywhere on A ends both sessions on B at their
   * next request.
   */
  private static void logOutEverywhereOnAEndsTheUsersSessionsOnB(
      TomcatServer a, TomcatServer b, MoonKeyEmulator moonKey) throws Exception {
    URI onA = a.base("webxml");
    URI onB = b.base("webxml");
    Browser laptop = new Browser();
    EmulatedSession laptopSession = Scenarios.signIn(laptop, onA, Pages.SERVLET, moonKey);
    Browser laptopOnB = new Browser();
    signIn(laptopOnB, onB, laptopSession, false);
    EmulatedSession phoneSession = moonKey.createSession(laptopSession.userId(), "a@example.com");
    Browser phone = new Browser();
    signIn(phone, onB, phoneSession, true);
    assertEquals(200, phone.get(onB.resolve(Pages.SERVLET.me())).statusCode());
    assertEquals(200, laptopOnB.get(onB.resolve(Pages.SERVLET.me())).statusCode());

    HttpResponse<String> everywhere =
        laptop.postJson(onA.resolve(Pages.SERVLET.logout() + "?scope=all"));
    long answered = System.nanoTime();

    assertEquals(200, everywhere.statusCode(), everywhere.body());
    assertTrue(everywhere.body().contains("\"revoked\": 2"), everywhere.body());
    assertFalse(moonKey.isActive(phoneSession.id()), "MoonKey ended the phone's session");
    long deadline = answered + Duration.ofSeconds(30).toNanos();
    int status;
    while ((status = phone.get(onB.resolve(Pages.SERVLET.me())).statusCode()) == 200
        && System.nanoTime() < deadline) {
      LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
    }
    Duration refused = Duration.ofNanos(System.nanoTime() - answered);
    assertEquals(303, status, "the phone's next page on B: signed out");
    assertEquals(401, phone.get(onB.resolve(Pages.SERVLET.me())).statusCode(), "session gone");
    assertEquals(
        303,
        laptopOnB.get(onB.resolve(Pages.SERVLET.me())).statusCode(),
        "the laptop's own session on B too");
    System.out.printf("two nodes: everywhere on A to refusal on B in %d ms%n", refused.toMillis());
    Files.writeString(
        MatrixSettings.workDir("two-nodes-everywhere.txt"),
        "log out everywhere on node A to refusal on node B: " + refused.toMillis() + " ms\n");
  }

  private static void signIn(Browser browser, URI app, EmulatedSession session, boolean withId)
      throws Exception {
    HttpResponse<String> signedIn =
        browser.postForm(
            app.resolve(Pages.SERVLET.signIn()),
            "token="
                + URLEncoder.encode(session.token(), StandardCharsets.UTF_8)
                + (withId ? "&id=" + URLEncoder.encode(session.id(), StandardCharsets.UTF_8) : "")
                + "&email=a%40example.com");
    assertEquals(200, signedIn.statusCode(), signedIn.body());
  }

  private static TomcatServer node(
      String name, Map<String, String> environment, Map<String, Path> files) {
    try {
      TomcatServer server =
          TomcatServer.start(
              new Launch(
                  name,
                  MatrixSettings.workDir(name),
                  Jdks.current(),
                  MatrixSettings.server("tomcat11-home"),
                  Map.of("webxml", MatrixSettings.war("war-webxml")),
                  environment,
                  List.of()),
              files);
      server.awaitReady("webxml", Pages.SERVLET.me(), status -> status == 401, START_TIMEOUT);
      return server;
    } catch (Exception e) {
      throw new IllegalStateException(name + " did not start", e);
    }
  }

  /** The PostgreSQL driver in Tomcat's lib/, and the application's context descriptor. */
  private static Map<String, Path> tomcatFiles(TestPostgres postgres) throws Exception {
    Path driver = SharedDatabase.driverJar();
    Path context = Files.createTempFile("webxml-context", ".xml");
    Files.writeString(
        context,
        """
        <Context>
          <Resource name="jdbc/moonkey" auth="Container" type="javax.sql.DataSource"
                    driverClassName="org.postgresql.Driver" url="%s"
                    username="postgres" password="" maxTotal="8" maxWaitMillis="2000" />
        </Context>
        """
            // The README's pool: its timeouts in the URL.
            .formatted(
                postgres.jdbcUrl() + "?connectTimeout=5&amp;loginTimeout=10&amp;socketTimeout=30"));
    return Map.of("lib/postgresql.jar", driver, "conf/Catalina/localhost/webxml.xml", context);
  }

  private static long deletesSince(
      MoonKeyEmulator moonKey, EmulatedSession session, Instant since) {
    return moonKey.requests("/v1/auth/sessions/delete").stream()
        .filter(r -> r.body().contains(session.token()))
        .filter(r -> !r.receivedAt().isBefore(since))
        .count();
  }
}
