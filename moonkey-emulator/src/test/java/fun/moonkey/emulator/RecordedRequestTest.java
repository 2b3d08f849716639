package fun.moonkey.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordedRequestTest {

  private static RecordedRequest withBody(String body) {
    return new RecordedRequest(
        "DELETE",
        "/v1/auth/sessions/delete",
        null,
        Map.of("Content-type", List.of("application/json")),
        body,
        Instant.EPOCH,
        "127.0.0.1:5000");
  }

  @Test
  void jsonBodyParsesAnObjectInOrder() {
    Map<String, Object> json =
        withBody("{\"b\":1,\"a\":[true,null],\"c\":{\"d\":\"e\"}}").jsonBody();

    assertEquals(List.of("b", "a", "c"), List.copyOf(json.keySet()));
    assertEquals(1, json.get("b"));
    assertEquals(Arrays.asList(true, null), json.get("a"));
    assertEquals(Map.of("d", "e"), json.get("c"));
  }

  @Test
  void jsonBodyOfANonObjectFailsWithTheBody() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> withBody("[1,2]").jsonBody());

    assertEquals(
        "Body of DELETE /v1/auth/sessions/delete from 127.0.0.1:5000 is not a JSON object: [1,2]",
        e.getMessage());
  }

  @Test
  void jsonBodyOfAnEmptyBodyFails() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> withBody("").jsonBody());

    assertEquals(
        "Body of DELETE /v1/auth/sessions/delete from 127.0.0.1:5000 is not a JSON object: (empty)",
        e.getMessage());
  }

  @Test
  void jsonBodyOfInvalidJsonFailsWithTheStartOfTheBody() {
    String body = "{\"session_id\": " + "x".repeat(300);

    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> withBody(body).jsonBody());

    String message = e.getMessage();
    assertEquals(
        "Body of DELETE /v1/auth/sessions/delete from 127.0.0.1:5000 is not valid JSON (",
        message.substring(0, message.indexOf('(') + 1));
    assertEquals(body.substring(0, 200) + "…", message.substring(message.indexOf("): ") + 3));
  }

  @Test
  void headersAreCaseInsensitiveAndUnmodifiable() {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("X-multi", List.of("1", "2"));
    headers.put("Authorization", List.of("Bearer k"));
    RecordedRequest request =
        new RecordedRequest("GET", "/p", "a=1", headers, "", Instant.EPOCH, "127.0.0.1:1");

    assertEquals(List.of("1", "2"), request.headers("X-MULTI"));
    assertEquals("1", request.header("x-Multi"));
    assertEquals("Bearer k", request.headers().get("authorization").get(0));
    assertThrows(UnsupportedOperationException.class, () -> request.headers().put("X", List.of()));
    assertThrows(UnsupportedOperationException.class, () -> request.headers("X-Multi").add("3"));
  }

  @Test
  void toStringShowsNeitherHeadersNorBody() {
    RecordedRequest request =
        new RecordedRequest(
            "GET",
            "/v1/auth/sessions/list",
            "user_id=u",
            Map.of("Authorization", List.of("Bearer sk_test_secret")),
            "{\"session_token\":\"mk_sess_secret\"}",
            Instant.EPOCH,
            "127.0.0.1:1");

    assertEquals("GET /v1/auth/sessions/list?user_id=u from 127.0.0.1:1", request.toString());
  }
}
