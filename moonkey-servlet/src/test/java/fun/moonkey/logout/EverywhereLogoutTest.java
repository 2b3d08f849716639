package fun.moonkey.logout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import fun.moonkey.emulator.EmulatedSession;
import fun.moonkey.emulator.MoonKeyEmulator;
import fun.moonkey.emulator.Reply;
import fun.moonkey.event.AfterLogout;
import fun.moonkey.event.LogoutListener;
import fun.moonkey.event.LogoutOutcome;
import fun.moonkey.event.Trigger;
import fun.moonkey.revocation.SessionRevoker;
import fun.moonkey.servlet.LogoutFilter;
import fun.moonkey.servlet.SharedServices;
import fun.moonkey.testing.Await;
import fun.moonkey.testing.Http;
import fun.moonkey.testing.JettyApp;
import fun.moonkey.testing.LogCapture;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code scope=all} and {@code scope=others} through the filter in Jetty, against the emulator. */
class EverywhereLogoutTest {

  private MoonKeyEmulator moonKey;
  private JettyApp app;
  private EmulatedSession a;
  private EmulatedSession b;
  private EmulatedSession c;
  private EmulatedSession otherUser;

  @BeforeEach
  void start() {
    moonKey = MoonKeyEmulator.start();
    a = moonKey.createSession("user_1", "a@example.com");
    b = moonKey.createSession("user_1", "a@example.com");
    c = moonKey.createSession("user_1", "a@example.com");
    otherUser = moonKey.createSession("user_2", "b@example.com");
  }

  @AfterEach
  void stop() {
    if (app != null) {
      app.close();
    }
    moonKey.close();
  }

  private void startApp(String scopes) throws Exception {
    startApp(scopes, Map.of());
  }

  private void startApp(String scopes, Map<String, String> extra) throws Exception {
    Map<String, String> params =
        scopes == null
            ? Map.of("api-url", moonKey.baseUri().toString(), "max-attempts", "1")
            : Map.of(
                "api-url",
                moonKey.baseUri().toString(),
                "max-attempts",
                "1",
                "backoff-initial",
                "10ms",
                "scopes",
                scopes);
    Map<String, String> all = new HashMap<>(params);
    all.putAll(extra);
    app =
        JettyApp.create("/app")
            .filter(LogoutFilter.class, "/logout", all)
            .contextParam("moonkey.secret-key", moonKey.secretKey())
            .start();
  }

  private String signIn(EmulatedSession session) throws Exception {
    return Http.sessionCookie(
        Http.to(app.uri("/signin?token=" + session.token() + "&id=" + session.id())).get());
  }

  private HttpResponse<String> logout(String scope, String jsessionId, EmulatedSession session)
      throws Exception {
    return Http.to(app.uri("/logout?scope=" + scope))
        .json()
        .cookie("JSESSIONID", jsessionId)
        .cookie("session_token", session.token())
        .post();
  }

  private Set<String> deletedIds() {
    return moonKey.requests(SessionRevoker.DELETE_PATH).stream()
        .map(r -> (String) r.jsonBody().get("session_id"))
        .collect(Collectors.toSet());
  }

  @Test
  void scopeAllRevokesEverySessionOfTheUserAndLogsOutLocally() throws Exception {
    startApp("all,others");
    String jsessionId = signIn(a);

    HttpResponse<String> answer = logout("all", jsessionId, a);

    assertEquals(200, answer.statusCode());
    assertEquals(
        "{\"success\": true, \"revoked\": 3, \"pending\": 0, \"failed\": 0}", answer.body());
    assertEquals(
        Map.of("session_token", a.token()),
        moonKey.requests(SessionRevoker.VERIFY_PATH).get(0).jsonBody());
    assertEquals("user_id=user_1", moonKey.requests(SessionRevoker.LIST_PATH).get(0).rawQuery());
    assertEquals(Set.of(a.id(), b.id(), c.id()), deletedIds());
    assertFalse(moonKey.isActive(a.id()));
    assertFalse(moonKey.isActive(b.id()));
    assertFalse(moonKey.isActive(c.id()));
    assertTrue(moonKey.isActive(otherUser.id()));
    assertTrue(
        answer.headers().allValues("Set-Cookie").stream()
            .anyMatch(h -> h.startsWith("JSESSIONID=")));
    assertEquals(
        401, Http.to(app.uri("/whoami")).cookie("JSESSIONID", jsessionId).get().statusCode());
  }

  @Test
  void scopeOthersRevokesTheOtherSessionsAndKeepsThisOneSignedIn() throws Exception {
    startApp("others");
    String jsessionId = signIn(a);

    HttpResponse<String> answer = logout("others", jsessionId, a);

    assertEquals(200, answer.statusCode());
    assertEquals(
        "{\"success\": true, \"revoked\": 2, \"pending\": 0, \"failed\": 0}", answer.body());
    assertEquals(Set.of(b.id(), c.id()), deletedIds());
    assertTrue(moonKey.isActive(a.id()));
    assertEquals(List.of(), answer.headers().allValues("Set-Cookie"));
    assertEquals(
        200, Http.to(app.uri("/whoami")).cookie("JSESSIONID", jsessionId).get().statusCode());
  }

  /** Clear-Site-Data is a step of the local logout: {@code others} keeps this session's data. */
  @Test
  void clearSiteDataGoesWithTheLocalLogoutOnly() throws Exception {
    startApp(
        "all,others", Map.of("clear-site-data", "cookies,storage", "trusted-proxies", "127.0.0.1"));

    HttpResponse<String> others =
        Http.to(app.uri("/logout?scope=others"))
            .json()
            .header("X-Forwarded-Proto", "https")
            .cookie("JSESSIONID", signIn(a))
            .cookie("session_token", a.token())
            .post();
    HttpResponse<String> all =
        Http.to(app.uri("/logout?scope=all"))
            .json()
            .header("X-Forwarded-Proto", "https")
            .cookie("JSESSIONID", signIn(otherUser))
            .cookie("session_token", otherUser.token())
            .post();

    assertEquals(200, others.statusCode(), others.body());
    assertEquals(Optional.empty(), others.headers().firstValue("Clear-Site-Data"));
    assertEquals(200, all.statusCode(), all.body());
    assertEquals(
        Optional.of("\"cookies\", \"storage\""), all.headers().firstValue("Clear-Site-Data"));
  }

  @Test
  void transientFailuresAreCountedPendingToldToListenersAndDeliveredLater() throws Exception {
    startApp("all");
    List<AfterLogout> heard = new CopyOnWriteArrayList<>();
    SharedServices.of(app.context().getServletContext())
        .events()
        .register(
            new LogoutListener() {
              @Override
              public void afterLogout(AfterLogout event) {
                heard.add(event);
              }
            });
    String jsessionId = signIn(a);
    // verify and list as MoonKey answers them, then both deletions fail transiently.
    moonKey.enqueue(
        Reply.json(200, "{\"session\": {\"id\": \"" + a.id() + "\", \"user_id\": \"user_1\"}}"),
        Reply.json(
            200, "{\"sessions\": [{\"id\": \"" + a.id() + "\"}, {\"id\": \"" + b.id() + "\"}]}"),
        Reply.status(503),
        Reply.status(503));

    HttpResponse<String> answer = logout("all", jsessionId, a);

    assertEquals(200, answer.statusCode());
    assertEquals(
        "{\"success\": true, \"revoked\": 0, \"pending\": 2, \"failed\": 0}", answer.body());
    assertEquals(1, heard.size());
    assertEquals(Trigger.EVERYWHERE, heard.get(0).trigger());
    assertEquals(LogoutOutcome.PENDING, heard.get(0).outcome());
    // The background retrier delivers both once MoonKey answers again.
    Await.until(
        Duration.ofSeconds(20),
        () -> !moonKey.isActive(a.id()) && !moonKey.isActive(b.id()),
        () -> "DELETE calls: " + moonKey.requests(SessionRevoker.DELETE_PATH));
    assertTrue(moonKey.isActive(c.id()), "not listed, so not revoked");
  }

  @Test
  void fiftySessionsOnASlowMoonKeyAnswerWithinOneTimeoutAndAllEndRevoked() throws Exception {
    startApp("all", Map.of("timeout", "2s"));
    List<EmulatedSession> more = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      more.add(moonKey.createSession("user_1", "a@example.com"));
    }
    String jsessionId = signIn(a);
    moonKey.setLatency(Duration.ofMillis(300));

    long start = System.nanoTime();
    HttpResponse<String> answer = logout("all", jsessionId, a);
    long took = (System.nanoTime() - start) / 1_000_000;

    System.out.println(
        "measured: log out everywhere of 53 sessions answered in "
            + took
            + " ms: "
            + answer.body());
    assertEquals(200, answer.statusCode());
    // verify, list and 53 deletes at 300 ms each, 8 at a time, cannot all fit in 2 s.
    assertTrue(took < 3_000, "answered after " + took + " ms");
    Map<?, ?> counts = new ObjectMapper().readValue(answer.body(), Map.class);
    int revoked = (Integer) counts.get("revoked");
    int pending = (Integer) counts.get("pending");
    assertEquals(0, counts.get("failed"), answer.body());
    assertEquals(53, revoked + pending, answer.body());
    assertTrue(revoked > 0 && pending > 0, answer.body());
    assertEquals(1, moonKey.requestCount(SessionRevoker.VERIFY_PATH));
    assertEquals(1, moonKey.requestCount(SessionRevoker.LIST_PATH));

    moonKey.setLatency(Duration.ZERO);
    List<EmulatedSession> everyOne = new ArrayList<>(more);
    everyOne.addAll(List.of(a, b, c));
    Await.until(
        Duration.ofSeconds(30),
        () -> everyOne.stream().noneMatch(session -> moonKey.isActive(session.id())),
        () ->
            everyOne.stream().filter(session -> moonKey.isActive(session.id())).count()
                + " sessions still active");
    assertTrue(moonKey.isActive(otherUser.id()));
  }

  @Test
  void aRefusedSecretKeyFailsTheRequestAndIsLoggedAtError() throws Exception {
    app =
        JettyApp.create("/app")
            .filter(
                LogoutFilter.class,
                "/logout",
                Map.of(
                    "api-url", moonKey.baseUri().toString(), "scopes", "all", "max-attempts", "1"))
            .contextParam("moonkey.secret-key", "sk_test_not_the_emulators")
            .start();
    String jsessionId = signIn(a);
    try (LogCapture logs = LogCapture.at(Level.SEVERE)) {
      HttpResponse<String> answer = logout("all", jsessionId, a);

      assertEquals(
          "{\"success\": true, \"revoked\": 0, \"pending\": 0, \"failed\": 1}", answer.body());
      assertTrue(
          logs.lines().stream().anyMatch(line -> line.contains("refused the secret key")),
          String.join("\n", logs.lines()));
    }
    assertTrue(moonKey.isActive(a.id()));
  }

  @Test
  void scopeNotEnabledLogsOutThisSessionOnly() throws Exception {
    startApp(null);
    String jsessionId = signIn(a);

    HttpResponse<String> answer = logout("all", jsessionId, a);

    assertEquals(200, answer.statusCode());
    assertEquals("{\"success\": true}", answer.body());
    assertEquals(0, moonKey.requestCount(SessionRevoker.VERIFY_PATH));
    assertEquals(Set.of(a.id()), deletedIds());
    assertTrue(moonKey.isActive(b.id()));
  }

  @Test
  void scopeNotAllowedFallsBackToThisSessionOnly() throws Exception {
    startApp("all");
    String jsessionId = signIn(a);

    HttpResponse<String> answer = logout("others", jsessionId, a);

    assertEquals("{\"success\": true}", answer.body());
    assertEquals(Set.of(a.id()), deletedIds());
  }
}
