package fun.moonkey.flavour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each flavour's jars refer to their own namespace only: the javax jars to no {@code jakarta.}
 * type, resource or string, the Jakarta jars to no {@code javax.servlet} or {@code javax.ws.rs}.
 */
class JarNamespaceIT {

  /** A Jakarta EE package, in a class name, a descriptor, a string or a resource's name. */
  private static final Pattern JAKARTA = Pattern.compile("jakarta[./][a-z]");

  private static final Pattern JAVAX_WEB = Pattern.compile("javax[./](servlet|ws[./]rs)");

  @ParameterizedTest
  @ValueSource(strings = {"moonkey-servlet-javax", "moonkey-jaxrs-javax"})
  void aJavaxJarRefersToNoJakartaName(String artifactId) throws Exception {
    Map<String, String> entries = FlavourJars.entries(FlavourJars.jar(artifactId));

    assertEquals(List.of(), FlavourJars.find(entries, JAKARTA));
    // And it is the javax flavour, not an empty jar: it speaks javax.servlet.
    assertFalse(
        FlavourJars.find(entries, JAVAX_WEB).isEmpty(), artifactId + " has no javax.servlet");
  }

  @ParameterizedTest
  @ValueSource(strings = {"moonkey-servlet", "moonkey-jaxrs"})
  void aJakartaJarRefersToNoJavaxServletOrWsRs(String artifactId) throws Exception {
    Map<String, String> entries = FlavourJars.entries(FlavourJars.jar(artifactId));

    assertEquals(List.of(), FlavourJars.find(entries, JAVAX_WEB));
    assertFalse(FlavourJars.find(entries, JAKARTA).isEmpty(), artifactId + " has no jakarta.");
  }

  @ParameterizedTest
  @ValueSource(strings = {"moonkey-servlet-javax", "moonkey-jaxrs-javax"})
  void aJavaxJarHasEveryClassOfItsJakartaJar(String artifactId) throws Exception {
    Path javax = FlavourJars.jar(artifactId);
    Path jakarta =
        FlavourJars.jar(artifactId.substring(0, artifactId.length() - "-javax".length()));

    Set<String> missing = new TreeSet<>(classes(jakarta));
    missing.removeAll(classes(javax));
    Set<String> extra = new TreeSet<>(classes(javax));
    extra.removeAll(classes(jakarta));

    assertEquals(Set.of(), missing, "classes of the Jakarta jar missing from " + artifactId);
    assertEquals(Set.of(), extra, "classes of " + artifactId + " the Jakarta jar lacks");
  }

  @ParameterizedTest
  @ValueSource(strings = {"moonkey-servlet-javax"})
  void theJavaxServletJarDeclaresItsInitializerForJavaxServlet(String artifactId) throws Exception {
    Map<String, String> entries = FlavourJars.entries(FlavourJars.jar(artifactId));

    assertEquals(
        "fun.moonkey.servlet.MoonKeyInitializer",
        entries.get("META-INF/services/javax.servlet.ServletContainerInitializer").strip());
    assertTrue(entries.keySet().stream().noneMatch(name -> name.contains("jakarta")));
  }

  private static Set<String> classes(Path jar) throws Exception {
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      return zip.stream()
          .map(ZipEntry::getName)
          .filter(name -> name.endsWith(".class"))
          .collect(Collectors.toCollection(TreeSet::new));
    }
  }
}
