package fun.moonkey.config;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * One setting of {@link Settings}, from which its parsing, its messages, its place on the start-up
 * line and its row of docs/configuration.md derive.
 *
 * @param key the short key, one of {@link ConfigKeys}
 * @param type what it takes
 * @param dflt the default: a value's text ({@code 5s}), or in parentheses what unset means ({@code
 *     (none)}, {@link #REQUIRED})
 * @param secret never echoed in a message, masked on the start-up line
 * @param doc one line of documentation: how its row's "meaning" column in the docs starts
 */
record Setting<T>(String key, Type<T> type, String dflt, boolean secret, String doc) {

  /** The default of a setting that must be set. */
  static final String REQUIRED = "(required)";

  /** The same setting with its line of documentation. */
  Setting<T> doc(String line) {
    return new Setting<>(key, type, dflt, secret, line);
  }

  /** Its value in {@code source}, else its default; {@code earlier} has the settings before it. */
  T read(ConfigSource source, Map<String, Object> earlier) {
    Optional<ConfigValue> found = source.find(key);
    if (found.isEmpty() && dflt.startsWith("(")) {
      return type.none();
    }
    ConfigValue value = found.orElse(new ConfigValue(key, dflt, "the default", false));
    String text = value.raw().strip();
    T read = type.reader().read(text, value, earlier);
    if (read != null) {
      return read;
    }
    // A secret is never echoed: it may be a real key with a typo.
    throw secret
        ? Type.fail(
            value, "expected " + type.expected(), "a value of " + text.length() + " characters")
        : Type.bad(value, type.expected());
  }

  /** A value as the start-up line shows it: masked if secret, or what unset means. */
  @SuppressWarnings("unchecked")
  String show(Object value) {
    if (value == null || value instanceof Collection<?> c && c.isEmpty()) {
      return dflt;
    }
    return secret ? Type.mask((String) value) : type.show().apply((T) value);
  }
}
