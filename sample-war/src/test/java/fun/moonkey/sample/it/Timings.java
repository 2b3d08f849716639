package fun.moonkey.sample.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/** Records each container's start-up time in {@code target/it/startup-times.txt} and on stdout. */
final class Timings {

  private Timings() {}

  static void record(String container, Duration startup) {
    String line = String.format("%-28s started in %5d ms%n", container, startup.toMillis());
    System.out.print(line);
    Path file = TestSettings.workDir("startup-times.txt");
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(
          file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file, e);
    }
  }
}
