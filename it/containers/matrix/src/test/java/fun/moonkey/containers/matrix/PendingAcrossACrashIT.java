package fun.moonkey.containers.matrix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fun.moonkey.containers.Jdks;
import fun.moonkey.containers.Launch;
import fun.moonkey.containers.TomcatServer;
import fun.moonkey.containers.matrix.Scenarios.Pages;
import fun.moonkey.emulator.EmulatedSession;
import fun.moonkey.emulator.MoonKeyEmulator;
import fun.moonkey.emulator.Reply;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The default pending-store on a real Tomcat: the README's {@code web.xml} WAR, no {@code
 * pending-store} set. MoonKey is down at a logout; Tomcat is killed with {@code SIGKILL}; MoonKey
 * comes back; the restarted Tomcat delivers the revocation from the application's work directory.
 */
class PendingAcrossACrashIT {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

  @Test
  void aRevocationPendingWhenTomcatIsKilledIsDeliveredByTheRestartedTomcat() throws Exception {
    try (MoonKeyEmulator moonKey = MoonKeyEmulator.start()) {
      Path work = MatrixSettings.workDir("tomcat11-crash");
      Launch launch =
          new Launch(
              "tomcat11-crash",
              work,
              Jdks.current(),
              MatrixSettings.server("tomcat11-home"),
              Map.of("webxml", MatrixSettings.war("war-webxml")),
              Map.of(
                  "MOONKEY_API_URL", moonKey.baseUri().toString(),
                  "MOONKEY_SECRET_KEY", moonKey.secretKey()),
              List.of());
      EmulatedSession session;
      int refused;
      try (TomcatServer tomcat = TomcatServer.start(launch)) {
        tomcat.awaitReady("webxml", Pages.SERVLET.me(), status -> status == 401, START_TIMEOUT);
        URI app = tomcat.base("webxml");
        Browser browser = new Browser();
        session = Scenarios.signIn(browser, app, Pages.SERVLET, moonKey);
        moonKey.setDefaultReply(Reply.status(503));

        HttpResponse<String> answer = browser.postForm(app.resolve(Pages.SERVLET.logout()), "");

        assertEquals(303, answer.statusCode(), answer.body());
        assertEquals(401, browser.get(app.resolve(Pages.SERVLET.me())).statusCode());
        refused = deletesOf(moonKey, session);
        assertTrue(refused >= 1, "MoonKey was asked and refused");
        Path journal = journalIn(work.resolve("work/Catalina/localhost/webxml"));
        assertTrue(Files.size(journal) > 0, journal + " holds the pending revocation");
        assertFalse(
            Files.readString(journal).contains(session.token()), "no token in clear on disk");
        tomcat.process().kill();
      }
      assertTrue(moonKey.isActive(session.id()), "MoonKey's session outlived the crash");

      moonKey.setDefaultReply(null);
      try (TomcatServer again = TomcatServer.restart(launch)) {
        again.awaitReady("webxml", Pages.SERVLET.me(), status -> status == 401, START_TIMEOUT);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (moonKey.isActive(session.id()) && System.nanoTime() < deadline) {
          LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
        assertFalse(moonKey.isActive(session.id()), "the restarted Tomcat revoked the session");
        assertTrue(deletesOf(moonKey, session) > refused, "a DELETE came after the restart");
        assertTrue(
            again.process().log().contains("pending revocation(s) found in the pending-store"),
            "the restart says it found the pending revocation");
      }
    }
  }

  /** The one journal file below the application's work directory. */
  private static Path journalIn(Path workDirectory) throws Exception {
    try (Stream<Path> files = Files.walk(workDirectory.resolve("moonkey-pending"))) {
      List<Path> journals =
          files.filter(f -> f.getFileName().toString().equals("pending.journal")).toList();
      assertEquals(1, journals.size(), "journals under " + workDirectory + ": " + journals);
      return journals.get(0);
    }
  }

  private static int deletesOf(MoonKeyEmulator moonKey, EmulatedSession session) {
    return (int)
        moonKey.requests("/v1/auth/sessions/delete").stream()
            .filter(r -> r.body().contains(session.token()))
            .filter(r -> ("Bearer " + moonKey.secretKey()).equals(r.header("Authorization")))
            .count();
  }
}
