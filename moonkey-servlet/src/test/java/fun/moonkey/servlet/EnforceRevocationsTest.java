package fun.moonkey.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fun.moonkey.config.MoonKeyConfig;
import fun.moonkey.emulator.EmulatedSession;
import fun.moonkey.emulator.MoonKeyEmulator;
import fun.moonkey.emulator.Reply;
import fun.moonkey.logout.ServiceRegistry;
import fun.moonkey.testing.Await;
import fun.moonkey.testing.Http;
import fun.moonkey.testing.JettyApp;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code enforce-revocations} in embedded Jetty: one user signed in on two devices (two {@code
 * HttpSession}s); a logout on one ends the other's application session at its next request.
 */
class EnforceRevocationsTest {

  /** A {@code reverify-interval} no test run outlasts: the tests move its clock instead. */
  private static final Duration INTERVAL = Duration.ofHours(1);

  private static final String INTERVAL_SETTING = "1h";

  private LogoutFixture fixture;
  private MoonKeyEmulator moonKey;
  private JettyApp app;

  @AfterEach
  void stop() throws Exception {
    if (fixture != null) {
      fixture.close();
    }
  }

  private void startApp(String... extra) throws Exception {
    if (fixture != null) {
      fixture.close();
    }
    List<String> params =
        new ArrayList<>(List.of("redirect", "/signed-out", "scopes", "all,others"));
    params.addAll(List.of(extra));
    fixture =
        LogoutFixture.stateful(
            app -> {
              // Sessions idle out after 30 minutes, as a container's default does (Jetty's never).
              app.context().getSessionHandler().setMaxInactiveInterval(1800);
              app.servlet(new VerifiedAgo(), "/verified-ago");
              app.servlet(new LongSession(), "/long-session");
              app.servlet(new KnowsUser(), "/knows-user");
            },
            params.toArray(String[]::new));
    moonKey = fixture.moonKey;
    app = fixture.app;
  }

  /** Signs in with the token and the session id in the HttpSession; returns the JSESSIONID. */
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

  private HttpResponse<String> whoami(String jsessionId, boolean json) throws Exception {
    Http request = Http.to(app.uri("/whoami")).cookie("JSESSIONID", jsessionId);
    return (json ? request.json() : request).get();
  }

  private HttpResponse<String> logout(EmulatedSession session, String jsessionId, String scope)
      throws Exception {
    return Http.to(app.uri("/logout" + (scope == null ? "" : "?scope=" + scope)))
        .cookie("session_token", session.token())
        .cookie("JSESSIONID", jsessionId)
        .json()
        .post();
  }

  @Test
  void logOutEverywhereEndsTheOtherDevicesApplicationSessionAtItsNextRequest() throws Exception {
    startApp("enforce-revocations", "true");
    EmulatedSession laptop = moonKey.createSession("user_1", "a@example.com");
    EmulatedSession phone = moonKey.createSession("user_1", "a@example.com");
    String laptopSession = signIn(laptop);
    String phoneSession = signIn(phone);
    assertEquals(200, whoami(phoneSession, false).statusCode());

    HttpResponse<String> everywhere = logout(laptop, laptopSession, "all");

    assertEquals(200, everywhere.statusCode(), everywhere.body());
    HttpResponse<String> browser = whoami(phoneSession, false);
    assertEquals(303, browser.statusCode(), "the phone's next page: signed out");
    assertEquals("/app/signed-out", browser.headers().firstValue("Location").orElseThrow());
    assertTrue(
        browser.headers().allValues("Set-Cookie").stream()
            .anyMatch(c -> c.startsWith("JSESSIONID=;")),
        browser.headers().allValues("Set-Cookie").toString());
    assertEquals(401, whoami(phoneSession, false).statusCode(), "and its HttpSession is gone");
  }

  @Test
  void aJsonCallerHears401AndASessionNotRevokedPassesUntouched() throws Exception {
    startApp("enforce-revocations", "true");
    EmulatedSession one = moonKey.createSession("user_1", "a@example.com");
    EmulatedSession other = moonKey.createSession("user_2", "b@example.com");
    String oneSession = signIn(one);
    String otherSession = signIn(other);

    // The logout served by another session of user_1's token (no sticky sessions).
    String sameTokenElsewhere = signIn(one);
    assertEquals(200, logout(one, sameTokenElsewhere, null).statusCode());

    HttpResponse<String> json = whoami(oneSession, true);
    assertEquals(401, json.statusCode());
    assertEquals("{\"error\": \"Session revoked\"}", json.body());
    assertEquals(200, whoami(otherSession, false).statusCode(), "another user's session lives on");
  }

  @Test
  void aRevocationStillPendingAtMoonKeyEndsTheSessionToo() throws Exception {
    startApp("enforce-revocations", "true");
    EmulatedSession one = moonKey.createSession("user_1", "a@example.com");
    String first = signIn(one);
    String second = signIn(one);
    moonKey.setDefaultReply(Reply.status(503));

    assertEquals(200, logout(one, first, null).statusCode());

    assertEquals(303, whoami(second, false).statusCode(), "the user asked to leave");
  }

  @Test
  void revokedAnswer401AnswersABrowserWith401Too() throws Exception {
    startApp("enforce-revocations", "true", "revoked-answer", "401");
    EmulatedSession one = moonKey.createSession("user_1", "a@example.com");
    String first = signIn(one);
    String second = signIn(one);
    assertEquals(200, logout(one, first, null).statusCode());

    HttpResponse<String> browser = whoami(second, false);
    assertEquals(401, browser.statusCode());
    assertEquals("{\"error\": \"Session revoked\"}", browser.body());
  }

  @Test
  void offByDefault() throws Exception {
    startApp();
    EmulatedSession one = moonKey.createSession("user_1", "a@example.com");
    String first = signIn(one);
    String second = signIn(one);
    assertEquals(200, logout(one, first, null).statusCode());
    assertEquals(200, whoami(second, false).statusCode());
  }

  /**
   * Moves the clock of {@code reverify-interval} for one session, instead of waiting: {@code
   * /verified-ago?ms=N} sets when MoonKey last confirmed the session's token to N ms ago. The
   * filter has already checked this request, so the next one sees the new time.
   */
  static final class VerifiedAgo extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
      HttpSession session = req.getSession(false);
      if (session == null
          || !(session.getAttribute(RevokedSessionCheck.VERIFIED_AT) instanceof Long)) {
        resp.setStatus(409);
        return;
      }
      long ago = Long.parseLong(req.getParameter("ms"));
      session.setAttribute(RevokedSessionCheck.VERIFIED_AT, System.currentTimeMillis() - ago);
      resp.setStatus(204);
    }
  }

  /** Answers 204 when the filter has learnt the session's user, 404 while it has not. */
  static final class KnowsUser extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
      HttpSession session = req.getSession(false);
      boolean known =
          session != null
              && session.getAttribute(RevokedSessionCheck.CACHE)
                  instanceof RevokedSessionCheck.Fingerprints prints
              && prints.ownerPrint() != 0;
      resp.setStatus(known ? 204 : 404);
    }
  }

  /** The interval has passed for this session: its next request asks MoonKey. */
  private void intervalPassed(String jsessionId) throws Exception {
    HttpResponse<String> aged =
        Http.to(app.uri("/verified-ago?ms=" + INTERVAL.toMillis()))
            .cookie("JSESSIONID", jsessionId)
            .get();
    assertEquals(204, aged.statusCode(), "the session had been verified");
  }

  /** An administrator ends the session at MoonKey, outside this application. */
  private void endedElsewhere(EmulatedSession session) throws Exception {
    HttpResponse<String> deleted =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(moonKey.baseUri().resolve("/v1/auth/sessions/delete"))
                    .header("Authorization", "Bearer " + moonKey.secretKey())
                    .header("Content-Type", "application/json")
                    .method(
                        "DELETE",
                        HttpRequest.BodyPublishers.ofString(
                            "{\"session_id\": \"" + session.id() + "\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, deleted.statusCode(), deleted.body());
  }

  /** Asks until the session is no longer let through; returns the first other answer. */
  private HttpResponse<String> untilEnded(String jsessionId) throws Exception {
    List<HttpResponse<String>> last = new ArrayList<>();
    Await.until(
        Duration.ofSeconds(30),
        () -> {
          HttpResponse<String> answer = whoami(jsessionId);
          last.add(0, answer);
          return answer.statusCode() != 200;
        },
        () -> "the session was still let through");
    return last.get(0);
  }

  private HttpResponse<String> whoami(String jsessionId) {
    try {
      return whoami(jsessionId, false);
    } catch (Exception e) {
      throw new AssertionError("GET /whoami failed", e);
    }
  }

  @Test
  void aUserLearntAtReverificationIsEndedAtOnceByLogOutEverywhereWhileMoonKeyCannotList()
      throws Exception {
    startApp("enforce-revocations", "true", "reverify-interval", INTERVAL_SETTING);
    EmulatedSession laptop = moonKey.createSession("user_1", "a@example.com");
    EmulatedSession phone = moonKey.createSession("user_1", "a@example.com");
    String laptopSession = signIn(laptop);
    // The application keeps no user id: the filter learns it when it re-verifies the token.
    String phoneSession = signIn(phone);
    assertEquals(200, whoami(phoneSession, false).statusCode());
    assertEquals(
        404, Http.to(app.uri("/knows-user")).cookie("JSESSIONID", phoneSession).get().statusCode());
    intervalPassed(phoneSession);
    assertEquals(200, whoami(phoneSession, false).statusCode(), "re-verified in the background");
    Await.until(
        Duration.ofSeconds(10),
        () -> {
          try {
            return Http.to(app.uri("/knows-user"))
                    .cookie("JSESSIONID", phoneSession)
                    .get()
                    .statusCode()
                == 204;
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        },
        () -> "the filter learnt the phone's user");
    moonKey.enqueue(
        Reply.json(
            200, "{\"session\": {\"id\": \"" + laptop.id() + "\", \"user_id\": \"user_1\"}}"));
    moonKey.setDefaultReply(Reply.status(503));

    HttpResponse<String> everywhere = logout(laptop, laptopSession, "all");

    assertEquals(200, everywhere.statusCode(), everywhere.body());
    assertTrue(everywhere.body().contains("\"others\": \"pending\""), everywhere.body());
    assertTrue(moonKey.isActive(phone.id()), "MoonKey has revoked nothing yet");
    assertEquals(303, whoami(phoneSession, false).statusCode(), "the phone: signed out at once");
  }

  @Test
  void aSessionEndedAtMoonKeyElsewhereEndsHereSoonAfterTheInterval() throws Exception {
    startApp("enforce-revocations", "true", "reverify-interval", INTERVAL_SETTING);
    EmulatedSession one = moonKey.createSession("user_1", "a@example.com");
    String session = signIn(one);
    assertEquals(200, whoami(session, false).statusCode(), "first sight: the interval starts");
    int verifies = moonKey.requestCount("/v1/auth/sessions/verify");

    endedElsewhere(one);
    assertEquals(200, whoami(session, false).statusCode(), "within the interval: not asked");
    assertEquals(verifies, moonKey.requestCount("/v1/auth/sessions/verify"));
    intervalPassed(session);

    assertEquals(200, whoami(session, false).statusCode(), "due: answered from what was known");
    assertEquals(303, untilEnded(session).statusCode(), "MoonKey no longer has it: ended");
    assertEquals(verifies + 1, moonKey.requestCount("/v1/auth/sessions/verify"));
    assertEquals(401, whoami(session, false).statusCode());
  }

  @Test
  void aReverificationNeverHoldsTheRequestWhileMoonKeyIsSlow() throws Exception {
    startApp(
        "enforce-revocations",
        "true",
        "reverify-interval",
        INTERVAL_SETTING,
        "timeout",
        "1m",
        "max-attempts",
        "1");
    EmulatedSession one = moonKey.createSession("user_1", "a@example.com");
    String session = signIn(one);
    assertEquals(200, whoami(session, false).statusCode());
    int verifies = moonKey.requestCount("/v1/auth/sessions/verify");
    endedElsewhere(one);
    // MoonKey takes the next call and does not answer it before the test ends.
    moonKey.enqueue(Reply.hang());
    intervalPassed(session);

    long start = System.nanoTime();
    HttpResponse<String> due = whoami(session, false);
    long tookMillis = (System.nanoTime() - start) / 1_000_000;

    assertEquals(200, due.statusCode(), "answered from what was known");
    System.out.printf("The request due for re-verification took %d ms%n", tookMillis);
    assertTrue(
        tookMillis < Duration.ofMinutes(1).toMillis(),
        "answered before MoonKey could answer or the timeout end: " + tookMillis + " ms");
    Await.until(
        Duration.ofSeconds(10),
        () -> moonKey.requestCount("/v1/auth/sessions/verify") == verifies + 1,
        () -> "MoonKey was asked in the background");

    // The next due check gets MoonKey's answer in the background, and the session ends.
    intervalPassed(session);
    assertEquals(200, whoami(session, false).statusCode());
    assertEquals(303, untilEnded(session).statusCode());
  }

  @Test
  void aVerificationWithoutAnAnswerKeepsTheSessionOrEndsItAsConfigured() throws Exception {
    startApp(
        "enforce-revocations",
        "true",
        "reverify-interval",
        INTERVAL_SETTING,
        "timeout",
        "5s",
        "max-attempts",
        "1");
    EmulatedSession one = moonKey.createSession("user_1", "a@example.com");
    String open = signIn(one);
    assertEquals(200, whoami(open, false).statusCode());
    moonKey.setDefaultReply(Reply.status(503));
    intervalPassed(open);
    assertEquals(200, whoami(open, false).statusCode(), "due: answered from what was known");
    Await.until(
        Duration.ofSeconds(10),
        () -> moonKey.requestCount("/v1/auth/sessions/verify") == 1,
        () -> "MoonKey was asked");
    assertEquals(200, whoami(open, false).statusCode(), "reverify-failure=open: kept");

    startApp(
        "enforce-revocations",
        "true",
        "reverify-interval",
        INTERVAL_SETTING,
        "timeout",
        "5s",
        "max-attempts",
        "1",
        "reverify-failure",
        "closed");
    one = moonKey.createSession("user_1", "a@example.com");
    String closed = signIn(one);
    assertEquals(200, whoami(closed, false).statusCode());
    moonKey.setDefaultReply(Reply.status(503));
    intervalPassed(closed);
    assertEquals(200, whoami(closed, false).statusCode(), "due: answered from what was known");
    assertEquals(303, untilEnded(closed).statusCode(), "reverify-failure=closed: ended");
  }

  /** {@code /long-session?s=N} sets the session's {@code maxInactiveInterval} to N seconds. */
  static final class LongSession extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
      req.getSession().setMaxInactiveInterval(Integer.parseInt(req.getParameter("s")));
      resp.setStatus(204);
    }
  }

  @Test
  void revocationsAreKeptAsLongAsTheLongestSessionTheFilterChecked() throws Exception {
    startApp("enforce-revocations", "true", "revoked-retention", "1h");
    String session = signIn(moonKey.createSession("user_1", "a@example.com"));
    long threeDays = Duration.ofDays(3).toSeconds();
    assertEquals(
        204,
        Http.to(app.uri("/long-session?s=" + threeDays))
            .cookie("JSESSIONID", session)
            .get()
            .statusCode());
    assertEquals(200, whoami(session, false).statusCode(), "the filter checks the session");

    // Any entry point of the application that enforces revocations finds the one list.
    try (ServiceRegistry.Lease lease =
        SharedServices.of(app.context().getServletContext())
            .acquire(
                MoonKeyConfig.builder()
                    .secretKey(moonKey.secretKey())
                    .apiUrl(moonKey.baseUri())
                    .set("enforce-revocations", "true")
                    .build())) {
      assertEquals(Duration.ofDays(3), lease.service().revoked().orElseThrow().retention());
    }
  }
}
