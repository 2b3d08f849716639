package fun.moonkey.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fun.moonkey.config.MoonKeyConfig;
import fun.moonkey.credential.Credential;
import fun.moonkey.credential.CredentialType;
import fun.moonkey.emulator.MoonKeyEmulator;
import fun.moonkey.emulator.Reply;
import fun.moonkey.revocation.SessionRevoker;
import fun.moonkey.testing.Http;
import fun.moonkey.testing.JettyApp;
import fun.moonkey.testing.JettyLogCapture;
import fun.moonkey.testing.LogCapture;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.eclipse.jetty.server.CustomRequestLog;
import org.junit.jupiter.api.Test;

/**
 * With a canary secret and a canary token, nothing logged at any level by us, Jersey or the JDK
 * (all of them write through {@code java.util.logging}), nothing in the container's DEBUG log or
 * access log, no response, no exception message and no {@code toString()} contains either.
 */
class CanaryLoggingTest {

  private static final String SECRET = "sk_test_CANARYSECRET7f3a9c";
  private static final String TOKEN = "mk_sess_CANARYTOKEN51e0d2";

  @Test
  void neitherSecretNorTokenLeaks() throws Exception {
    List<String> seen = new ArrayList<>();
    List<String> requestLog = java.util.Collections.synchronizedList(new ArrayList<>());
    // Jetty writes an access-log line after the response has gone out: count them as they come.
    CountDownLatch accessLines = new CountDownLatch(7);
    String container;
    try (LogCapture logs = LogCapture.at(Level.ALL);
        MoonKeyEmulator moonKey = MoonKeyEmulator.builder().secretKey(SECRET).build()) {
      Map<String, String> params =
          Map.of(
              "secret-key",
              SECRET,
              "api-url",
              moonKey.baseUri().toString(),
              "logout-path",
              "/logout",
              // Ends the hang; long enough for every other answer on a loaded machine.
              "timeout",
              "2s",
              // One call per logout, and no background retry taking the next scripted reply.
              "max-attempts",
              "1",
              "backoff-initial",
              "1m",
              "shutdown-grace",
              "0ms");
      JettyApp configured = JettyApp.create("/app").filter(LogoutFilter.class, "/*", params);
      // The container's access log, in the extended NCSA format (with Referer and User-Agent).
      configured
          .server()
          .setRequestLog(
              new CustomRequestLog(
                  line -> {
                    requestLog.add(line);
                    accessLines.countDown();
                  },
                  CustomRequestLog.EXTENDED_NCSA_FORMAT));
      try (JettyApp app = configured.start()) {
        // Jetty's loggers take their level when their class loads: load the request path first.
        assertEquals(200, Http.to(app.uri("/warm-up")).get().statusCode());
        try (JettyLogCapture jetty = JettyLogCapture.at("DEBUG")) {
          for (Reply reply :
              List.of(
                  Reply.status(200),
                  Reply.json(500, "{\"error_message\":\"" + TOKEN + "\"}"),
                  Reply.json(401, "{}"),
                  Reply.json(422, "{\"error_type\":\"" + TOKEN + "\"}"),
                  Reply.hang(),
                  Reply.reset())) {
            moonKey.enqueue(reply);
            HttpResponse<String> response =
                Http.to(app.uri("/logout"))
                    .cookie("session_token", TOKEN)
                    .header("Referer", app.uri("/page").toString())
                    .json()
                    .post();
            seen.add(response.headers().map().toString());
            seen.add(response.body());
          }
          container = jetty.text();
        }
      }
      // One call per logout; the background retrier may add one for a pending logout, since its
      // first delay is drawn from zero (full jitter), however long backoff-initial is.
      int deletes = moonKey.requestCount(SessionRevoker.DELETE_PATH);
      assertTrue(deletes >= 6 && deletes <= 10, deletes + " DELETEs");
      assertTrue(
          moonKey.requests(SessionRevoker.DELETE_PATH).get(0).body().contains(TOKEN),
          "the canary really went to MoonKey");

      MoonKeyConfig config =
          MoonKeyConfig.builder()
              .secretKey(SECRET)
              .apiUrl(moonKey.baseUri())
              .timeout(Duration.ofSeconds(2))
              .build();
      seen.add(config.toString());
      Credential credential = new Credential(CredentialType.SESSION_TOKEN, TOKEN, "test");
      seen.add(credential.toString());
      try (SessionRevoker revoker = new SessionRevoker(config)) {
        seen.add(revoker.toString());
        moonKey.enqueue(Reply.reset());
        seen.add(String.valueOf(revoker.revokeAndWait(credential)));
      }
      seen.addAll(logs.lines());
      assertFalse(logs.lines().isEmpty(), "the capture saw the logs");
      assertTrue(container.contains(":DEBUG:"), "the capture saw Jetty's DEBUG log");
      // At DEBUG, Jetty dumps the bytes and headers it received, which hold the request's own
      // cookie: that is the container echoing its input, not a leak by this library. Every other
      // line, and every line for the secret, must be clean.
      int echoes = 0;
      for (String line : container.split("\n")) {
        boolean inputEcho =
            line.contains(":DEBUG:oejh.HttpParser:")
                    && line.contains("parsedHeader(Cookie: session_token=")
                || line.contains(":DEBUG:oeji.SocketChannelEndPoint:")
                    && line.contains("filled ")
                    && line.contains("<<<POST /app/logout HTTP/1.1");
        if (inputEcho) {
          echoes++;
          assertFalse(line.contains("CANARYSECRET"), "secret leaked: " + line);
        } else {
          seen.add(line);
        }
      }
      assertEquals(12, echoes, "two echoes of the received request per logout");
      assertTrue(accessLines.await(10, TimeUnit.SECONDS), "the access log saw every request");
      assertEquals(
          6,
          requestLog.stream().filter(l -> l.contains("\"POST /app/logout HTTP/1.1\"")).count(),
          "one access-log line per logout: " + requestLog);
      seen.addAll(requestLog);
    }
    for (String line : seen) {
      assertFalse(line.contains("CANARYSECRET"), "secret leaked: " + line);
      assertFalse(line.contains("CANARYTOKEN"), "token leaked: " + line);
    }
  }
}
