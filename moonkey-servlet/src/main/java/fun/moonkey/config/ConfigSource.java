package fun.moonkey.config;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Where configuration values come from. The standard chain, first found wins, is filter init-param
 * {@code key} → context-param {@code moonkey.key} → system property {@code moonkey.key} →
 * environment variable {@code MOONKEY_KEY}: see {@link #firstFound}.
 */
public interface ConfigSource {

  /**
   * @param key a short key from {@link ConfigKeys}
   * @return the value of that key in this source, if it holds one
   */
  Optional<ConfigValue> find(String key);

  /**
   * @return the entries that look like MoonKey keys but are not known, such as {@code context-param
   *     'moonkey.timout'}; empty when all are known or the source cannot list them
   */
  default List<String> unknownKeys() {
    return List.of();
  }

  /**
   * Filter init-params: names are short keys, and every name must be known.
   *
   * @param lookup {@code FilterConfig::getInitParameter}
   * @param names the init-param names
   */
  static ConfigSource initParams(Function<String, String> lookup, Supplier<List<String>> names) {
    return new NamedSource("filter init-param", "", true, lookup, names, true);
  }

  /**
   * Context-params: names are {@code moonkey.} + key; other names are not ours.
   *
   * @param lookup {@code ServletContext::getInitParameter}
   * @param names the context-param names
   */
  static ConfigSource contextParams(Function<String, String> lookup, Supplier<List<String>> names) {
    return new NamedSource("context-param", ConfigKeys.PREFIX, false, lookup, names, true);
  }

  /** System properties {@code moonkey.} + key. */
  static ConfigSource systemProperties() {
    return prefixed(
        "system property",
        System::getProperty,
        () -> List.copyOf(System.getProperties().stringPropertyNames()));
  }

  /**
   * Entries named {@code moonkey.} + key among others that are not ours, such as a JAX-RS
   * application's properties; unknown {@code moonkey.} names are reported.
   *
   * @param kind what the entries are, for messages: {@code application property}
   * @param lookup reads one entry by full name
   * @param names lists the entries' full names
   */
  static ConfigSource prefixed(
      String kind, Function<String, String> lookup, Supplier<List<String>> names) {
    return new NamedSource(kind, ConfigKeys.PREFIX, false, lookup, names, false);
  }

  /**
   * Environment variables {@code MOONKEY_} + key in upper case. Unknown ones are not reported: the
   * environment is shared with other programs.
   *
   * @param environment usually {@code System.getenv()}
   */
  static ConfigSource environment(Map<String, String> environment) {
    Objects.requireNonNull(environment, "environment");
    return key -> {
      String name = ConfigKeys.envName(key);
      return Optional.ofNullable(environment.get(name))
          .map(raw -> new ConfigValue(key, raw, "environment variable '" + name + "'", false));
    };
  }

  /**
   * Values given in code, by short key; unknown keys are reported.
   *
   * @param values short key to raw value
   */
  static ConfigSource of(Map<String, String> values) {
    Map<String, String> copy = Map.copyOf(values);
    return new NamedSource("setting", "", true, copy::get, () -> List.copyOf(copy.keySet()), false);
  }

  /**
   * Chains sources: a key's value is taken from the first source that has it.
   *
   * @param sources in order of precedence
   */
  static ConfigSource firstFound(ConfigSource... sources) {
    List<ConfigSource> chain = List.of(sources);
    return new ConfigSource() {
      @Override
      public Optional<ConfigValue> find(String key) {
        return chain.stream().flatMap(s -> s.find(key).stream()).findFirst();
      }

      @Override
      public List<String> unknownKeys() {
        return chain.stream().flatMap(s -> s.unknownKeys().stream()).toList();
      }
    };
  }
}
