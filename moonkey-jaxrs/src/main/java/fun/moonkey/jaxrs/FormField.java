package fun.moonkey.jaxrs;

import jakarta.ws.rs.core.MediaType;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Reads one field of an {@code application/x-www-form-urlencoded} body, as a servlet's {@code
 * getParameter} would for a form: the resource then takes {@code scope} from a form like the filter
 * does.
 */
final class FormField {

  private FormField() {}

  /**
   * @param type the body's media type, or null
   * @param body the body, or null
   * @param name the field's name
   * @return the first value of the field, or null when the body is no form, lacks the field or is
   *     malformed
   */
  static String first(MediaType type, String body, String name) {
    if (type == null
        || body == null
        || !MediaType.APPLICATION_FORM_URLENCODED_TYPE.isCompatible(type)) {
      return null;
    }
    for (String pair : body.split("&")) {
      int equals = pair.indexOf('=');
      String key = equals < 0 ? pair : pair.substring(0, equals);
      try {
        if (URLDecoder.decode(key, StandardCharsets.UTF_8).equals(name)) {
          return equals < 0
              ? ""
              : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
        }
      } catch (IllegalArgumentException malformed) {
        return null;
      }
    }
    return null;
  }
}
