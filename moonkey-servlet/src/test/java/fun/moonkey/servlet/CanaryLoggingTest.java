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
import fun.moonkey.testing.LogCapture;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/**
 * With a canary secret and a canary token, nothing logged at any level by us, Jersey or the JDK
 * (all of them write through {@code java.util.logging}), no response, no exception message and no
 * {@code toString()} contains either.
 */
class CanaryLoggingTest {

  private static final String SECRET = "sk_test_CANARYSECRET7f3a9c";
  private static final String TOKEN = "mk_sess_CANARYTOKEN51e0d2";

  @Test
  void neitherSecretNorTokenLeaks() throws Exception {
    List<String> seen = new ArrayList<>();
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
              "timeout",
              "500ms",
              // One call per logout, and no background retry taking the next scripted reply.
              "max-attempts",
              "1",
              "backoff-initial",
              "1m",
              "shutdown-grace",
              "0ms");
      try (JettyApp app =
          JettyApp.create("/app").filter(LogoutFilter.class, "/*", params).start()) {
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
              Http.to(app.uri("/logout")).cookie("session_token", TOKEN).json().post();
          seen.add(response.headers().map().toString());
          seen.add(response.body());
        }
      }
      assertEquals(6, moonKey.requestCount(SessionRevoker.DELETE_PATH));
      assertTrue(
          moonKey.requests(SessionRevoker.DELETE_PATH).get(0).body().contains(TOKEN),
          "the canary really went to MoonKey");

      MoonKeyConfig config =
          MoonKeyConfig.builder()
              .secretKey(SECRET)
              .apiUrl(moonKey.baseUri())
              .timeout(Duration.ofMillis(500))
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
    }
    for (String line : seen) {
      assertFalse(line.contains("CANARYSECRET"), "secret leaked: " + line);
      assertFalse(line.contains("CANARYTOKEN"), "token leaked: " + line);
    }
  }
}
