package fun.moonkey.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md documents every key of {@link ConfigKeys} once, and its table is the table
 * of {@link Settings}: key, environment variable, default, what it accepts, and the meaning's first
 * line, in order.
 */
class ConfigurationDocTest {

  private static final Path PAGE = Path.of("..", "docs", "configuration.md");

  private static final String HEADER =
      "| key | environment variable | default | accepts | meaning |";

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

  @Test
  void theTableIsTheTableOfSettings() throws Exception {
    List<String> lines = Files.readAllLines(PAGE, StandardCharsets.UTF_8);
    int header = lines.indexOf(HEADER);
    assertTrue(header >= 0, "no table headed " + HEADER);
    List<String> actual = new ArrayList<>(List.of(HEADER, lines.get(header + 1)));
    for (int i = header + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
      actual.add(lines.get(i));
    }
    // Where a row differs, the expected one ends in "…": the rest of its meaning is the page's.
    List<String> expected = new ArrayList<>(List.of(HEADER, "| --- | --- | --- | --- | --- |"));
    for (int i = 0; i < Settings.ALL.size(); i++) {
      String start = rowStart(Settings.ALL.get(i));
      String row = i + 2 < actual.size() ? actual.get(i + 2) : "";
      expected.add(row.equals(start + " |") || row.startsWith(start + " ") ? row : start + " … |");
    }
    assertEquals(
        String.join("\n", expected),
        String.join("\n", actual),
        PAGE + " differs from the table of settings (Settings.ALL)");
  }

  /** A row as the settings give it, up to the end of the meaning's first line. */
  static String rowStart(Setting<?> setting) {
    String dflt = setting.dflt().startsWith("(") ? setting.dflt() : "`" + setting.dflt() + "`";
    String accepts =
        setting.type().expected() + (setting.secret() ? " (secret: masked, never echoed)" : "");
    return "| `"
        + setting.key()
        + "` | `"
        + ConfigKeys.envName(setting.key())
        + "` | "
        + dflt
        + " | "
        + accepts.replace("|", "\\|").replace("<", "\\<")
        + " | "
        + setting.doc();
  }
}
