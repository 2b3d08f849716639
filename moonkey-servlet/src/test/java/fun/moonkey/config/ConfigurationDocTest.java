package fun.moonkey.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/configuration.md documents every key of {@link ConfigKeys} once, with its default. */
class ConfigurationDocTest {

  private static final Path PAGE = Path.of("..", "docs", "configuration.md");

  /** A row of the table: key, environment variable, default, meaning. */
  private static final Pattern ROW =
      Pattern.compile("^\\| `([a-z-]+)` \\| `([A-Z_]+)` \\| ([^|]+) \\| .+\\|$");

  @Test
  void everyKeyHasOneRowWithItsEnvironmentVariableAndADefault() throws Exception {
    List<String> documented = new ArrayList<>();
    for (String line : Files.readAllLines(PAGE, StandardCharsets.UTF_8)) {
      Matcher row = ROW.matcher(line);
      if (row.matches()) {
        String key = row.group(1);
        documented.add(key);
        assertEquals(ConfigKeys.envName(key), row.group(2), key);
        assertFalse(row.group(3).isBlank(), key + " has no default");
      }
    }
    assertEquals(
        ConfigKeys.ALL.stream().sorted().toList(),
        documented.stream().sorted().toList(),
        "keys of " + PAGE.toString().toLowerCase(Locale.ROOT));
  }
}
