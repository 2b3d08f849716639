package fun.moonkey.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One request as the standalone emulator shows it to a person: method, path, the credential it
 * named (as {@code session_token#1a2b3c4d}, never in clear) and the status it got.
 */
final class RequestSummary {

  private static final String[] FIELDS = {"session_id", "session_token", "session_jwt"};

  private RequestSummary() {}

  /** {@code DELETE /v1/auth/sessions/delete session_token#1a2b3c4d -> 200}. */
  static String line(RecordedRequest request, int status) {
    String credential = credential(request);
    return request.method()
        + " "
        + request.path()
        + (credential == null ? "" : " " + credential)
        + " -> "
        + status;
  }

  /** The fields of {@link #line} for the JSON view, without the status. */
  static Map<String, Object> fields(RecordedRequest request) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("method", request.method());
    fields.put("path", request.path());
    fields.put("received_at", request.receivedAt().toString());
    fields.put("credential", credential(request));
    return fields;
  }

  private static String credential(RecordedRequest request) {
    JsonNode body;
    try {
      body = CredentialBody.parseObject(request.body());
    } catch (RuntimeException notAnObject) {
      return null;
    }
    for (String field : FIELDS) {
      JsonNode value = body.get(field);
      if (value != null && value.isTextual()) {
        return field + "#" + hash(value.textValue());
      }
    }
    return null;
  }

  /** The library's own short hash (its {@code Credential.hashOf}), so that log lines match. */
  private static String hash(String value) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
