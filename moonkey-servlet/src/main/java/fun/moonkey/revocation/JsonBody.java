package fun.moonkey.revocation;

import java.nio.charset.StandardCharsets;

/**
 * The body of a MoonKey call: a JSON object of one string field, such as {@code
 * {"session_id":"…"}}, written directly rather than through a mapper. The value is escaped as RFC
 * 8259 section 7 requires (quotation mark, reverse solidus, and U+0000 to U+001F; the common
 * controls in their short forms), the same bytes Jackson writes. Pure logic; thread-safe.
 */
final class JsonBody {

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private JsonBody() {}

  /**
   * @param field the name, a plain identifier such as {@code session_token}
   * @param value any string (a token is opaque)
   * @return the object in UTF-8
   */
  static byte[] of(String field, String value) {
    StringBuilder json = new StringBuilder(field.length() + value.length() + 8);
    json.append("{\"");
    escape(field, json);
    json.append("\":\"");
    escape(value, json);
    json.append("\"}");
    return json.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void escape(String text, StringBuilder json) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> json.append("\\\"");
        case '\\' -> json.append("\\\\");
        case '\n' -> json.append("\\n");
        case '\r' -> json.append("\\r");
        case '\t' -> json.append("\\t");
        case '\b' -> json.append("\\b");
        case '\f' -> json.append("\\f");
        default -> {
          if (c < 0x20) {
            json.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
          } else {
            json.append(c);
          }
        }
      }
    }
  }
}
