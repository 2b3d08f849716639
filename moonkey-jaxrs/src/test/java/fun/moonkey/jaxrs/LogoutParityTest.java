package fun.moonkey.jaxrs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import fun.moonkey.emulator.EmulatedSession;
import fun.moonkey.emulator.MoonKeyEmulator;
import fun.moonkey.emulator.RecordedRequest;
import fun.moonkey.emulator.Reply;
import fun.moonkey.revocation.SessionRevoker;
import fun.moonkey.servlet.LogoutFilter;
import fun.moonkey.testing.Http;
import fun.moonkey.testing.JettyApp;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The filter's JSON answer and the resource's answer to the same request, in one web application
 * configured once (context-params): same status, body, {@code Set-Cookie} headers, local logout,
 * and the same credential revoked at MoonKey.
 */
class LogoutParityTest {

  private static final String FILTER = "/logout";
  private static final String RESOURCE = "/api/logout";

  private MoonKeyEmulator moonKey;
  private JettyApp app;

  /** What one logout did, as seen by the caller, the application and MoonKey. */
  private record Outcome(
      int status,
      String body,
      List<String> setCookies,
      List<Map<String, Object>> revoked,
      int whoamiAfter) {}

  @BeforeEach
  void start() throws Exception {
    moonKey = MoonKeyEmulator.start();
    app =
        JerseyOnJetty.withApplication(
                JettyApp.create("/app"), LogoutResourceTest.ListedApplication.class)
            .filter(LogoutFilter.class, "/*", Map.of())
            .contextParam("moonkey.secret-key", moonKey.secretKey())
            .contextParam("moonkey.api-url", moonKey.baseUri().toString())
            .contextParam("moonkey.logout-path", FILTER)
            .contextParam("moonkey.token-header", "X-MoonKey-Session")
            .contextParam("moonkey.jwt-cookie", "session_jwt")
            // One call per logout and no background retry during the test: the two entry points
            // are compared call for call at the emulator.
            .contextParam("moonkey.max-attempts", "1")
            .contextParam("moonkey.backoff-initial", "1m");
    app.start();
  }

  @AfterEach
  void stop() {
    app.close();
    moonKey.close();
  }

  /** Signs in (session attributes and cookie), then logs out at {@code path}. */
  private Outcome signedIn(String path, EmulatedSession session) throws Exception {
    String query =
        "/signin?token="
            + URLEncoder.encode(session.token(), StandardCharsets.UTF_8)
            + "&id="
            + session.id();
    String jsessionId = Http.sessionCookie(Http.to(app.uri(query)).get());
    Http request =
        Http.to(app.uri(path))
            .cookie("session_token", session.token())
            .cookie("JSESSIONID", jsessionId);
    return run(request, jsessionId);
  }

  private Outcome run(Http request, String jsessionId) throws Exception {
    int before = moonKey.requestCount(SessionRevoker.DELETE_PATH);
    HttpResponse<String> response = request.json().post();
    List<RecordedRequest> calls = moonKey.requests(SessionRevoker.DELETE_PATH);
    // Several credentials are revoked concurrently and arrive in any order.
    List<Map<String, Object>> revoked =
        calls.subList(before, calls.size()).stream()
            .map(RecordedRequest::jsonBody)
            .sorted(Comparator.comparing(Object::toString))
            .toList();
    int whoami =
        jsessionId == null
            ? 0
            : Http.to(app.uri("/whoami")).cookie("JSESSIONID", jsessionId).get().statusCode();
    return new Outcome(
        response.statusCode(),
        response.body(),
        response.headers().allValues("Set-Cookie"),
        revoked,
        whoami);
  }

  @Test
  void signedInUserRevokedBySessionId() throws Exception {
    EmulatedSession session = moonKey.createSession("user_1", "a@example.com");
    Outcome filter = signedIn(FILTER, session);
    // The session is gone at MoonKey now: the resource's call is answered 404, already gone.
    Outcome resource = signedIn(RESOURCE, session);

    assertEquals(filter, resource);
    assertEquals(200, filter.status());
    assertEquals(List.of(Map.of("session_id", session.id())), filter.revoked());
    assertEquals(401, filter.whoamiAfter());
  }

  @Test
  void tokenCookiesAndHeaderOnly() throws Exception {
    Outcome[] outcomes = new Outcome[2];
    String[] paths = {FILTER, RESOURCE};
    for (int i = 0; i < 2; i++) {
      Http request =
          Http.to(app.uri(paths[i]))
              .header("X-MoonKey-Session", "Bearer tok_header")
              .cookie("session_token", "tok_cookie_1")
              .cookie("session_token", "tok_cookie_2");
      outcomes[i] = run(request, null);
    }
    assertEquals(outcomes[0], outcomes[1]);
    assertEquals(
        List.of(
            Map.of("session_token", "tok_cookie_1"),
            Map.of("session_token", "tok_cookie_2"),
            Map.of("session_token", "tok_header")),
        outcomes[0].revoked());
  }

  @Test
  void jwtCookieWhenNothingElse() throws Exception {
    Outcome filter = run(Http.to(app.uri(FILTER)).cookie("session_jwt", "eyJ.a.b"), null);
    Outcome resource = run(Http.to(app.uri(RESOURCE)).cookie("session_jwt", "eyJ.a.b"), null);
    assertEquals(filter, resource);
    assertEquals(List.of(Map.of("session_jwt", "eyJ.a.b")), filter.revoked());
  }

  @Test
  void noCredential() throws Exception {
    Outcome filter = run(Http.to(app.uri(FILTER)), null);
    Outcome resource = run(Http.to(app.uri(RESOURCE)), null);
    assertEquals(filter, resource);
    assertEquals(400, filter.status());
    assertEquals(List.of(), filter.revoked());
  }

  @Test
  void moonKeyServerError() throws Exception {
    EmulatedSession session = moonKey.createSession("user_1", "a@example.com");
    moonKey.setDefaultReply(Reply.json(500, "{\"error_message\":\"boom\"}"));
    Outcome filter = signedIn(FILTER, session);
    Outcome resource = signedIn(RESOURCE, session);
    assertEquals(filter, resource);
    assertEquals("{\"success\": true, \"revocation\": \"pending\"}", filter.body());
  }

  @Test
  void badSecretKey() throws Exception {
    EmulatedSession session = moonKey.createSession("user_1", "a@example.com");
    moonKey.setDefaultReply(Reply.json(401, "{\"error_message\":\"Invalid secret key\"}"));
    Outcome filter = signedIn(FILTER, session);
    Outcome resource = signedIn(RESOURCE, session);
    assertEquals(filter, resource);
    assertEquals("{\"success\": true, \"revocation\": \"failed\"}", filter.body());
  }
}
