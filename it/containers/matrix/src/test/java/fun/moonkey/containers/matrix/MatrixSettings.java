package fun.moonkey.containers.matrix;

import java.nio.file.Files;
import java.nio.file.Path;

/** Paths the build hands to the matrix as system properties (see the module's pom). */
final class MatrixSettings {

  private MatrixSettings() {}

  /** A WAR the build copied, by file name without {@code .war}: {@code war-webxml-typo}. */
  static Path war(String name) {
    return existing(Path.of(required("matrix.wars")).resolve(name + ".war"));
  }

  /** Where a server's files and log go. */
  static Path workDir(String name) {
    return Path.of(required("matrix.work-dir")).resolve(name);
  }

  /** A server distribution the build unpacked or copied, by property name. */
  static Path server(String property) {
    return existing(Path.of(required("matrix." + property)));
  }

  private static Path existing(Path path) {
    if (!Files.exists(path)) {
      throw new IllegalStateException("Nothing at " + path + ": run through ./mvnw verify");
    }
    return path;
  }

  private static String required(String property) {
    String value = System.getProperty(property);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(
          "System property " + property + " is not set: run through ./mvnw verify");
    }
    return value;
  }
}
