package fun.moonkey.revocation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonBodyTest {

  private static final ObjectMapper JACKSON = new ObjectMapper();

  private static byte[] jackson(String field, String value) throws Exception {
    return JACKSON.writeValueAsString(Map.of(field, value)).getBytes(StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "tok_plain-123.abc",
        "quote\"inside",
        "back\\slash\\\\",
        "\\\"",
        "line\nfeed\rreturn\ttab\bback\fform",
        "nul\u0000unit\u001fdel\u007f",
        "slash/stays</script>",
        "é ü 漢字 😀",
        "line\u2028sep\u2029",
        "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyXzEifQ.c2lnbmF0dXJl",
        "{\"session_id\":\"injected\"}"
      })
  void writesTheBytesJacksonWrites(String value) throws Exception {
    assertArrayEquals(jackson("session_token", value), JsonBody.of("session_token", value));
  }

  @Test
  void everyControlCharacterIsEscapedAsJacksonDoes() throws Exception {
    String controls =
        IntStream.range(0, 0x20)
            .mapToObj(c -> String.valueOf((char) c))
            .collect(Collectors.joining());
    assertEquals(
        new String(jackson("session_jwt", controls), StandardCharsets.UTF_8),
        new String(JsonBody.of("session_jwt", controls), StandardCharsets.UTF_8));
  }

  @Test
  void readsBackAsTheSameOneFieldObject() throws Exception {
    String nasty = "a\"b\\c\n\u0001\u001f😀";
    assertEquals(
        Map.of("session_id", nasty),
        JACKSON.readValue(JsonBody.of("session_id", nasty), Map.class));
  }

  @Test
  void writesExactlyTheCompactForm() {
    assertEquals(
        "{\"session_id\":\"a\\\"b\\\\c\\n\\u0001\"}",
        new String(JsonBody.of("session_id", "a\"b\\c\n\u0001"), StandardCharsets.UTF_8));
  }
}
