package fun.moonkey.test;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * docs/testing.md's complete example is the code users copy: its Java block and its dependencies
 * must be, byte for byte, the files of the consumer projects under {@code consumers/src/it} (which
 * build the example outside this reactor, against moonkey-test as users resolve it) and of {@code
 * containers/war-webxml}, whose build runs the same test.
 */
class DocumentedExampleTest {

  private static final Path MODULE = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
  private static final Path ROOT = MODULE.getParent();
  private static final String SECTION = "## A complete example";
  private static final String TEST = "src/test/java/com/example/shop/LogoutTest.java";
  private static final List<String> CONSUMERS = List.of("testkit-junit5", "testkit-junit6");

  @Test
  void thePagesTestIsTheConsumersAndTheWarsTest() throws IOException {
    String page = block("java");
    for (String consumer : CONSUMERS) {
      assertEquals(
          page, read(consumer(consumer).resolve(TEST)), consumer + " differs from the page");
    }
    assertEquals(
        page, read(ROOT.resolve("it/containers/war-webxml").resolve(TEST)), "war-webxml differs");
  }

  @Test
  void thePagesDependenciesAreTheJUnit5ConsumersWithThisVersion() throws IOException {
    String version = System.getProperty("moonkey.version");
    assertEquals(
        block("xml"),
        dependencies(consumer("testkit-junit5")).replace("@project.version@", version),
        "the page's dependencies differ from testkit-junit5's pom.xml");
  }

  @Test
  void theJUnit6ConsumerDiffersOnlyInItsJUnit() throws IOException {
    assertEquals(
        dependencies(consumer("testkit-junit5")),
        dependencies(consumer("testkit-junit6")).replace("@junit.version@", "5.11.4"));
  }

  @Test
  void theConsumersRunTheWarsApplication() throws IOException {
    Path war = ROOT.resolve("it/containers/war-webxml/src/main");
    for (String consumer : CONSUMERS) {
      Path main = consumer(consumer).resolve("src/main");
      for (String file :
          List.of("java/com/example/shop/AccountServlet.java", "webapp/WEB-INF/web.xml")) {
        assertEquals(read(war.resolve(file)), read(main.resolve(file)), consumer + ": " + file);
      }
    }
  }

  private static Path consumer(String name) {
    return ROOT.resolve("it/consumers/src/it").resolve(name);
  }

  /** The first fenced block of this language in the page's complete example, as it stands. */
  private static String block(String language) throws IOException {
    String page = read(ROOT.resolve("docs/testing.md"));
    int section = page.indexOf(SECTION);
    if (section < 0) {
      throw new AssertionError("docs/testing.md has no section \"" + SECTION + "\"");
    }
    String fence = "\n```" + language + "\n";
    int start = page.indexOf(fence, section);
    int next = page.indexOf("\n## ", section + 1);
    if (start < 0 || (next >= 0 && start > next)) {
      throw new AssertionError("docs/testing.md's complete example has no " + language + " block");
    }
    int body = start + fence.length();
    return page.substring(body, page.indexOf("\n```\n", body) + 1);
  }

  /** The pom's {@code <dependencies>} element, its two spaces of indentation removed. */
  private static String dependencies(Path project) throws IOException {
    List<String> lines = Files.readAllLines(project.resolve("pom.xml"));
    int from = lines.indexOf("  <dependencies>");
    int to = lines.indexOf("  </dependencies>");
    if (from < 0 || to < from) {
      throw new AssertionError(project.resolve("pom.xml") + " has no <dependencies> at two spaces");
    }
    return lines.subList(from, to + 1).stream()
            .map(line -> line.isEmpty() ? line : line.substring(2))
            .collect(Collectors.joining("\n"))
        + "\n";
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file);
  }
}
