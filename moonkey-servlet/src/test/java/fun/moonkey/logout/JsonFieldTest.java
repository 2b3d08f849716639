package fun.moonkey.logout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class JsonFieldTest {

  @Test
  void readsAStringMemberOfAnObject() {
    assertEquals(
        Optional.of("sess_1"), JsonField.read("{\"session_id\": \"sess_1\"}", "session_id"));
  }

  @Test
  void anythingElseIsAbsent() {
    assertEquals(Optional.empty(), JsonField.read(null, "session_id"));
    assertEquals(Optional.empty(), JsonField.read("", "session_id"));
    assertEquals(Optional.empty(), JsonField.read("not json", "session_id"));
    assertEquals(Optional.empty(), JsonField.read("[\"sess_1\"]", "session_id"));
    assertEquals(Optional.empty(), JsonField.read("{\"session_id\": 42}", "session_id"));
    assertEquals(Optional.empty(), JsonField.read("{\"session_id\": null}", "session_id"));
    assertEquals(Optional.empty(), JsonField.read("{\"other\": \"sess_1\"}", "session_id"));
    assertEquals(
        Optional.empty(),
        JsonField.read(
            "{\"session_id\": \"" + "x".repeat(JsonField.MAX_BODY) + "\"}", "session_id"));
  }

  @Test
  void isJsonReadsTheMediaTypeOnly() {
    assertTrue(JsonField.isJson("application/json"));
    assertTrue(JsonField.isJson("Application/JSON; charset=utf-8"));
    assertFalse(JsonField.isJson("application/x-www-form-urlencoded"));
    assertFalse(JsonField.isJson("application/jsonp"));
    assertFalse(JsonField.isJson(null));
  }
}
