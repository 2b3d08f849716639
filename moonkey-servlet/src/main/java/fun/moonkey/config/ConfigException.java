package fun.moonkey.config;

/**
 * A configuration value is missing or wrong. The message names the key, the value (never a
 * secret's) and what was expected, for example {@code moonkey.timeout: expected a duration like 5s
 * or 500ms, got 'abc'}.
 */
public final class ConfigException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  /**
   * @param message the full message, naming key, value and expectation
   */
  public ConfigException(String message) {
    super(message);
  }
}
