package fun.moonkey.sample.it;

import java.nio.file.Files;
import java.nio.file.Path;

/** Paths the build hands to the integration tests as system properties (see the module's pom). */
final class TestSettings {

  private TestSettings() {}

  /** The WAR for Tomcat and Jetty (Jersey bundled). */
  static Path war() {
    return file("sample.war");
  }

  /** The WAR for Payara (classifier {@code payara}: the server's Jersey). */
  static Path payaraWar() {
    return file("sample.payara-war");
  }

  /** Where tests write their servers' files, logs and screenshots. */
  static Path workDir(String name) {
    return Path.of(required("sample.work-dir")).resolve(name);
  }

  static Path file(String property) {
    Path path = Path.of(required(property));
    if (!Files.exists(path)) {
      throw new IllegalStateException(
          property + ": nothing at " + path + " (run through ./mvnw verify)");
    }
    return path;
  }

  static String required(String property) {
    String value = System.getProperty(property);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(
          "System property " + property + " is not set: run through ./mvnw verify");
    }
    return value;
  }
}
