package fun.moonkey.sample;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * JSON in and out of the sample's resources, written and read with Jackson here rather than through
 * a JAX-RS JSON provider, so that the same WAR answers the same bytes on Tomcat (bundled Jersey)
 * and Payara (the server's Jersey and providers).
 */
final class JsonBody {

  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonBody() {}

  /** Writes alternating keys and values as a JSON object, in order; {@code null} values kept. */
  static String object(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    try {
      return JSON.writeValueAsString(map);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Not writable as JSON: " + map.keySet(), e);
    }
  }

  /** Reads a request body; {@code null} when it is not a JSON object. */
  static JsonNode readObject(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      JsonNode node = JSON.readTree(body);
      return node != null && node.isObject() ? node : null;
    } catch (JsonProcessingException e) {
      return null;
    }
  }
}
