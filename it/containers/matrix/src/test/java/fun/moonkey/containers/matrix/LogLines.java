package fun.moonkey.containers.matrix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fun.moonkey.containers.ContainerProcess;
import fun.moonkey.containers.TomcatServer;
import fun.moonkey.containers.matrix.Scenarios.Pages;
import fun.moonkey.emulator.EmulatedSession;
import fun.moonkey.emulator.MoonKeyEmulator;
import fun.moonkey.emulator.Reply;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a user reads in Tomcat's log after a logout, at Tomcat's default levels and with the switch
 * that docs/reliability.md documents ({@link #SWITCH} in {@code conf/logging.properties}), which
 * one Tomcat of the matrix ({@link #SWITCHED}) starts with.
 */
final class LogLines {

  /** The documented line that turns the library's logging up to its DEBUG lines. */
  static final String SWITCH = "fun.moonkey.level = FINE";

  /** The Tomcat of the matrix that starts with {@link #SWITCH}. */
  static final String SWITCHED = "tomcat11";

  private static final Duration WAIT = Duration.ofSeconds(30);

  private LogLines() {}

  /**
   * The files {@code server} starts with: for {@link #SWITCHED}, the harness's {@code
   * conf/logging.properties} plus {@link #SWITCH}, written beside {@code work}; none otherwise.
   */
  static Map<String, Path> files(String server, Path work) throws IOException {
    if (!server.equals(SWITCHED)) {
      return Map.of();
    }
    Path logging = work.resolveSibling(server + "-logging.properties");
    Files.createDirectories(logging.getParent());
    Files.writeString(
        logging, TomcatServer.LOGGING_PROPERTIES + SWITCH + "\n", StandardCharsets.UTF_8);
    return Map.of("conf/logging.properties", logging);
  }

  /**
   * A revoked logout, then a logout while MoonKey answers 503 that the retrier delivers later: each
   * is one INFO line naming the session by its hash, the delivery one more, and the token appears
   * nowhere in the log. With the switch, the calls' DEBUG lines (JUL's FINE) are there too, from
   * the library's named threads; without it, none.
   */
  static void logoutsAreOneInfoLineEach(
      URI app, MoonKeyEmulator moonKey, ContainerProcess log, boolean switched) throws Exception {
    Browser browser = new Browser();
    EmulatedSession revoked = Scenarios.signIn(browser, app, Pages.SERVLET, moonKey);
    HttpResponse<String> answer = browser.postJson(app.resolve(Pages.SERVLET.logout()));
    assertEquals("{\"success\": true}", answer.body());
    String revokedHash = hash(revoked.token());
    log.awaitLog("Logout: " + revokedHash + " revoked at MoonKey in ", WAIT);

    Browser other = new Browser();
    EmulatedSession pending = Scenarios.signIn(other, app, Pages.SERVLET, moonKey);
    moonKey.setDefaultReply(Reply.status(503));
    try {
      answer = other.postJson(app.resolve(Pages.SERVLET.logout()));
    } finally {
      moonKey.setDefaultReply(null);
    }
    assertEquals("{\"success\": true, \"revocation\": \"pending\"}", answer.body());
    String pendingHash = hash(pending.token());
    log.awaitLog("Pending revocation of " + pendingHash + " delivered to MoonKey", WAIT);

    String all = log.log();
    assertOneLine(
        all,
        "INFO",
        "fun.moonkey.logout.LogoutLog",
        "Logout: " + revokedHash + " revoked at MoonKey in \\d+ ms \\(HTTP 200\\)");
    assertOneLine(
        all,
        "INFO",
        "fun.moonkey.logout.LogoutLog",
        "Logout: "
            + pendingHash
            + " pending after \\d+ ms: MoonKey answered HTTP 503; retrying in the background");
    assertOneLine(
        all,
        "INFO",
        "fun.moonkey.store.RevocationRetrier",
        "Pending revocation of " + pendingHash + " delivered to MoonKey after \\d+ background.*");
    assertFalse(all.contains(revoked.token()), "the token is in " + log.logFile());
    assertFalse(all.contains(pending.token()), "the token is in " + log.logFile());

    List<String> debug =
        all.lines()
            .filter(line -> line.contains(" FINE "))
            .filter(line -> line.contains(revokedHash) || line.contains(pendingHash))
            .toList();
    if (!switched) {
      assertEquals(List.of(), debug, "no DEBUG line at Tomcat's default levels");
      return;
    }
    assertOneLine(
        all,
        "FINE",
        "fun.moonkey.revocation.OutcomeLog",
        "Revoked " + revokedHash + " at MoonKey in \\d+ ms \\(HTTP 200\\)");
    assertTrue(
        debug.stream().anyMatch(line -> line.contains("Retrying the revocation of " + pendingHash)),
        "the retries' DEBUG lines: " + debug);
    // Every line of the library about these sessions: on a request thread or one of its own.
    for (String line : debug) {
      assertTrue(line.contains(" [moonkey-") || line.contains(" [http-"), "the thread of: " + line);
    }
  }

  /**
   * Exactly one line at {@code level}, logged from class {@code source}, whose message matches
   * {@code message}.
   */
  private static void assertOneLine(String log, String level, String source, String message) {
    // Tomcat's OneLineFormatter: date time LEVEL [thread] source-class.method message
    Pattern line =
        Pattern.compile(
            ".* " + level + " \\[[^\\]]+\\] " + Pattern.quote(source) + "\\.\\S+ " + message);
    long found = log.lines().filter(l -> line.matcher(l).matches()).count();
    assertEquals(1, found, level + " " + source + " " + message);
  }

  /** {@code session_token#} and 8 hex digits of the token's SHA-256, as the library logs it. */
  private static String hash(String token) throws NoSuchAlgorithmException {
    byte[] digest =
        MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    return "session_token#" + HexFormat.of().formatHex(digest, 0, 4);
  }
}
