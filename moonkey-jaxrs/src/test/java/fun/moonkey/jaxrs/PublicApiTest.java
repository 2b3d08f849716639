package fun.moonkey.jaxrs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import fun.moonkey.servlet.LogoutFilter;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The public types of each module, against the list checked in under {@code public-api/}: a type
 * made public by accident fails the build, and one made public on purpose is added to the list in
 * the same change.
 */
class PublicApiTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "moonkey-servlet, fun.moonkey.servlet.LogoutFilter",
    "moonkey-jaxrs, fun.moonkey.jaxrs.LogoutResource"
  })
  void onlyTheIntendedTypesArePublic(String module, String member) throws Exception {
    Class<?> anchor = Class.forName(member);
    List<String> expected = expected(module);
    List<String> actual = publicTypes(anchor);
    assertEquals(
        String.join("\n", expected),
        String.join("\n", actual),
        "public types of "
            + module
            + " (src/test/resources/public-api/"
            + module
            + ".txt lists the intended ones)");
  }

  private static List<String> expected(String module) throws IOException {
    try (InputStream in =
        PublicApiTest.class.getResourceAsStream("/public-api/" + module + ".txt")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .map(String::strip)
          .filter(line -> !line.isEmpty() && !line.startsWith("#"))
          .sorted()
          .toList();
    }
  }

  /** Every public type, nested ones included, of the jar or directory {@code anchor} came from. */
  private static List<String> publicTypes(Class<?> anchor)
      throws IOException, URISyntaxException, ClassNotFoundException {
    Path location = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<String> names = new ArrayList<>();
    if (Files.isDirectory(location)) {
      try (Stream<Path> files = Files.walk(location)) {
        files
            .filter(f -> f.toString().endsWith(".class"))
            .forEach(f -> names.add(location.relativize(f).toString()));
      }
    } else {
      try (JarFile jar = new JarFile(location.toFile())) {
        for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
          String name = e.nextElement().getName();
          // The bundled HTTP client (fun.moonkey.shaded) is no part of the library's API.
          if (name.endsWith(".class")
              && !name.startsWith("META-INF/")
              && !name.startsWith("fun/moonkey/shaded/")) {
            names.add(name);
          }
        }
      }
    }
    List<String> types = new ArrayList<>();
    for (String file : names) {
      String name = file.substring(0, file.length() - ".class".length()).replace('/', '.');
      name = name.replace('\\', '.');
      Class<?> type = Class.forName(name, false, anchor.getClassLoader());
      if (isVisible(type)) {
        types.add(type.getName());
      }
    }
    return types.stream().sorted().toList();
  }

  private static boolean isVisible(Class<?> type) {
    if (type.isAnonymousClass() || type.isSynthetic() || type.isLocalClass()) {
      return false;
    }
    for (Class<?> t = type; t != null; t = t.getEnclosingClass()) {
      if (!Modifier.isPublic(t.getModifiers())) {
        return false;
      }
    }
    return true;
  }

  static {
    // Loaded for its code source; the servlet module's types are listed through it.
    LogoutFilter.class.getName();
  }
}
