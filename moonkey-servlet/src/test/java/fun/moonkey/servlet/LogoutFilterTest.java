package fun.moonkey.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import fun.moonkey.emulator.EmulatedSession;
import fun.moonkey.emulator.MoonKeyEmulator;
import fun.moonkey.emulator.RecordedRequest;
import fun.moonkey.emulator.Reply;
import fun.moonkey.revocation.SessionRevoker;
import fun.moonkey.testing.Http;
import fun.moonkey.testing.JettyApp;
import fun.moonkey.testing.LogCapture;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real filter, with real init-params, in embedded Jetty, against the MoonKey emulator. */
class LogoutFilterTest {

  private static final String DELETE = SessionRevoker.DELETE_PATH;
  private static final String EXPIRED = "=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT";

  /** Jetty's session cookie is not HttpOnly by default, and the deletion repeats that. */
  private static final List<String> DELETIONS =
      List.of(
          "session_token" + EXPIRED + "; Path=/app; HttpOnly; SameSite=Lax",
          "JSESSIONID" + EXPIRED + "; Path=/app");

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

  private Map<String, String> params(String... extra) {
    Map<String, String> params = new HashMap<>();
    params.put("secret-key", moonKey.secretKey());
    params.put("api-url", moonKey.baseUri().toString());
    params.put("logout-path", "/logout");
    for (int i = 0; i < extra.length; i += 2) {
      params.put(extra[i], extra[i + 1]);
    }
    return params;
  }

  private void startApp(String... extra) throws Exception {
    app = JettyApp.create("/app").filter(LogoutFilter.class, "/*", params(extra)).start();
  }

  /** Signs in like the app does after MoonKey sign-in; returns the JSESSIONID. */
  private String signIn(EmulatedSession session, boolean withId) throws Exception {
    String query =
        "/signin?token="
            + URLEncoder.encode(session.token(), StandardCharsets.UTF_8)
            + (withId ? "&id=" + session.id() : "");
    return Http.sessionCookie(Http.to(app.uri(query)).get());
  }

  private HttpResponse<String> logout(EmulatedSession session, String jsessionId, boolean json)
      throws Exception {
    Http request =
        Http.to(app.uri("/logout"))
            .cookie("session_token", session.token())
            .cookie("JSESSIONID", jsessionId);
    return (json ? request.json() : request).post();
  }

  private int whoami(String jsessionId) throws Exception {
    return Http.to(app.uri("/whoami")).cookie("JSESSIONID", jsessionId).get().statusCode();
  }

  @Test
  void browserLogoutRevokesBySessionIdInvalidatesExpiresAndRedirects() throws Exception {
    startApp("redirect", "/signed-out");
    EmulatedSession session = moonKey.createSession("user_1", "a@example.com");
    String jsessionId = signIn(session, true);
    assertEquals(200, whoami(jsessionId));

    HttpResponse<String> response = logout(session, jsessionId, false);

    assertEquals(303, response.statusCode());
    assertEquals("/app/signed-out", response.headers().firstValue("Location").orElseThrow());
    assertEquals("no-store", response.headers().firstValue("Cache-Control").orElseThrow());
    assertEquals(DELETIONS, response.headers().allValues("Set-Cookie"));
    assertEquals(401, whoami(jsessionId));
    assertFalse(moonKey.isActive(session.id()));

    List<RecordedRequest> calls = moonKey.requests(DELETE);
    assertEquals(1, calls.size());
    RecordedRequest call = calls.get(0);
    assertEquals("DELETE", call.method());
    assertEquals("Bearer " + moonKey.secretKey(), call.header("Authorization"));
    assertTrue(
        call.header("Content-Type").startsWith("application/json"), call.header("Content-Type"));
    assertEquals("application/json", call.header("Accept"));
    assertEquals(SessionRevoker.USER_AGENT, call.header("User-Agent"));
    assertTrue(SessionRevoker.USER_AGENT.matches("moonkey-jakarta/\\d+\\.\\d+\\.\\d+.*"));
    assertEquals(Map.of("session_id", session.id()), call.jsonBody());
  }

  @Test
  void jsonLogoutAnswersSuccess() throws Exception {
    startApp();
    EmulatedSession session = moonKey.createSession("user_1", "a@example.com");
    String jsessionId = signIn(session, true);

    HttpResponse<String> response = logout(session, jsessionId, true);

    assertEquals(200, response.statusCode());
    assertEquals("{\"success\": true}", response.body());
    assertTrue(
        response.headers().firstValue("Content-Type").orElseThrow().startsWith("application/json"));
    assertEquals("no-store", response.headers().firstValue("Cache-Control").orElseThrow());
    assertEquals(DELETIONS, response.headers().allValues("Set-Cookie"));
  }

  @Test
  void xmlHttpRequestHeaderAlsoGetsJson() throws Exception {
    startApp();
    HttpResponse<String> response =
        Http.to(app.uri("/logout")).header("X-Requested-With", "XMLHttpRequest").post();
    assertEquals(400, response.statusCode());
    assertEquals("{\"error\": \"No session found\"}", response.body());
  }

  @Test
  void alreadyGoneAtMoonKeyCountsAsRevoked() throws Exception {
    startApp();
    EmulatedSession session = moonKey.createSession("user_1", "a@example.com");
    moonKey.enqueue(Reply.json(404, "{\"error_message\":\"Session not found\"}"));
    HttpResponse<String> response =
        Http.to(app.uri("/logout")).cookie("session_token", session.token()).json().post();
    assertEquals(200, response.statusCode());
    assertEquals("{\"success\": true}", response.body());
    assertEquals(
        Map.of("session_token", session.token()), moonKey.requests(DELETE).get(0).jsonBody());
  }

  @Test
  void badSecretKeyIsLoggedAtErrorWithoutTheKeyAndLocalLogoutStillHappens() throws Exception {
    startApp();
    EmulatedSession session = moonKey.createSession("user_1", "a@example.com");
    String jsessionId = signIn(session, true);
    moonKey.enqueue(Reply.json(401, "{\"error_message\":\"Invalid secret key\"}"));
    try (LogCapture logs = LogCapture.at(Level.ALL)) {
      HttpResponse<String> response = logout(session, jsessionId, true);

      assertEquals(200, response.statusCode());
      assertEquals("{\"success\": true, \"revocation\": \"failed\"}", response.body());
      assertEquals(DELETIONS, response.headers().allValues("Set-Cookie"));
      assertEquals(401, whoami(jsessionId));
      // The logout's one line says it; the revoker's own line for the call is at DEBUG.
      List<String> errors = logs.messages("fun.moonkey.logout.LogoutLog", Level.SEVERE);
      assertEquals(1, errors.size(), logs.lines().toString());
      assertEquals(List.of(), logs.messages(SessionRevoker.class.getName(), Level.SEVERE));
      assertTrue(errors.get(0).contains("moonkey.secret-key"), errors.get(0));
      assertTrue(errors.get(0).contains("MOONKEY_SECRET_KEY"), errors.get(0));
      assertFalse(String.join("\n", logs.lines()).contains(moonKey.secretKey()));
    }
  }

  @Test
  void moonKeyServerErrorIsReportedPendingAfterTheLocalLogout() throws Exception {
    startApp();
    EmulatedSession session = moonKey.createSession("user_1", "a@example.com");
    String jsessionId = signIn(session, true);
    // Three attempts (max-attempts' default) within the budget, all failing.
    Reply boom = Reply.json(500, "{\"error_message\":\"boom\"}");
    moonKey.enqueue(boom, boom, boom);

    HttpResponse<String> response = logout(session, jsessionId, true);

    assertEquals(200, response.statusCode());
    assertEquals("{\"success\": true, \"revocation\": \"pending\"}", response.body());
    assertEquals(DELETIONS, response.headers().allValues("Set-Cookie"));
    assertEquals(401, whoami(jsessionId));
  }

  @Test
  void failPolicyAnswers500ButStillLogsOutLocally() throws Exception {
    startApp("on-revocation-failure", "fail");
    EmulatedSession session = moonKey.createSession("user_1", "a@example.com");
    String jsessionId = signIn(session, true);
    moonKey.enqueue(Reply.status(503), Reply.status(503), Reply.status(503));

    HttpResponse<String> response = logout(session, jsessionId, true);

    assertEquals(500, response.statusCode());
    assertEquals("{\"error\": \"Logout failed\"}", response.body());
    assertEquals(DELETIONS, response.headers().allValues("Set-Cookie"));
    assertEquals(401, whoami(jsessionId));
  }

  @Test
  void hangingMoonKeyCannotHoldTheLogoutPastTheTimeout() throws Exception {
    // No background retry during the test: the one call counted is the logout's own.
    startApp("timeout", "1s", "backoff-initial", "1m");
    EmulatedSession session = moonKey.createSession("user_1", "a@example.com");
    String jsessionId = signIn(session, true);
    moonKey.enqueue(Reply.hang());

    long start = System.nanoTime();
    HttpResponse<String> response = logout(session, jsessionId, true);
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    // The 1 s timeout and a margin for a loaded machine; a hang held to the end never answers.
    assertTrue(took.compareTo(Duration.ofMillis(2500)) < 0, "took " + took);
    assertTrue(took.compareTo(Duration.ofMillis(900)) > 0, "took " + took);
    assertEquals(200, response.statusCode());
    assertEquals("{\"success\": true, \"revocation\": \"pending\"}", response.body());
    assertEquals(401, whoami(jsessionId));
    assertEquals(1, moonKey.requestCount(DELETE));
  }

  @Test
  void noCredentialAnswers400ToJsonAndRedirectsABrowser() throws Exception {
    startApp();
    HttpResponse<String> json = Http.to(app.uri("/logout")).json().post();
    assertEquals(400, json.statusCode());
    assertEquals("{\"error\": \"No session found\"}", json.body());
    assertEquals(DELETIONS, json.headers().allValues("Set-Cookie"));

    HttpResponse<String> browser = Http.to(app.uri("/logout")).post();
    assertEquals(303, browser.statusCode());
    assertEquals("/app/", browser.headers().firstValue("Location").orElseThrow());
    assertEquals(0, moonKey.requestCount(DELETE));
  }

  @Test
  void tokenFromTheCookieAlone() throws Exception {
    startApp();
    EmulatedSession session = moonKey.createSession("user_1", "a@example.com");
    HttpResponse<String> response =
        Http.to(app.uri("/logout")).cookie("session_token", session.token()).json().post();
    assertEquals("{\"success\": true}", response.body());
    assertEquals(
        Map.of("session_token", session.token()), moonKey.requests(DELETE).get(0).jsonBody());
    assertFalse(moonKey.isActive(session.id()));
  }

  @Test
  void tokenFromTheSessionAttributeAlone() throws Exception {
    startApp();
    EmulatedSession session = moonKey.createSession("user_1", "a@example.com");
    String jsessionId = signIn(session, false);
    HttpResponse<String> response =
        Http.to(app.uri("/logout")).cookie("JSESSIONID", jsessionId).json().post();
    assertEquals("{\"success\": true}", response.body());
    assertEquals(
        Map.of("session_token", session.token()), moonKey.requests(DELETE).get(0).jsonBody());
  }

  @Test
  void sessionIdFromTheSessionAttributeIsPreferred() throws Exception {
    startApp();
    EmulatedSession session = moonKey.createSession("user_1", "a@example.com");
    String jsessionId = signIn(session, true);
    Http.to(app.uri("/logout")).cookie("JSESSIONID", jsessionId).json().post();
    assertEquals(Map.of("session_id", session.id()), moonKey.requests(DELETE).get(0).jsonBody());
  }

  @Test
  void tokenFromAConfiguredHeader() throws Exception {
    startApp("token-header", "X-MoonKey-Session");
    EmulatedSession session = moonKey.createSession("user_1", "a@example.com");
    HttpResponse<String> response =
        Http.to(app.uri("/logout")).header("X-MoonKey-Session", session.token()).json().post();
    assertEquals("{\"success\": true}", response.body());
    assertEquals(
        Map.of("session_token", session.token()), moonKey.requests(DELETE).get(0).jsonBody());
  }

  @Test
  void getIsRefusedWith405AndChangesNothing() throws Exception {
    startApp();
    EmulatedSession session = moonKey.createSession("user_1", "a@example.com");
    String jsessionId = signIn(session, true);

    HttpResponse<String> response =
        Http.to(app.uri("/logout"))
            .cookie("JSESSIONID", jsessionId)
            .cookie("session_token", session.token())
            .get();

    assertEquals(405, response.statusCode());
    assertEquals("POST", response.headers().firstValue("Allow").orElseThrow());
    assertEquals(List.of(), response.headers().allValues("Set-Cookie"));
    assertEquals(200, whoami(jsessionId));
    assertEquals(0, moonKey.requestCount(DELETE));
    assertTrue(moonKey.isActive(session.id()));
  }

  @Test
  void configuredMethodsAreAllowed() throws Exception {
    startApp("methods", "POST,DELETE");
    HttpResponse<String> response = Http.to(app.uri("/logout")).json().send("DELETE");
    assertEquals(400, response.statusCode());
    HttpResponse<String> put = Http.to(app.uri("/logout")).send("PUT");
    assertEquals(405, put.statusCode());
    assertEquals("DELETE, POST", put.headers().firstValue("Allow").orElseThrow());
  }

  @Test
  void otherPathsPassDownTheChainUntouched() throws Exception {
    startApp();
    EmulatedSession session = moonKey.createSession("user_1", "a@example.com");
    String jsessionId = signIn(session, true);
    HttpResponse<String> response =
        Http.to(app.uri("/logout/other")).cookie("JSESSIONID", jsessionId).post();
    assertEquals(200, response.statusCode());
    assertEquals("downstream POST /logout/other", response.body());
    assertEquals(List.of(), response.headers().allValues("Set-Cookie"));
    assertEquals(200, whoami(jsessionId));
    assertEquals(0, moonKey.requestCount(DELETE));
  }

  @Test
  void withoutLogoutPathEveryMappedRequestIsALogout() throws Exception {
    Map<String, String> params = params();
    params.remove("logout-path");
    app = JettyApp.create("/app").filter(LogoutFilter.class, "/signout/*", params).start();
    assertEquals(303, Http.to(app.uri("/signout/anything")).post().statusCode());
    assertEquals("downstream POST /other", Http.to(app.uri("/other")).post().body());
  }

  @Test
  void aSessionInvalidatedEarlierInTheChainIsTolerated() throws Exception {
    Filter invalidator =
        (req, res, chain) -> {
          HttpSession session = ((HttpServletRequest) req).getSession(false);
          if (session != null) {
            session.invalidate();
          }
          chain.doFilter(req, res);
        };
    app =
        JettyApp.create("/app")
            .filter(invalidator, "/*")
            .filter(LogoutFilter.class, "/*", params())
            .start();
    EmulatedSession session = moonKey.createSession("user_1", "a@example.com");
    String jsessionId = signIn(session, true);

    HttpResponse<String> response = logout(session, jsessionId, true);

    assertEquals(200, response.statusCode());
    assertEquals("{\"success\": true}", response.body());
    assertEquals(
        Map.of("session_token", session.token()), moonKey.requests(DELETE).get(0).jsonBody());
  }

  @Test
  void badConfigurationStopsInitNamingTheKey() {
    Map<String, String> params = params("timeout", "soon");
    jakarta.servlet.FilterConfig filterConfig = mock(jakarta.servlet.FilterConfig.class);
    jakarta.servlet.ServletContext context = mock(jakarta.servlet.ServletContext.class);
    when(filterConfig.getServletContext()).thenReturn(context);
    when(context.getInitParameterNames()).thenReturn(java.util.Collections.emptyEnumeration());
    when(filterConfig.getInitParameterNames())
        .thenReturn(java.util.Collections.enumeration(params.keySet()));
    when(filterConfig.getInitParameter(org.mockito.ArgumentMatchers.anyString()))
        .thenAnswer(call -> params.get(call.<String>getArgument(0)));

    jakarta.servlet.ServletException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            jakarta.servlet.ServletException.class, () -> new LogoutFilter().init(filterConfig));
    assertEquals(
        "moonkey.timeout: expected a duration like 5s or 500ms, got 'soon' (from filter init-param"
            + " 'timeout')",
        e.getMessage());
  }
}
