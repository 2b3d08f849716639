package fun.moonkey.jaxrs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fun.moonkey.config.MoonKeyConfig;
import fun.moonkey.emulator.EmulatedSession;
import fun.moonkey.emulator.MoonKeyEmulator;
import fun.moonkey.emulator.Reply;
import fun.moonkey.revocation.SessionRevoker;
import fun.moonkey.testing.Http;
import fun.moonkey.testing.JettyApp;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * "Your devices" ({@code sessions-api}) on the real resource, served by Jersey in embedded Jetty,
 * against the emulator: {@code GET /api/logout/sessions} and {@code POST /api/logout/sessions/end}.
 */
class LogoutResourceSessionsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private MoonKeyEmulator moonKey;
  private JettyApp app;
  private EmulatedSession laptop;
  private EmulatedSession phone;
  private EmulatedSession stranger;

  @BeforeEach
  void start() {
    moonKey = MoonKeyEmulator.start();
    laptop = moonKey.createSession("user_1", "a@example.com", "Laptop browser", "10.0.0.5");
    phone = moonKey.createSession("user_1", "a@example.com", "Phone browser", "203.0.113.9");
    stranger = moonKey.createSession("user_2", "b@example.com");
  }

  @AfterEach
  void stop() {
    if (app != null) {
      app.close();
    }
    moonKey.close();
  }

  private void startWith(boolean sessionsApi) throws Exception {
    MoonKeyConfig config =
        MoonKeyConfig.builder()
            .secretKey(moonKey.secretKey())
            .apiUrl(moonKey.baseUri())
            .set("sessions-api", Boolean.toString(sessionsApi))
            .set("max-attempts", "1")
            .set("pending-store", "memory")
            .build();
    app =
        JerseyOnJetty.with(
            JettyApp.create("/app"),
            new ResourceConfig().register(new MoonKeyLogoutFeature(config)));
    app.start();
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
    return Http.to(app.uri("/api/logout/sessions"))
        .header("Sec-Fetch-Site", "same-origin")
        .cookie("JSESSIONID", jsessionId)
        .get();
  }

  private HttpResponse<String> end(String jsessionId, String contentType, String body)
      throws Exception {
    return Http.to(app.uri("/api/logout/sessions/end"))
        .header("Sec-Fetch-Site", "same-origin")
        .cookie("JSESSIONID", jsessionId)
        .post(contentType, body);
  }

  @Test
  void listsTheUsersSessionsWithTheCurrentOneMarked() throws Exception {
    startWith(true);
    String jsessionId = signIn(phone);

    HttpResponse<String> answer = list(jsessionId);

    assertEquals(200, answer.statusCode(), answer.body());
    assertEquals("no-store", answer.headers().firstValue("Cache-Control").orElseThrow());
    JsonNode sessions = JSON.readTree(answer.body()).get("sessions");
    assertEquals(2, sessions.size());
    assertEquals(laptop.id(), sessions.get(0).get("id").textValue());
    assertFalse(sessions.get(0).get("current").booleanValue());
    assertEquals("Laptop browser", sessions.get(0).get("user_agent").textValue());
    assertEquals(phone.id(), sessions.get(1).get("id").textValue());
    assertTrue(sessions.get(1).get("current").booleanValue());
    assertFalse(answer.body().contains(phone.token()));
    assertEquals(
        Map.of("session_token", phone.token()),
        moonKey.requests(SessionRevoker.VERIFY_PATH).get(0).jsonBody());
  }

  @Test
  void endsAnotherSessionOfTheUserFromAForm() throws Exception {
    startWith(true);
    String jsessionId = signIn(laptop);

    HttpResponse<String> answer =
        end(jsessionId, "application/x-www-form-urlencoded", "session_id=" + phone.id());

    assertEquals(200, answer.statusCode(), answer.body());
    assertEquals("{\"success\": true}", answer.body());
    assertEquals(
        Map.of("session_id", phone.id()),
        moonKey.requests(SessionRevoker.DELETE_PATH).get(0).jsonBody());
    assertFalse(moonKey.isActive(phone.id()));
    assertEquals(1, JSON.readTree(list(jsessionId).body()).get("sessions").size());
  }

  @Test
  void endsFromAJsonBodyToo() throws Exception {
    startWith(true);
    String jsessionId = signIn(laptop);

    HttpResponse<String> answer =
        end(jsessionId, "application/json", "{\"session_id\": \"" + phone.id() + "\"}");

    assertEquals(200, answer.statusCode(), answer.body());
    assertFalse(moonKey.isActive(phone.id()));
  }

  @Test
  void anotherUsersSessionIs404AndNothingIsRevoked() throws Exception {
    startWith(true);
    String jsessionId = signIn(laptop);

    HttpResponse<String> answer =
        end(jsessionId, "application/x-www-form-urlencoded", "session_id=" + stranger.id());

    assertEquals(404, answer.statusCode(), answer.body());
    assertEquals(0, moonKey.requests(SessionRevoker.DELETE_PATH).size());
    assertTrue(moonKey.isActive(stranger.id()));
  }

  @Test
  void theCurrentSessionIs409NamingTheResourcesLogoutPath() throws Exception {
    startWith(true);
    String jsessionId = signIn(laptop);

    HttpResponse<String> answer =
        end(jsessionId, "application/x-www-form-urlencoded", "session_id=" + laptop.id());

    assertEquals(409, answer.statusCode(), answer.body());
    assertEquals(
        "{\"error\":\"This is the current session: log out instead\",\"logout\":\"/app/api/logout\"}",
        answer.body());
    assertTrue(moonKey.isActive(laptop.id()));
  }

  @Test
  void crossSiteEndIsRefusedAndChangesNothing() throws Exception {
    startWith(true);
    String jsessionId = signIn(laptop);

    HttpResponse<String> answer =
        Http.to(app.uri("/api/logout/sessions/end"))
            .header("Sec-Fetch-Site", "cross-site")
            .header("Origin", "https://evil.example")
            .cookie("JSESSIONID", jsessionId)
            .post("application/x-www-form-urlencoded", "session_id=" + phone.id());

    assertEquals(403, answer.statusCode());
    assertEquals("{\"error\": \"Cross-site request refused\"}", answer.body());
    assertEquals(0, moonKey.requests().size());
    assertTrue(moonKey.isActive(phone.id()));
  }

  @Test
  void withoutASessionTheListIs401AndMoonKeyDownIs503() throws Exception {
    startWith(true);
    String jsessionId = signIn(laptop);

    HttpResponse<String> none =
        Http.to(app.uri("/api/logout/sessions")).header("Sec-Fetch-Site", "same-origin").get();
    moonKey.setDefaultReply(Reply.status(503));
    HttpResponse<String> down = list(jsessionId);

    assertEquals(401, none.statusCode());
    assertEquals("{\"error\": \"Not signed in\"}", none.body());
    assertEquals(503, down.statusCode());
    assertEquals("{\"error\": \"MoonKey unavailable\"}", down.body());
  }

  @Test
  void offByDefaultBothAre404() throws Exception {
    startWith(false);
    String jsessionId = signIn(laptop);

    assertEquals(404, list(jsessionId).statusCode());
    assertEquals(
        404,
        end(jsessionId, "application/x-www-form-urlencoded", "session_id=" + phone.id())
            .statusCode());
    assertEquals(0, moonKey.requests().size());
    assertTrue(moonKey.isActive(phone.id()));
  }
}
