package fun.moonkey.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DevSessionEndpointTest {

  private MoonKeyEmulator emulator;
  private Wire wire;

  @BeforeEach
  void start() {
    emulator = MoonKeyEmulator.start();
    wire = new Wire(emulator);
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  private HttpResponse<String> signIn(String body) throws Exception {
    return wire.send(
        HttpRequest.newBuilder(wire.uri(DevSessionEndpoint.SESSIONS_PATH))
            .header("Content-Type", "application/json")
            .POST(BodyPublishers.ofString(body)));
  }

  @Test
  void signInCreatesAnActiveSessionWithoutSecretKey() throws Exception {
    HttpResponse<String> response = signIn("{\"email\":\"ada@example.com\"}");

    assertEquals(200, response.statusCode(), response.body());
    assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
    assertEquals("*", response.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
    EmulatedSession session = emulator.sessions().get(0);
    assertEquals(
        "{\"session_token\":\""
            + session.token()
            + "\",\"session_id\":\""
            + session.id()
            + "\",\"user_id\":\""
            + SessionIds.userIdFor("ada@example.com")
            + "\",\"session_jwt\":\""
            + session.jwt()
            + "\"}",
        response.body());
    assertEquals("ada@example.com", session.email());
    assertTrue(emulator.isActive(session.id()));
  }

  @Test
  void signInRecordsTheCallersDeviceOrTheOneTheBodyGives() throws Exception {
    wire.send(
        HttpRequest.newBuilder(wire.uri(DevSessionEndpoint.SESSIONS_PATH))
            .header("Content-Type", "application/json")
            .header("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) HeadlessChrome/140.0")
            .POST(BodyPublishers.ofString("{\"email\":\"ada@example.com\"}")));
    signIn(
        "{\"email\":\"ada@example.com\",\"user_agent\":\"Phone\",\"ip_address\":\"198.51.100.4\"}");

    HttpResponse<String> list =
        wire.send(
            wire.api(
                "GET",
                MoonKeyApi.LIST_PATH + "?user_id=" + SessionIds.userIdFor("ada@example.com"),
                null));

    assertTrue(
        list.body()
            .contains("\"user_agent\":\"Mozilla/5.0 (X11; Linux x86_64) HeadlessChrome/140.0\""),
        list.body());
    assertTrue(list.body().contains("\"ip_address\":\"127.0.0.1\""), list.body());
    assertTrue(list.body().contains("\"user_agent\":\"Phone\""), list.body());
    assertTrue(list.body().contains("\"ip_address\":\"198.51.100.4\""), list.body());
  }

  @Test
  void sameEmailGivesSameUserAndNewSession() throws Exception {
    Map<String, Object> first =
        Json.toMap(Json.parse(signIn("{\"email\":\"ada@example.com\"}").body()));
    Map<String, Object> second =
        Json.toMap(Json.parse(signIn("{\"email\":\" Ada@Example.com \"}").body()));
    Map<String, Object> other =
        Json.toMap(Json.parse(signIn("{\"email\":\"bob@example.com\"}").body()));

    assertEquals(first.get("user_id"), second.get("user_id"));
    assertNotEquals(first.get("session_id"), second.get("session_id"));
    assertNotEquals(first.get("session_token"), second.get("session_token"));
    assertNotEquals(first.get("user_id"), other.get("user_id"));
  }

  @Test
  void signedInSessionCanBeRevokedThroughTheApi() throws Exception {
    Map<String, Object> created =
        Json.toMap(Json.parse(signIn("{\"email\":\"ada@example.com\"}").body()));

    HttpResponse<String> deleted =
        wire.delete("{\"session_token\":\"" + created.get("session_token") + "\"}");

    assertEquals(200, deleted.statusCode(), deleted.body());
    assertEquals(
        List.of(false), emulator.sessions().stream().map(EmulatedSession::active).toList());
  }

  @Test
  void signInWithoutEmailAnswers422WithCors() throws Exception {
    String expected =
        "{\"error_message\":\"email must be a non-empty string\",\"error_type\":\"validation_error\","
            + "\"status_code\":422}";

    for (String body : List.of("{}", "{\"email\":\" \"}", "{\"email\":7}")) {
      HttpResponse<String> response = signIn(body);
      assertEquals(422, response.statusCode());
      assertEquals(expected, response.body());
      assertEquals("*", response.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
    }
    assertEquals(422, signIn("not json").statusCode());
    assertEquals(List.of(), emulator.sessions());
  }

  @Test
  void preflightIsAnswered() throws Exception {
    HttpResponse<String> response =
        wire.send(
            HttpRequest.newBuilder(wire.uri(DevSessionEndpoint.SESSIONS_PATH))
                .header("Origin", "http://localhost:3000")
                .header("Access-Control-Request-Method", "POST")
                .method("OPTIONS", BodyPublishers.noBody()));

    assertEquals(204, response.statusCode());
    assertEquals("", response.body());
    assertEquals("*", response.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
    assertEquals(
        "POST, OPTIONS",
        response.headers().firstValue("Access-Control-Allow-Methods").orElseThrow());
    assertEquals(
        "Content-Type",
        response.headers().firstValue("Access-Control-Allow-Headers").orElseThrow());
  }

  @Test
  void otherHelperPathsAnswer404AndWrongMethod405() throws Exception {
    HttpResponse<String> unknown =
        wire.send(HttpRequest.newBuilder(wire.uri("/_emulator/nothing")).GET());
    HttpResponse<String> get =
        wire.send(HttpRequest.newBuilder(wire.uri(DevSessionEndpoint.SESSIONS_PATH)).GET());

    assertEquals(404, unknown.statusCode());
    assertEquals(
        "{\"error_message\":\"Not found\",\"error_type\":\"not_found\",\"status_code\":404}",
        unknown.body());
    assertEquals(405, get.statusCode());
    assertEquals("POST", get.headers().firstValue("Allow").orElseThrow());
  }

  @Test
  void scriptedRepliesDoNotApplyToTheHelper() throws Exception {
    emulator.enqueue(Reply.status(503));
    emulator.setDefaultReply(Reply.status(500));

    assertEquals(200, signIn("{\"email\":\"ada@example.com\"}").statusCode());
    assertEquals(503, wire.delete("{\"session_id\":\"x\"}").statusCode());
  }
}
