package fun.moonkey.containers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/** Finds an installed JDK of at least a given feature version under {@code /usr/lib/jvm}. */
public final class Jdks {

  public static final Path JVM_DIR = Path.of("/usr/lib/jvm");

  private Jdks() {}

  /** The newest JDK of at least {@code feature} whose {@code release} file says so, if any. */
  public static Optional<Path> atLeast(int feature) {
    if (!Files.isDirectory(JVM_DIR)) {
      return Optional.empty();
    }
    try (Stream<Path> dirs = Files.list(JVM_DIR)) {
      return dirs.filter(dir -> Files.isExecutable(dir.resolve("bin/java")))
          .filter(dir -> featureOf(dir) >= feature)
          .max(Comparator.comparingInt(Jdks::featureOf));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  public static int featureOf(Path jdk) {
    Path release = jdk.resolve("release");
    if (!Files.isRegularFile(release)) {
      return -1;
    }
    Properties properties = new Properties();
    try (var in = Files.newInputStream(release)) {
      properties.load(in);
    } catch (IOException e) {
      return -1;
    }
    String version = properties.getProperty("JAVA_VERSION", "").replace("\"", "");
    try {
      return Integer.parseInt(version.split("[.+-]")[0]);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The {@code java} launcher of the JDK running this JVM. */
  public static String current() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
