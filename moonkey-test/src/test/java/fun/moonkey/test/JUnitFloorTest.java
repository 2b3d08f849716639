package fun.moonkey.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The kit works on the user's JUnit: its own tests run on the oldest Jupiter it supports, and
 * neither its POM nor the emulator's hands a test library to users (a newer JUnit Platform than the
 * user's, first on their class path, kills their surefire fork).
 */
class JUnitFloorTest {

  private static final Path MODULE = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();

  @Test
  void theseTestsRunOnTheOldestSupportedJupiter() {
    String floor = System.getProperty("junit-floor.version");
    assertEquals(floor, Test.class.getPackage().getImplementationVersion(), "jupiter-api");
    assertEquals(
        floor, ExtensionContext.class.getPackage().getImplementationVersion(), "extension API");
  }

  @Test
  void noTestLibraryReachesUsersThroughTheKitOrTheEmulator() throws Exception {
    List<String> leaks = new ArrayList<>();
    for (Path pom :
        List.of(MODULE.resolve("pom.xml"), MODULE.resolveSibling("moonkey-emulator/pom.xml"))) {
      leaks.addAll(transitiveTestLibraries(pom));
    }
    assertTrue(leaks.isEmpty(), "passed on to users: " + leaks);
  }

  /** Dependencies of a test library's groups in compile or runtime scope, as "pom: g:a:scope". */
  private static List<String> transitiveTestLibraries(Path pom) throws Exception {
    Element project =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(pom.toFile())
            .getDocumentElement();
    List<String> found = new ArrayList<>();
    NodeList sections = project.getChildNodes();
    for (int s = 0; s < sections.getLength(); s++) {
      if (!(sections.item(s) instanceof Element section)
          || !section.getTagName().equals("dependencies")) {
        continue; // dependencyManagement and plugins do not reach users' class paths
      }
      NodeList dependencies = section.getElementsByTagName("dependency");
      for (int d = 0; d < dependencies.getLength(); d++) {
        Element dependency = (Element) dependencies.item(d);
        String group = text(dependency, "groupId");
        String scope = text(dependency, "scope");
        boolean reachesUsers =
            scope.isEmpty() || scope.equals("compile") || scope.equals("runtime");
        if (reachesUsers && isTestLibrary(group)) {
          found.add(
              pom.getParent().getFileName()
                  + ": "
                  + group
                  + ":"
                  + text(dependency, "artifactId")
                  + ":"
                  + (scope.isEmpty() ? "compile" : scope));
        }
      }
    }
    return found;
  }

  private static boolean isTestLibrary(String group) {
    return group.startsWith("org.junit")
        || group.equals("org.opentest4j")
        || group.equals("org.mockito")
        || group.equals("org.assertj")
        || group.equals("org.hamcrest");
  }

  private static String text(Element dependency, String tag) {
    NodeList nodes = dependency.getElementsByTagName(tag);
    return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent().trim();
  }
}
