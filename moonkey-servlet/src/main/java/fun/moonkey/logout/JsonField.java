package fun.moonkey.logout;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;

/**
 * Reads one string member of a small JSON object body, as the end of a session takes {@code
 * {"session_id": "…"}}: the entry points read the body (up to {@link #MAX_BODY} characters) and
 * hand it here. Anything else (not JSON, not an object, the member missing or not a string, a body
 * too long) reads as absent.
 */
public final class JsonField {

  /** The most characters of a body that are parsed. */
  public static final int MAX_BODY = 8192;

  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonField() {}

  /**
   * @param body the body, or null
   * @param name the member's name
   * @return its value, when the body is an object whose member is a string
   */
  public static Optional<String> read(String body, String name) {
    if (body == null || body.isEmpty() || body.length() > MAX_BODY) {
      return Optional.empty();
    }
    try {
      JsonNode value = JSON.readTree(body).get(name);
      return value != null && value.isTextual() ? Optional.of(value.textValue()) : Optional.empty();
    } catch (JsonProcessingException | RuntimeException malformed) {
      return Optional.empty();
    }
  }

  /**
   * @param contentType a {@code Content-Type}, or null
   * @return whether it names JSON ({@code application/json}, with or without parameters)
   */
  public static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    int semicolon = contentType.indexOf(';');
    String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip();
    return type.equalsIgnoreCase("application/json");
  }
}
