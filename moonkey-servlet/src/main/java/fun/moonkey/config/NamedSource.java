package fun.moonkey.config;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A source whose entries are named {@code prefix + key}.
 *
 * @param kind what the entries are, for messages: {@code context-param}
 * @param prefix what precedes a short key in an entry's name
 * @param everyNameIsOurs true when all names belong to us (init-params, code), so that any unknown
 *     name is an error; false when only names with the prefix are ours
 * @param lookup reads one entry by full name
 * @param names lists the entries' full names
 * @param inDeploymentDescriptor true for {@code web.xml} entries
 */
record NamedSource(
    String kind,
    String prefix,
    boolean everyNameIsOurs,
    Function<String, String> lookup,
    Supplier<List<String>> names,
    boolean inDeploymentDescriptor)
    implements ConfigSource {

  @Override
  public Optional<ConfigValue> find(String key) {
    String name = prefix + key;
    String raw = lookup.apply(name);
    return raw == null
        ? Optional.empty()
        : Optional.of(new ConfigValue(key, raw, kind + " '" + name + "'", inDeploymentDescriptor));
  }

  @Override
  public List<String> unknownKeys() {
    return names.get().stream()
        .filter(name -> everyNameIsOurs || name.startsWith(prefix))
        .filter(
            name ->
                !ConfigKeys.ALL.contains(
                    name.startsWith(prefix) ? name.substring(prefix.length()) : name))
        .map(name -> kind + " '" + name + "'")
        .sorted()
        .toList();
  }
}
