package fun.moonkey.emulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads the credential out of a MoonKey request body such as {@code {"session_id": "sess_…"}}: a
 * JSON object with exactly one of the allowed credential fields, a non-empty string. Other fields
 * are ignored.
 */
final class CredentialBody {

  private CredentialBody() {}

  /**
   * Parses {@code body}.
   *
   * @param allowed the credential fields the endpoint accepts, in the order its messages name them
   * @throws ApiError 422 if the body is not a JSON object, names none or several of the allowed
   *     fields, or the one it names is not a non-empty string
   */
  static Credential parse(String body, Set<Credential.Type> allowed) {
    JsonNode root = parseObject(body);
    List<Credential.Type> present = new ArrayList<>();
    for (Credential.Type type : allowed) {
      if (root.has(type.field())) {
        present.add(type);
      }
    }
    if (present.isEmpty()) {
      throw ApiError.validation("One of " + fieldList(allowed) + " is required");
    }
    if (present.size() > 1) {
      throw ApiError.validation("Only one of " + fieldList(allowed) + " may be given");
    }
    Credential.Type type = present.get(0);
    JsonNode value = root.get(type.field());
    if (!value.isTextual() || value.textValue().isEmpty()) {
      throw ApiError.validation(type.field() + " must be a non-empty string");
    }
    return new Credential(type, value.textValue());
  }

  /**
   * Parses {@code body} as a JSON object.
   *
   * @throws ApiError 422 if it is not valid JSON or not an object
   */
  static JsonNode parseObject(String body) {
    JsonNode root;
    try {
      root = Json.parse(body);
    } catch (JsonProcessingException e) {
      throw ApiError.validation("Request body is not valid JSON");
    }
    if (!root.isObject()) {
      throw ApiError.validation("Request body must be a JSON object");
    }
    return root;
  }

  private static String fieldList(Set<Credential.Type> types) {
    List<String> fields = types.stream().map(Credential.Type::field).toList();
    if (fields.size() == 1) {
      return fields.get(0);
    }
    return String.join(", ", fields.subList(0, fields.size() - 1))
        + " or "
        + fields.get(fields.size() - 1);
  }
}
