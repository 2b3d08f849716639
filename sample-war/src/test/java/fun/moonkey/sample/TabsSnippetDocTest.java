package fun.moonkey.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/browser.md shows the sample's {@code moonkey-tabs.js} as it is, so that what users copy is
 * what the sample runs and the browser tests prove.
 */
class TabsSnippetDocTest {

  private static final String MARKER =
      "<!-- the file sample-war/src/main/webapp/moonkey-tabs.js -->";

  @Test
  void docsShowTheSamplesFileAsItIs() throws Exception {
    String page = Files.readString(Path.of("..", "docs", "browser.md"), StandardCharsets.UTF_8);
    String file =
        Files.readString(
            Path.of("src", "main", "webapp", "moonkey-tabs.js"), StandardCharsets.UTF_8);
    int marker = page.indexOf(MARKER);
    assertTrue(marker >= 0, "docs/browser.md has no line " + MARKER);
    int start = page.indexOf("```js\n", marker) + "```js\n".length();
    int end = page.indexOf("```\n", start);
    assertEquals(file, page.substring(start, end));
  }
}
