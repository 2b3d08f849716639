package fun.moonkey.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MoonKeyApiTest {

  private static final String DELETED = "{\"message\":\"Successfully deleted session\"}";
  private static final String SESSION_NOT_FOUND =
      "{\"error_message\":\"Session not found\",\"error_type\":\"not_found\",\"status_code\":404}";
  private static final String INVALID_KEY =
      "{\"error_message\":\"Invalid secret key\",\"error_type\":\"unauthorized\",\"status_code\":401}";
  private static final String INVALID_SESSION =
      "{\"error_message\":\"Session is invalid or expired\",\"error_type\":\"invalid_session\","
          + "\"status_code\":401}";

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

  private static String validation(String message) {
    return "{\"error_message\":\""
        + message
        + "\",\"error_type\":\"validation_error\",\"status_code\":422}";
  }

  private static void assertAnswer(int status, String body, HttpResponse<String> response) {
    assertEquals(status, response.statusCode(), response::body);
    assertEquals(body, response.body());
  }

  @Test
  void deleteBySessionIdRevokesThenAnswers404() throws Exception {
    EmulatedSession session = emulator.createSession("user_1", "ada@example.com");
    EmulatedSession other = emulator.createSession("user_1", "ada@example.com");

    HttpResponse<String> first = wire.delete("{\"session_id\":\"" + session.id() + "\"}");
    assertAnswer(200, DELETED, first);
    assertEquals("application/json", first.headers().firstValue("Content-Type").orElseThrow());
    assertFalse(emulator.isActive(session.id()));
    assertTrue(emulator.isActive(other.id()));

    assertAnswer(404, SESSION_NOT_FOUND, wire.delete("{\"session_id\":\"" + session.id() + "\"}"));
  }

  @Test
  void deleteBySessionTokenRevokesThatSession() throws Exception {
    EmulatedSession session = emulator.createSession("user_1", "ada@example.com");

    assertAnswer(200, DELETED, wire.delete("{\"session_token\":\"" + session.token() + "\"}"));

    assertFalse(emulator.isActive(session.id()));
    assertAnswer(
        404, SESSION_NOT_FOUND, wire.delete("{\"session_token\":\"" + session.token() + "\"}"));
  }

  @Test
  void deleteBySessionJwtRevokesThatSession() throws Exception {
    EmulatedSession session = emulator.createSession("user_1", "ada@example.com");

    assertAnswer(200, DELETED, wire.delete("{\"session_jwt\":\"" + session.jwt() + "\"}"));

    assertFalse(emulator.isActive(session.id()));
    assertAnswer(404, SESSION_NOT_FOUND, wire.delete("{\"session_id\":\"" + session.id() + "\"}"));
  }

  @Test
  void deleteOfUnknownSessionAnswers404() throws Exception {
    assertAnswer(404, SESSION_NOT_FOUND, wire.delete("{\"session_id\":\"sess_unknown\"}"));
  }

  @Test
  void deleteIgnoresFieldsOtherThanCredentials() throws Exception {
    EmulatedSession session = emulator.createSession("user_1", "ada@example.com");

    assertAnswer(
        200,
        DELETED,
        wire.delete("{\"session_id\":\"" + session.id() + "\",\"reason\":\"logout\"}"));
  }

  @Test
  void deleteWithoutCredentialAnswers422() throws Exception {
    assertAnswer(
        422,
        validation("One of session_id, session_token or session_jwt is required"),
        wire.delete("{}"));
  }

  @Test
  void deleteWithTwoCredentialsAnswers422AndRevokesNothing() throws Exception {
    EmulatedSession session = emulator.createSession("user_1", "ada@example.com");

    assertAnswer(
        422,
        validation("Only one of session_id, session_token or session_jwt may be given"),
        wire.delete(
            "{\"session_id\":\""
                + session.id()
                + "\",\"session_token\":\""
                + session.token()
                + "\"}"));
    assertTrue(emulator.isActive(session.id()));
  }

  @Test
  void deleteWithInvalidJsonAnswers422() throws Exception {
    assertAnswer(
        422, validation("Request body is not valid JSON"), wire.delete("{\"session_id\":"));
    assertAnswer(
        422,
        validation("Request body is not valid JSON"),
        wire.delete("{\"session_id\":\"a\",\"session_id\":\"b\"}"));
    assertAnswer(422, validation("Request body is not valid JSON"), wire.delete("{} {}"));
  }

  @Test
  void deleteWithoutBodyAnswers422() throws Exception {
    assertAnswer(
        422,
        validation("Request body must be a JSON object"),
        wire.send(
            wire.api("DELETE", MoonKeyApi.DELETE_PATH, null)
                .header("Content-Type", "application/json")));
  }

  @Test
  void deleteWithNonObjectBodyAnswers422() throws Exception {
    assertAnswer(
        422, validation("Request body must be a JSON object"), wire.delete("[\"sess_1\"]"));
    assertAnswer(422, validation("Request body must be a JSON object"), wire.delete("\"sess_1\""));
  }

  @Test
  void deleteWithNonStringCredentialAnswers422() throws Exception {
    assertAnswer(
        422,
        validation("session_id must be a non-empty string"),
        wire.delete("{\"session_id\":42}"));
    assertAnswer(
        422,
        validation("session_token must be a non-empty string"),
        wire.delete("{\"session_token\":\"\"}"));
    assertAnswer(
        422,
        validation("session_jwt must be a non-empty string"),
        wire.delete("{\"session_jwt\":null}"));
  }

  @Test
  void deleteWithoutJsonContentTypeAnswers415() throws Exception {
    EmulatedSession session = emulator.createSession("user_1", "ada@example.com");
    String body = "{\"session_id\":\"" + session.id() + "\"}";
    String expected =
        "{\"error_message\":\"Content-Type must be application/json\","
            + "\"error_type\":\"unsupported_media_type\",\"status_code\":415}";

    HttpRequest.Builder plain =
        wire.api("DELETE", MoonKeyApi.DELETE_PATH, null)
            .header("Content-Type", "text/plain")
            .method("DELETE", BodyPublishers.ofString(body));
    HttpRequest.Builder missing =
        wire.api("DELETE", MoonKeyApi.DELETE_PATH, null)
            .method("DELETE", BodyPublishers.ofString(body));

    assertAnswer(415, expected, wire.send(plain));
    assertAnswer(415, expected, wire.send(missing));
    assertTrue(emulator.isActive(session.id()));
  }

  @Test
  void deleteAcceptsJsonContentTypeWithCharset() throws Exception {
    EmulatedSession session = emulator.createSession("user_1", "ada@example.com");

    HttpRequest.Builder request =
        wire.api("DELETE", MoonKeyApi.DELETE_PATH, null)
            .header("Content-Type", "Application/JSON; charset=UTF-8")
            .method("DELETE", BodyPublishers.ofString("{\"session_id\":\"" + session.id() + "\"}"));

    assertAnswer(200, DELETED, wire.send(request));
  }

  @Test
  void deleteWithWrongMethodAnswers405WithAllow() throws Exception {
    EmulatedSession session = emulator.createSession("user_1", "ada@example.com");

    HttpResponse<String> response =
        wire.send(
            wire.api("POST", MoonKeyApi.DELETE_PATH, "{\"session_id\":\"" + session.id() + "\"}"));

    assertAnswer(
        405,
        "{\"error_message\":\"Method POST is not allowed here; use DELETE\","
            + "\"error_type\":\"method_not_allowed\",\"status_code\":405}",
        response);
    assertEquals("DELETE", response.headers().firstValue("Allow").orElseThrow());
    assertTrue(emulator.isActive(session.id()));
  }

  @Test
  void requestWithoutBearerAnswers401AndRevokesNothing() throws Exception {
    EmulatedSession session = emulator.createSession("user_1", "ada@example.com");
    HttpRequest.Builder request =
        HttpRequest.newBuilder(wire.uri(MoonKeyApi.DELETE_PATH))
            .header("Content-Type", "application/json")
            .method("DELETE", BodyPublishers.ofString("{\"session_id\":\"" + session.id() + "\"}"));

    assertAnswer(401, INVALID_KEY, wire.send(request));
    assertTrue(emulator.isActive(session.id()));
  }

  @Test
  void requestWithWrongBearerAnswers401() throws Exception {
    EmulatedSession session = emulator.createSession("user_1", "ada@example.com");
    String body = "{\"session_id\":\"" + session.id() + "\"}";

    for (String authorization :
        List.of(
            "Bearer sk_test_wrong",
            "Bearer " + emulator.secretKey() + "x",
            "Basic " + emulator.secretKey(),
            emulator.secretKey(),
            "Bearer  " + emulator.secretKey())) {
      HttpRequest.Builder request =
          wire.api("DELETE", MoonKeyApi.DELETE_PATH, body)
              .setHeader("Authorization", authorization);
      assertAnswer(401, INVALID_KEY, wire.send(request));
    }
    assertTrue(emulator.isActive(session.id()));
  }

  @Test
  void bearerSchemeIsCaseInsensitive() throws Exception {
    EmulatedSession session = emulator.createSession("user_1", "ada@example.com");

    HttpRequest.Builder request =
        wire.api("DELETE", MoonKeyApi.DELETE_PATH, "{\"session_id\":\"" + session.id() + "\"}")
            .setHeader("Authorization", "bearer " + emulator.secretKey());

    assertAnswer(200, DELETED, wire.send(request));
  }

  @Test
  void customSecretKeyIsTheOneExpected() throws Exception {
    try (MoonKeyEmulator custom = MoonKeyEmulator.builder().secretKey("sk_live_custom").build()) {
      Wire customWire = new Wire(custom);
      EmulatedSession session = custom.createSession("user_1", "ada@example.com");

      assertEquals("sk_live_custom", custom.secretKey());
      assertAnswer(200, DELETED, customWire.delete("{\"session_id\":\"" + session.id() + "\"}"));
      assertAnswer(
          401,
          INVALID_KEY,
          customWire.send(
              customWire
                  .api("DELETE", MoonKeyApi.DELETE_PATH, "{\"session_id\":\"x\"}")
                  .setHeader("Authorization", "Bearer " + MoonKeyEmulator.DEFAULT_SECRET_KEY)));
    }
  }

  @Test
  void verifyOfActiveSessionAnswersSessionAndUser() throws Exception {
    EmulatedSession session = emulator.createSession("user_7", "grace@example.com");

    for (String body :
        List.of(
            "{\"session_token\":\"" + session.token() + "\"}",
            "{\"session_jwt\":\"" + session.jwt() + "\"}")) {
      HttpResponse<String> response = wire.verify(body);

      assertEquals(200, response.statusCode(), response.body());
      Map<String, Object> json = parse(response.body());
      @SuppressWarnings("unchecked")
      Map<String, Object> sessionJson = (Map<String, Object>) json.get("session");
      String createdAt = (String) sessionJson.get("created_at");
      String expiresAt = (String) sessionJson.get("expires_at");
      String lastActiveAt = (String) sessionJson.get("last_active_at");
      assertTrue(!Instant.parse(lastActiveAt).isBefore(Instant.parse(createdAt)), lastActiveAt);
      assertEquals(
          SessionStore.LIFETIME,
          Duration.between(Instant.parse(createdAt), Instant.parse(expiresAt)));
      assertEquals(
          "{\"session\":{\"id\":\""
              + session.id()
              + "\",\"user_id\":\"user_7\",\"status\":\"active\",\"created_at\":\""
              + createdAt
              + "\",\"last_active_at\":\""
              + lastActiveAt
              + "\",\"expires_at\":\""
              + expiresAt
              + "\"},\"user\":{\"id\":\"user_7\",\"email\":\"grace@example.com\"}}",
          response.body());
    }
  }

  @Test
  void verifyOfRevokedSessionAnswers401() throws Exception {
    EmulatedSession session = emulator.createSession("user_7", "grace@example.com");
    assertAnswer(200, DELETED, wire.delete("{\"session_id\":\"" + session.id() + "\"}"));

    assertAnswer(
        401, INVALID_SESSION, wire.verify("{\"session_token\":\"" + session.token() + "\"}"));
    assertAnswer(401, INVALID_SESSION, wire.verify("{\"session_jwt\":\"" + session.jwt() + "\"}"));
    assertAnswer(401, INVALID_SESSION, wire.verify("{\"session_token\":\"mk_sess_unknown\"}"));
  }

  @Test
  void verifyDoesNotAcceptSessionId() throws Exception {
    EmulatedSession session = emulator.createSession("user_7", "grace@example.com");

    assertAnswer(
        422,
        validation("One of session_token or session_jwt is required"),
        wire.verify("{\"session_id\":\"" + session.id() + "\"}"));
  }

  @Test
  void listAnswersTheActiveSessionsOfTheUser() throws Exception {
    EmulatedSession first = emulator.createSession("user_a", "a@example.com");
    EmulatedSession revoked = emulator.createSession("user_a", "a@example.com");
    EmulatedSession second = emulator.createSession("user_a", "a@example.com");
    emulator.createSession("user_b", "b@example.com");
    assertAnswer(200, DELETED, wire.delete("{\"session_id\":\"" + revoked.id() + "\"}"));

    HttpResponse<String> response =
        wire.send(wire.api("GET", MoonKeyApi.LIST_PATH + "?user_id=user_a", null));

    assertEquals(200, response.statusCode(), response.body());
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> sessions =
        (List<Map<String, Object>>) parse(response.body()).get("sessions");
    assertEquals(
        List.of(first.id(), second.id()), sessions.stream().map(s -> s.get("id")).toList());
    for (Map<String, Object> session : sessions) {
      assertEquals("user_a", session.get("user_id"));
      assertEquals("active", session.get("status"));
    }
  }

  @Test
  void listReportsTheDeviceAndTheLastActivityButNeverTheTokenOrJwt() throws Exception {
    EmulatedSession phone =
        emulator.createSession("user_d", "d@example.com", "Mozilla/5.0 (iPhone)", "203.0.113.7");
    EmulatedSession unknown = emulator.createSession("user_d", "d@example.com");

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> before =
        (List<Map<String, Object>>)
            parse(wire.send(wire.api("GET", MoonKeyApi.LIST_PATH + "?user_id=user_d", null)).body())
                .get("sessions");
    assertEquals(200, wire.verify("{\"session_token\":\"" + phone.token() + "\"}").statusCode());
    HttpResponse<String> after =
        wire.send(wire.api("GET", MoonKeyApi.LIST_PATH + "?user_id=user_d", null));

    assertEquals("Mozilla/5.0 (iPhone)", before.get(0).get("user_agent"));
    assertEquals("203.0.113.7", before.get(0).get("ip_address"));
    assertEquals(before.get(0).get("created_at"), before.get(0).get("last_active_at"));
    assertEquals(unknown.id(), before.get(1).get("id"));
    assertTrue(!before.get(1).containsKey("user_agent"), before.get(1).toString());
    assertTrue(!before.get(1).containsKey("ip_address"), before.get(1).toString());
    @SuppressWarnings("unchecked")
    Map<String, Object> touched =
        ((List<Map<String, Object>>) parse(after.body()).get("sessions")).get(0);
    assertTrue(
        !Instant.parse((String) touched.get("last_active_at"))
            .isBefore(Instant.parse((String) before.get(0).get("last_active_at"))));
    for (String secret : List.of(phone.token(), phone.jwt(), unknown.token(), unknown.jwt())) {
      assertTrue(!after.body().contains(secret), "the list carries a token or JWT");
    }
  }

  @Test
  void listDecodesTheUserIdAndAnswersEmptyForUnknownUser() throws Exception {
    EmulatedSession session = emulator.createSession("user a+b", "a@example.com");

    HttpResponse<String> encoded =
        wire.send(wire.api("GET", MoonKeyApi.LIST_PATH + "?user_id=user%20a%2Bb", null));
    HttpResponse<String> unknown =
        wire.send(wire.api("GET", MoonKeyApi.LIST_PATH + "?user_id=nobody", null));

    assertEquals(200, encoded.statusCode(), encoded.body());
    assertTrue(encoded.body().contains("\"id\":\"" + session.id() + "\""), encoded.body());
    assertAnswer(200, "{\"sessions\":[]}", unknown);
  }

  @Test
  void listWithoutUserIdAnswers422() throws Exception {
    assertAnswer(
        422,
        validation("user_id is required"),
        wire.send(wire.api("GET", MoonKeyApi.LIST_PATH, null)));
  }

  @Test
  void unknownPathsAnswer404() throws Exception {
    String notFound =
        "{\"error_message\":\"Not found\",\"error_type\":\"not_found\",\"status_code\":404}";

    assertAnswer(404, notFound, wire.send(wire.api("GET", "/v1/auth/sessions/revoke_all", null)));
    assertAnswer(404, notFound, wire.send(wire.api("DELETE", "//v1/auth/sessions/delete", "{}")));
    assertAnswer(404, notFound, wire.send(wire.api("GET", "/", null)));
  }

  @Test
  void sessionsListsActiveAndRevoked() throws Exception {
    EmulatedSession first = emulator.createSession("user_1", "ada@example.com");
    EmulatedSession second = emulator.createSession("user_2", "bob@example.com");
    assertAnswer(200, DELETED, wire.delete("{\"session_id\":\"" + first.id() + "\"}"));

    assertEquals(List.of(revoked(first), second), emulator.sessions());
  }

  private static EmulatedSession revoked(EmulatedSession s) {
    return new EmulatedSession(s.id(), s.userId(), s.email(), s.token(), s.jwt(), false);
  }

  private static Map<String, Object> parse(String json) throws Exception {
    return Json.toMap(Json.parse(json));
  }
}
