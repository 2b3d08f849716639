package fun.moonkey.servlet;

import static fun.moonkey.servlet.LogoutFixture.DELETIONS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import fun.moonkey.emulator.EmulatedSession;
import fun.moonkey.emulator.MoonKeyEmulator;
import fun.moonkey.revocation.SessionRevoker;
import fun.moonkey.testing.JettyApp;
import fun.moonkey.testing.JettyLogCapture;
import fun.moonkey.testing.RawHttp;
import jakarta.servlet.Filter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Logouts that meet each other or an earlier component: two at once for one session, a second one
 * with the old cookies, and a response already committed by an earlier filter. No exception escapes
 * (Jetty logs none) and no answer is a 5xx.
 */
class LogoutRaceTest {

  private static final String SUCCESS = "{\"success\": true}";

  @Test
  void twoLogoutsOfOneSessionAtOnceBothSucceed() throws Exception {
    try (JettyLogCapture jetty = JettyLogCapture.at("WARN");
        LogoutFixture fixture = LogoutFixture.start()) {
      fixture.moonKey.setDefaultReply(null);
      EmulatedSession session = fixture.moonKey.createSession("user_1", "a@example.com");
      String jsessionId =
          CsrfMatrixTest.jsessionId(
              RawHttp.request(
                      "GET",
                      fixture.app.uri("/signin?token=" + session.token() + "&id=" + session.id()))
                  .send());
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<RawHttp.Response>> answers =
            List.of(
                pool.submit(() -> awaitThenLogout(go, fixture, session, jsessionId)),
                pool.submit(() -> awaitThenLogout(go, fixture, session, jsessionId)));
        go.countDown();
        for (Future<RawHttp.Response> answer : answers) {
          RawHttp.Response response = answer.get(30, TimeUnit.SECONDS);
          assertEquals(200, response.status());
          assertEquals(SUCCESS, response.body());
          assertEquals(DELETIONS, response.all("Set-Cookie"));
        }
      } finally {
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.SECONDS);
      }
      assertEquals(2, fixture.deleteCalls());
      assertFalse(fixture.moonKey.isActive(session.id()));
      assertEquals("", jetty.text());
    }
  }

  private static RawHttp.Response awaitThenLogout(
      CountDownLatch go, LogoutFixture fixture, EmulatedSession session, String jsessionId)
      throws Exception {
    go.await();
    return RawHttp.request("POST", fixture.logoutUri(""))
        .cookie("session_token", session.token())
        .cookie("JSESSIONID", jsessionId)
        .header("Accept", "application/json")
        .send();
  }

  @Test
  void aSecondLogoutWithTheOldCookiesSucceeds() throws Exception {
    try (LogoutFixture fixture = LogoutFixture.start()) {
      fixture.moonKey.setDefaultReply(null);
      EmulatedSession session = fixture.moonKey.createSession("user_1", "a@example.com");
      for (int i = 0; i < 2; i++) {
        RawHttp.Response response =
            fixture.logout("POST", session.token()).header("Accept", "application/json").send();
        assertEquals(200, response.status());
        assertEquals(SUCCESS, response.body());
        assertEquals(DELETIONS, response.all("Set-Cookie"));
      }
      assertEquals(2, fixture.deleteCalls());
      assertFalse(fixture.moonKey.isActive(session.id()));
    }
  }

  @Test
  void aResponseCommittedByAnEarlierFilterIsLeftAlone() throws Exception {
    Filter committing =
        (req, res, chain) -> {
          res.setContentType("text/plain");
          res.getOutputStream().write("early".getBytes(StandardCharsets.UTF_8));
          res.flushBuffer();
          chain.doFilter(req, res);
        };
    try (JettyLogCapture jetty = JettyLogCapture.at("WARN");
        MoonKeyEmulator moonKey = MoonKeyEmulator.start()) {
      Map<String, String> params =
          Map.of(
              "secret-key", moonKey.secretKey(),
              "api-url", moonKey.baseUri().toString(),
              "logout-path", "/logout");
      try (JettyApp app =
          JettyApp.create("/app")
              .filter(committing, "/*")
              .filter(LogoutFilter.class, "/*", params)
              .start()) {
        RawHttp.Response response =
            RawHttp.request("POST", app.uri("/logout")).cookie("session_token", "tok").send();

        assertEquals(200, response.status());
        assertEquals("early", response.body());
        assertEquals(List.of(), response.all("Set-Cookie"));
        assertEquals(1, moonKey.requestCount(SessionRevoker.DELETE_PATH));
      }
      assertEquals("", jetty.text());
    }
  }
}
