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
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
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
              "MOONKEY_API_URL", moonKey.baseUri().toString(),
              "MOONKEY_SECRET_KEY", moonKey.secretKey(),
              "MOONKEY_PENDING_STORE", "jdbc:" + JNDI);
      CompletableFuture<TomcatServer> startingB =
          CompletableFuture.supplyAsync(() -> node("tomcat11-node-b", environment, files));
      TomcatServer a = node("tomcat11-node-a", environment, files);
      TomcatServer b = startingB.join();
      try (b) {
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
          assertEquals(3, rows(postgres.dataSource()), "node A queued them in the shared table");
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
        assertEquals(0, rows(postgres.dataSource()), "the delivered rows are gone");
        assertTrue(
            b.process().log().contains("of a node that stopped taken over"),
            "node B says it took the revocations over");
      }
    }
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
    Path driver =
        Path.of(
            org.postgresql.Driver.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
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
            .formatted(postgres.jdbcUrl()));
    return Map.of("lib/postgresql.jar", driver, "conf/Catalina/localhost/webxml.xml", context);
  }

  private static int rows(DataSource dataSource) throws Exception {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet count = statement.executeQuery("SELECT COUNT(*) FROM moonkey_pending")) {
      count.next();
      return count.getInt(1);
    }
  }

  private static long deletesSince(
      MoonKeyEmulator moonKey, EmulatedSession session, Instant since) {
    return moonKey.requests("/v1/auth/sessions/delete").stream()
        .filter(r -> r.body().contains(session.token()))
        .filter(r -> !r.receivedAt().isBefore(since))
        .count();
  }
}
