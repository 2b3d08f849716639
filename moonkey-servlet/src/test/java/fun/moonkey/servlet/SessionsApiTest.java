package fun.moonkey.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fun.moonkey.emulator.EmulatedSession;
import fun.moonkey.emulator.MoonKeyEmulator;
import fun.moonkey.emulator.Reply;
import fun.moonkey.event.AfterLogout;
import fun.moonkey.event.BeforeLogout;
import fun.moonkey.event.LogoutListener;
import fun.moonkey.event.LogoutOutcome;
import fun.moonkey.event.Trigger;
import fun.moonkey.revocation.SessionRevoker;
import fun.moonkey.testing.Await;
import fun.moonkey.testing.Http;
import fun.moonkey.testing.JettyApp;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * "Your devices" ({@code sessions-api}) through the filter in Jetty, against the emulator: what the
 * list answers, what MoonKey received, and that only the user's own other sessions are ended, by a
 * same-origin POST.
 */
class SessionsApiTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private MoonKeyEmulator moonKey;
  private JettyApp app;
  private EmulatedSession laptop;
  private EmulatedSession phone;
  private EmulatedSession stranger;

  @BeforeEach
  void start() {
    moonKey = MoonKeyEmulator.start();
    laptop =
        moonKey.createSession(
            "user_1", "a@example.com", "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0", "10.0.0.5");
    phone =
        moonKey.createSession(
            "user_1", "a@example.com", "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0)", "203.0.113.9");
    stranger = moonKey.createSession("user_2", "b@example.com");
  }

  @AfterEach
  void stop() {
    if (app != null) {
      app.close();
    }
    moonKey.close();
  }

  private void startApp(String... extra) throws Exception {
    Map<String, String> params = new HashMap<>();
    params.put("api-url", moonKey.baseUri().toString());
    params.put("logout-path", "/logout");
    params.put("sessions-api", "true");
    params.put("max-attempts", "1");
    params.put("backoff-initial", "10ms");
    params.put("pending-store", "memory");
    for (int i = 0; i < extra.length; i += 2) {
      params.put(extra[i], extra[i + 1]);
    }
    app =
        JettyApp.create("/app")
            .filter(LogoutFilter.class, "/*", params)
            .contextParam("moonkey.secret-key", moonKey.secretKey())
            .start();
  }

  private String signIn(EmulatedSession session) throws Exception {
    return Http.sessionCookie(
        Http.to(
                app.uri(
                    "/signin?token="
                        + URLEncoder.encode(session.token(), StandardCharsets.UTF_8)
                        + "&id="
                        + session.id()))
            .get());
  }

  private HttpResponse<String> list(String jsessionId) throws Exception {
    return Http.to(app.uri("/logout/sessions"))
        .json()
        .header("Sec-Fetch-Site", "same-origin")
        .cookie("JSESSIONID", jsessionId)
        .get();
  }

  private HttpResponse<String> end(String jsessionId, String sessionId) throws Exception {
    return Http.to(app.uri("/logout/sessions/end"))
        .json()
        .header("Sec-Fetch-Site", "same-origin")
        .cookie("JSESSIONID", jsessionId)
        .post("application/x-www-form-urlencoded", "session_id=" + sessionId);
  }

  private int deletes() {
    return moonKey.requests(SessionRevoker.DELETE_PATH).size();
  }

  @Test
  void listAnswersTheUsersSessionsWithTheCurrentOneMarkedAndNoCredential() throws Exception {
    startApp();
    String jsessionId = signIn(laptop);

    HttpResponse<String> answer = list(jsessionId);

    assertEquals(200, answer.statusCode(), answer.body());
    assertEquals("no-store", answer.headers().firstValue("Cache-Control").orElseThrow());
    assertEquals(
        "application/json;charset=utf-8",
        answer.headers().firstValue("Content-Type").orElseThrow().toLowerCase());
    JsonNode sessions = JSON.readTree(answer.body()).get("sessions");
    assertEquals(2, sessions.size(), answer.body());
    JsonNode first = sessions.get(0);
    assertEquals(laptop.id(), first.get("id").textValue());
    assertTrue(first.get("current").booleanValue());
    assertEquals(
        "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0", first.get("user_agent").textValue());
    assertEquals("10.0.0.5", first.get("ip_address").textValue());
    assertTrue(first.get("created_at").isTextual());
    assertTrue(first.get("last_active_at").isTextual());
    assertTrue(first.get("expires_at").isTextual());
    JsonNode second = sessions.get(1);
    assertEquals(phone.id(), second.get("id").textValue());
    assertFalse(second.get("current").booleanValue());
    assertEquals("203.0.113.9", second.get("ip_address").textValue());
    for (EmulatedSession s : List.of(laptop, phone)) {
      assertFalse(answer.body().contains(s.token()), "a token in the answer");
      assertFalse(answer.body().contains(s.jwt()), "a JWT in the answer");
    }
    // Who the user is came from verify with this request's token, their sessions from list.
    assertEquals(
        Map.of("session_token", laptop.token()),
        moonKey.requests(SessionRevoker.VERIFY_PATH).get(0).jsonBody());
    assertEquals("user_id=user_1", moonKey.requests(SessionRevoker.LIST_PATH).get(0).rawQuery());
    assertEquals(0, deletes());
    assertEquals(
        200, Http.to(app.uri("/whoami")).cookie("JSESSIONID", jsessionId).get().statusCode());
  }

  @Test
  void listWithoutAMoonKeySessionAnswers401AndAsksMoonKeyNothing() throws Exception {
    startApp();

    HttpResponse<String> answer = Http.to(app.uri("/logout/sessions")).json().get();

    assertEquals(401, answer.statusCode());
    assertEquals("{\"error\": \"Not signed in\"}", answer.body());
    assertEquals("no-store", answer.headers().firstValue("Cache-Control").orElseThrow());
    assertEquals(0, moonKey.requests().size());
  }

  @Test
  void listWhenMoonKeyNoLongerKnowsTheTokenAnswers401() throws Exception {
    startApp();
    String jsessionId = signIn(laptop);
    moonKey.enqueue(Reply.json(401, "{\"error_type\": \"invalid_session\"}"));

    HttpResponse<String> answer = list(jsessionId);

    assertEquals(401, answer.statusCode(), answer.body());
    assertEquals(0, moonKey.requests(SessionRevoker.LIST_PATH).size());
  }

  @Test
  void listWhenMoonKeyAnswers503Answers503() throws Exception {
    startApp();
    String jsessionId = signIn(laptop);
    moonKey.setDefaultReply(Reply.status(503));

    HttpResponse<String> answer = list(jsessionId);

    assertEquals(503, answer.statusCode());
    assertEquals("{\"error\": \"MoonKey unavailable\"}", answer.body());
    assertEquals("no-store", answer.headers().firstValue("Cache-Control").orElseThrow());
  }

  @Test
  void listWhenMoonKeyHangsAnswers503WithinTheTimeout() throws Exception {
    startApp("timeout", "500ms");
    String jsessionId = signIn(laptop);
    moonKey.setDefaultReply(Reply.hang());

    long started = System.nanoTime();
    HttpResponse<String> answer = list(jsessionId);
    long millis = (System.nanoTime() - started) / 1_000_000;

    assertEquals(503, answer.statusCode(), answer.body());
    assertTrue(millis < 2_000, "answered after " + millis + " ms");
  }

  @Test
  void endingAnotherSessionOfTheUserRevokesItAndItLeavesTheList() throws Exception {
    startApp();
    String jsessionId = signIn(laptop);

    HttpResponse<String> answer = end(jsessionId, phone.id());

    assertEquals(200, answer.statusCode(), answer.body());
    assertEquals("{\"success\": true}", answer.body());
    assertEquals("no-store", answer.headers().firstValue("Cache-Control").orElseThrow());
    assertEquals(1, deletes());
    assertEquals(
        Map.of("session_id", phone.id()),
        moonKey.requests(SessionRevoker.DELETE_PATH).get(0).jsonBody());
    assertFalse(moonKey.isActive(phone.id()));
    assertTrue(moonKey.isActive(laptop.id()));
    assertTrue(answer.headers().allValues("Set-Cookie").isEmpty(), "this session stays");
    JsonNode sessions = JSON.readTree(list(jsessionId).body()).get("sessions");
    assertEquals(1, sessions.size());
    assertEquals(laptop.id(), sessions.get(0).get("id").textValue());
  }

  @Test
  void endTakesAJsonBodyToo() throws Exception {
    startApp();
    String jsessionId = signIn(laptop);

    HttpResponse<String> answer =
        Http.to(app.uri("/logout/sessions/end"))
            .json()
            .header("Sec-Fetch-Site", "same-origin")
            .cookie("JSESSIONID", jsessionId)
            .post("application/json", "{\"session_id\": \"" + phone.id() + "\"}");

    assertEquals(200, answer.statusCode(), answer.body());
    assertFalse(moonKey.isActive(phone.id()));
  }

  @Test
  void endingAnotherUsersSessionAnswers404AndRevokesNothing() throws Exception {
    startApp();
    String jsessionId = signIn(laptop);

    HttpResponse<String> answer = end(jsessionId, stranger.id());

    assertEquals(404, answer.statusCode(), answer.body());
    assertEquals("{\"error\": \"Session not found\"}", answer.body());
    assertEquals(0, deletes());
    assertTrue(moonKey.isActive(stranger.id()));
    // Checked against a list fetched for this request.
    assertEquals(1, moonKey.requests(SessionRevoker.LIST_PATH).size());
  }

  @Test
  void endingTheCurrentSessionAnswers409WithTheLogoutPathAndRevokesNothing() throws Exception {
    startApp();
    String jsessionId = signIn(laptop);

    HttpResponse<String> answer = end(jsessionId, laptop.id());

    assertEquals(409, answer.statusCode(), answer.body());
    assertEquals(
        "{\"error\":\"This is the current session: log out instead\",\"logout\":\"/app/logout\"}",
        answer.body());
    assertEquals(0, deletes());
    assertTrue(moonKey.isActive(laptop.id()));
  }

  @Test
  void crossSiteEndIsRefusedAndChangesNothing() throws Exception {
    startApp();
    String jsessionId = signIn(laptop);

    HttpResponse<String> answer =
        Http.to(app.uri("/logout/sessions/end"))
            .header("Sec-Fetch-Site", "cross-site")
            .header("Origin", "https://evil.example")
            .cookie("JSESSIONID", jsessionId)
            .post("application/x-www-form-urlencoded", "session_id=" + phone.id());
    HttpResponse<String> noFetchMetadata =
        Http.to(app.uri("/logout/sessions/end"))
            .header("Origin", "https://evil.example")
            .cookie("JSESSIONID", jsessionId)
            .post("application/x-www-form-urlencoded", "session_id=" + phone.id());

    assertEquals(403, answer.statusCode());
    assertEquals("{\"error\": \"Cross-site request refused\"}", answer.body());
    assertEquals(403, noFetchMetadata.statusCode());
    assertEquals(0, moonKey.requests().size(), "MoonKey was not even asked");
    assertTrue(moonKey.isActive(phone.id()));
  }

  @Test
  void allowedOriginMayEndWithCors() throws Exception {
    startApp("allowed-origins", "https://app.example.com");
    String jsessionId = signIn(laptop);

    HttpResponse<String> answer =
        Http.to(app.uri("/logout/sessions/end"))
            .header("Sec-Fetch-Site", "cross-site")
            .header("Origin", "https://app.example.com")
            .cookie("JSESSIONID", jsessionId)
            .post("application/x-www-form-urlencoded", "session_id=" + phone.id());

    assertEquals(200, answer.statusCode(), answer.body());
    assertEquals(
        "https://app.example.com",
        answer.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
    assertFalse(moonKey.isActive(phone.id()));
  }

  @Test
  void endWithoutSessionIdAnswers400AndAsksMoonKeyNothing() throws Exception {
    startApp();
    String jsessionId = signIn(laptop);

    HttpResponse<String> answer =
        Http.to(app.uri("/logout/sessions/end"))
            .json()
            .header("Sec-Fetch-Site", "same-origin")
            .cookie("JSESSIONID", jsessionId)
            .post("application/json", "{\"id\": \"" + phone.id() + "\"}");

    assertEquals(400, answer.statusCode());
    assertEquals("{\"error\": \"session_id required\"}", answer.body());
    assertEquals(0, moonKey.requests().size());
  }

  @Test
  void wrongMethodsAnswer405WithAllow() throws Exception {
    startApp();
    String jsessionId = signIn(laptop);

    HttpResponse<String> postList =
        Http.to(app.uri("/logout/sessions")).cookie("JSESSIONID", jsessionId).post();
    HttpResponse<String> getEnd =
        Http.to(app.uri("/logout/sessions/end")).cookie("JSESSIONID", jsessionId).get();

    assertEquals(405, postList.statusCode());
    assertEquals("GET", postList.headers().firstValue("Allow").orElseThrow());
    assertEquals(405, getEnd.statusCode());
    assertEquals("POST", getEnd.headers().firstValue("Allow").orElseThrow());
    assertEquals(0, moonKey.requests().size());
  }

  @Test
  void endWhenMoonKeyFailsIsPendingToldToListenersAndDeliveredLater() throws Exception {
    startApp();
    List<BeforeLogout> before = new CopyOnWriteArrayList<>();
    List<AfterLogout> after = new CopyOnWriteArrayList<>();
    SharedServices.of(app.context().getServletContext())
        .events()
        .register(
            new LogoutListener() {
              @Override
              public void beforeLogout(BeforeLogout event) {
                before.add(event);
              }

              @Override
              public void afterLogout(AfterLogout event) {
                after.add(event);
              }
            });
    String jsessionId = signIn(laptop);
    // verify and list as MoonKey answers them, then the delete fails for now.
    moonKey.enqueue(
        Reply.json(
            200, "{\"session\": {\"id\": \"" + laptop.id() + "\", \"user_id\": \"user_1\"}}"),
        Reply.json(
            200,
            "{\"sessions\": [{\"id\": \""
                + laptop.id()
                + "\"}, {\"id\": \""
                + phone.id()
                + "\"}]}"),
        Reply.status(503));

    HttpResponse<String> answer = end(jsessionId, phone.id());

    assertEquals(200, answer.statusCode(), answer.body());
    assertEquals("{\"success\": true, \"revocation\": \"pending\"}", answer.body());
    assertEquals(1, before.size());
    assertEquals(Trigger.SESSION_LIST, before.get(0).trigger());
    Await.until(Duration.ofSeconds(5), () -> after.size() == 1, () -> "after: " + after);
    assertEquals(Trigger.SESSION_LIST, after.get(0).trigger());
    assertEquals(LogoutOutcome.PENDING, after.get(0).outcome());
    assertFalse(after.get(0).credentials().toString().contains(phone.id()), "only a hash");
    Await.until(
        Duration.ofSeconds(20),
        () -> !moonKey.isActive(phone.id()),
        () -> "DELETE calls: " + moonKey.requests(SessionRevoker.DELETE_PATH));
    assertTrue(moonKey.isActive(laptop.id()));
  }

  @Test
  void withEnforceRevocationsTheEndedSessionsHttpSessionEndsAtItsNextRequest() throws Exception {
    startApp("enforce-revocations", "true");
    String laptopSession = signIn(laptop);
    String phoneSession = signIn(phone);
    assertEquals(
        200, Http.to(app.uri("/whoami")).cookie("JSESSIONID", phoneSession).get().statusCode());

    assertEquals(200, end(laptopSession, phone.id()).statusCode());

    HttpResponse<String> next =
        Http.to(app.uri("/whoami")).json().cookie("JSESSIONID", phoneSession).get();
    assertEquals(401, next.statusCode(), next.body());
    assertEquals("{\"error\": \"Session revoked\"}", next.body());
    assertEquals(
        401,
        Http.to(app.uri("/whoami")).cookie("JSESSIONID", phoneSession).get().statusCode(),
        "its HttpSession is gone");
    assertEquals(
        200, Http.to(app.uri("/whoami")).cookie("JSESSIONID", laptopSession).get().statusCode());
  }

  @Test
  void offByDefaultThePathsPassDownTheChain() throws Exception {
    Map<String, String> params = new HashMap<>();
    params.put("api-url", moonKey.baseUri().toString());
    params.put("logout-path", "/logout");
    app =
        JettyApp.create("/app")
            .filter(LogoutFilter.class, "/*", params)
            .contextParam("moonkey.secret-key", moonKey.secretKey())
            .start();
    String jsessionId = signIn(laptop);

    HttpResponse<String> answer = list(jsessionId);

    assertEquals(200, answer.statusCode());
    assertEquals("downstream GET /logout/sessions", answer.body());
    assertEquals(0, moonKey.requests().size());
  }

  @Test
  void withoutLogoutPathTheFilterDoesNotStart() {
    Map<String, String> params = new HashMap<>();
    params.put("api-url", moonKey.baseUri().toString());
    params.put("sessions-api", "true");
    List<Throwable> failures = new ArrayList<>();
    Exception failed =
        assertThrows(
            Exception.class,
            () ->
                JettyApp.create("/app")
                    .filter(LogoutFilter.class, "/*", params)
                    .contextParam("moonkey.secret-key", moonKey.secretKey())
                    .start());
    for (Throwable t = failed; t != null; t = t.getCause()) {
      failures.add(t);
    }
    assertTrue(
        failures.stream()
            .anyMatch(
                t ->
                    ("moonkey.sessions-api: true needs moonkey.logout-path for the filter (its"
                            + " endpoints are {logout-path}/sessions and"
                            + " {logout-path}/sessions/end), but it is not set")
                        .equals(t.getMessage())),
        failures.toString());
  }
}
