package fun.moonkey.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fun.moonkey.emulator.EmulatedSession;
import fun.moonkey.emulator.MoonKeyEmulator;
import fun.moonkey.emulator.Reply;
import fun.moonkey.revocation.SessionRevoker;
import fun.moonkey.testing.Http;
import fun.moonkey.testing.JettyApp;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The promise through the real filter in Jetty: a logout answers within {@code timeout} whatever
 * MoonKey does, and the revocation it could not finish is delivered later, also across a stop.
 */
class LogoutFilterReliabilityTest {

  private static final String PENDING = "{\"success\": true, \"revocation\": \"pending\"}";

  @TempDir Path dir;

  private MoonKeyEmulator moonKey;
  private JettyApp app;

  @BeforeEach
  void startEmulator() {
    moonKey = MoonKeyEmulator.start();
  }

  @AfterEach
  void stop() throws Exception {
    if (app != null) {
      app.close();
    }
    moonKey.close();
  }

  private void startApp(String... extra) throws Exception {
    Map<String, String> params = new HashMap<>();
    params.put("secret-key", moonKey.secretKey());
    params.put("api-url", moonKey.baseUri().toString());
    params.put("logout-path", "/logout");
    params.put("timeout", "1s");
    for (int i = 0; i < extra.length; i += 2) {
      params.put(extra[i], extra[i + 1]);
    }
    app = JettyApp.create("/app").filter(LogoutFilter.class, "/*", params).start();
  }

  private HttpResponse<String> logout(String token) throws Exception {
    return Http.to(app.uri("/logout")).cookie("session_token", token).json().post();
  }

  private long timedLogout(String fault, Reply reply) throws Exception {
    moonKey.setDefaultReply(reply);
    logout("tok_warm");
    long start = System.nanoTime();
    HttpResponse<String> response = logout("tok_" + fault);
    long took = (System.nanoTime() - start) / 1_000_000;
    assertEquals(200, response.statusCode());
    assertEquals(PENDING, response.body());
    System.out.println(
        "measured: filter, " + fault + ", timeout 1000 ms, answer after " + took + " ms");
    return took;
  }

  @Test
  void aHangingMoonKeyCannotHoldTheLogoutPastTheTimeout() throws Exception {
    startApp("breaker-failures", "1000");
    long took = timedLogout("hang", Reply.hang());
    // The 1 s timeout and a margin for a loaded machine; three full attempts would take 3 s.
    assertTrue(took >= 950 && took < 2_500, took + " ms");
  }

  @Test
  void aTricklingMoonKeyCannotHoldTheLogoutPastTheTimeout() throws Exception {
    startApp("breaker-failures", "1000");
    long took = timedLogout("trickle", Reply.trickle(503, "x".repeat(60), Duration.ofMillis(1000)));
    assertTrue(took >= 950 && took < 2_500, took + " ms");
  }

  @Test
  void aPendingRevocationIsDeliveredInTheBackgroundOnceMoonKeyRecovers() throws Exception {
    startApp("backoff-initial", "50ms", "max-attempts", "1");
    EmulatedSession session = moonKey.createSession("user_1", "a@example.com");
    moonKey.enqueue(Reply.status(503), Reply.status(503));

    HttpResponse<String> response = logout(session.token());

    assertEquals(PENDING, response.body());
    fun.moonkey.testing.Await.until(
        Duration.ofSeconds(10),
        () -> !moonKey.isActive(session.id()),
        () -> moonKey.requests().toString());
    assertEquals(3, moonKey.requestCount(SessionRevoker.DELETE_PATH));
  }

  @Test
  void destroyKeepsWhatIsPendingInTheStoreAndTheNextStartDeliversIt() throws Exception {
    Path store = dir.resolve("pending");
    String[] settings = {
      "pending-store", store.toString(), "max-attempts", "1", "shutdown-grace", "200ms"
    };
    startApp(settings);
    EmulatedSession session = moonKey.createSession("user_1", "a@example.com");
    moonKey.setDefaultReply(Reply.status(503));
    assertEquals(PENDING, logout(session.token()).body());
    app.close(); // destroy(): drains for 200 ms against a MoonKey still down, then keeps it
    app = null;
    assertTrue(moonKey.isActive(session.id()));

    moonKey.setDefaultReply(null);
    startApp(settings);
    fun.moonkey.testing.Await.until(
        Duration.ofSeconds(10),
        () -> !moonKey.isActive(session.id()),
        () -> moonKey.requests().toString());
    assertEquals(
        Map.of("session_token", session.token()),
        moonKey
            .requests(SessionRevoker.DELETE_PATH)
            .get(moonKey.requestCount(SessionRevoker.DELETE_PATH) - 1)
            .jsonBody());
  }
}
