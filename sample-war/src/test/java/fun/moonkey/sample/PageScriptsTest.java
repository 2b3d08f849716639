package fun.moonkey.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every page of the sample that loads {@code app.js} loads {@code moonkey-tabs.js} before it:
 * {@code app.js} calls {@code moonkeyTabs.follow} as it draws a signed-in header, and without the
 * script that call throws, which left the "Your devices" page blank for a signed-in user.
 */
class PageScriptsTest {

  private static final String TABS = "<script src=\"moonkey-tabs.js\"></script>";
  private static final String APP = "<script src=\"app.js\"></script>";

  @Test
  void everyPageWithAppJsLoadsTheTabsScriptFirst() throws IOException {
    List<String> wrong;
    try (Stream<Path> files = Files.list(Path.of("src", "main", "webapp"))) {
      wrong =
          files
              .filter(file -> file.toString().endsWith(".html"))
              .filter(file -> !loadsTabsBeforeApp(read(file)))
              .map(file -> file.getFileName().toString())
              .sorted()
              .toList();
    }
    assertEquals(List.of(), wrong, "pages that load app.js without moonkey-tabs.js before it");
  }

  private static boolean loadsTabsBeforeApp(String page) {
    int app = page.indexOf(APP);
    int tabs = page.indexOf(TABS);
    return app < 0 || (tabs >= 0 && tabs < app);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot read " + file, e);
    }
  }
}
