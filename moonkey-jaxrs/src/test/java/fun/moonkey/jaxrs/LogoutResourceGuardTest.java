package fun.moonkey.jaxrs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fun.moonkey.config.MoonKeyConfig;
import fun.moonkey.emulator.EmulatedSession;
import fun.moonkey.emulator.MoonKeyEmulator;
import fun.moonkey.revocation.SessionRevoker;
import fun.moonkey.testing.Http;
import fun.moonkey.testing.JettyApp;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The resource applies the filter's guard before anything changes: cross-site callers and
 * prefetches are refused, CORS preflights are answered only for allowed origins.
 */
class LogoutResourceGuardTest {

  private static final String ALLOWED = "https://spa.example.com";

  private MoonKeyEmulator moonKey;
  private JettyApp app;

  @BeforeEach
  void start() throws Exception {
    moonKey = MoonKeyEmulator.start();
    MoonKeyConfig config =
        MoonKeyConfig.builder()
            .secretKey(moonKey.secretKey())
            .apiUrl(moonKey.baseUri())
            .set("allowed-origins", ALLOWED)
            .build();
    app =
        JerseyOnJetty.with(
            JettyApp.create("/app"),
            new ResourceConfig().register(new MoonKeyLogoutFeature(config)));
    app.start();
  }

  @AfterEach
  void stop() {
    app.close();
    moonKey.close();
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

  private int whoami(String jsessionId) throws Exception {
    return Http.to(app.uri("/whoami")).cookie("JSESSIONID", jsessionId).get().statusCode();
  }

  @Test
  void crossSitePostIsRefusedAndChangesNothing() throws Exception {
    EmulatedSession session = moonKey.createSession("user_1", "a@example.com");
    String jsessionId = signIn(session);

    HttpResponse<String> response =
        Http.to(app.uri("/api/logout"))
            .cookie("session_token", session.token())
            .cookie("JSESSIONID", jsessionId)
            .header("Sec-Fetch-Site", "cross-site")
            .header("Origin", "https://evil.example")
            .post();

    assertEquals(403, response.statusCode());
    assertEquals("{\"error\": \"Cross-site request refused\"}", response.body());
    assertEquals("no-store", response.headers().firstValue("Cache-Control").orElseThrow());
    assertEquals(List.of(), response.headers().allValues("Set-Cookie"));
    assertEquals(200, whoami(jsessionId));
    assertEquals(0, moonKey.requestCount(SessionRevoker.DELETE_PATH));
    assertTrue(moonKey.isActive(session.id()));
  }

  @Test
  void prefetchIsRefused() throws Exception {
    EmulatedSession session = moonKey.createSession("user_1", "a@example.com");
    HttpResponse<String> response =
        Http.to(app.uri("/api/logout"))
            .cookie("session_token", session.token())
            .header("Sec-Purpose", "prefetch")
            .post();
    assertEquals(403, response.statusCode());
    assertEquals(0, moonKey.requestCount(SessionRevoker.DELETE_PATH));
  }

  @Test
  void sameOriginPostLogsOut() throws Exception {
    EmulatedSession session = moonKey.createSession("user_1", "a@example.com");
    HttpResponse<String> response =
        Http.to(app.uri("/api/logout"))
            .cookie("session_token", session.token())
            .header("Sec-Fetch-Site", "same-origin")
            .header("Origin", app.uri("").toString().replaceAll("/app$", ""))
            .post();
    assertEquals(200, response.statusCode(), response.body());
    assertEquals(1, moonKey.requestCount(SessionRevoker.DELETE_PATH));
  }

  @Test
  void allowedOriginMayLogOutAndGetsCorsHeaders() throws Exception {
    EmulatedSession session = moonKey.createSession("user_1", "a@example.com");
    HttpResponse<String> response =
        Http.to(app.uri("/api/logout"))
            .cookie("session_token", session.token())
            .header("Sec-Fetch-Site", "cross-site")
            .header("Origin", ALLOWED)
            .post();
    assertEquals(200, response.statusCode(), response.body());
    assertEquals(
        ALLOWED, response.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
  }

  @Test
  void preflightIsAnsweredForAnAllowedOriginOnly() throws Exception {
    HttpResponse<String> allowed =
        Http.to(app.uri("/api/logout"))
            .header("Origin", ALLOWED)
            .header("Access-Control-Request-Method", "POST")
            .send("OPTIONS");
    assertEquals(204, allowed.statusCode());
    assertEquals(
        ALLOWED, allowed.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());

    HttpResponse<String> foreign =
        Http.to(app.uri("/api/logout"))
            .header("Origin", "https://evil.example")
            .header("Access-Control-Request-Method", "POST")
            .send("OPTIONS");
    assertTrue(foreign.statusCode() >= 400, "status " + foreign.statusCode());
    assertTrue(foreign.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
    assertEquals(0, moonKey.requestCount(SessionRevoker.DELETE_PATH));
  }
}
