package fun.moonkey.emulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Map;

/**
 * The emulator's one JSON mapper: strict on input (duplicate keys and trailing tokens are errors,
 * so a malformed client body is caught rather than half-read), compact on output.
 */
final class Json {

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private Json() {}

  /**
   * Parses {@code text}.
   *
   * @return the parsed tree; a missing node for empty or blank text
   * @throws JsonProcessingException if {@code text} is not one valid JSON value
   */
  static JsonNode parse(String text) throws JsonProcessingException {
    return MAPPER.readTree(text);
  }

  /** Converts a JSON object node into mutable, insertion-ordered maps and lists. */
  static Map<String, Object> toMap(JsonNode object) {
    return MAPPER.convertValue(object, MAP);
  }

  /** Writes {@code value} (maps, lists, strings, numbers, booleans) as compact JSON. */
  static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Cannot write as JSON: " + value.getClass().getName(), e);
    }
  }
}
