package fun.moonkey.emulator;

import java.util.Objects;

/**
 * The session credential a MoonKey API request names: which kind, and its value.
 *
 * @param type the kind of credential, which is also the JSON field that carried it
 * @param value the credential as sent
 */
record Credential(Type type, String value) {

  /** The kinds of credential, each with the JSON field that carries it. */
  enum Type {
    SESSION_ID("session_id"),
    SESSION_TOKEN("session_token"),
    SESSION_JWT("session_jwt");

    private final String field;

    Type(String field) {
      this.field = field;
    }

    /** The JSON field name, e.g. {@code session_id}. */
    String field() {
      return field;
    }
  }

  Credential {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(value, "value");
  }
}
