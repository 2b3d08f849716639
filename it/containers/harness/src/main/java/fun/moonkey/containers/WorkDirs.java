package fun.moonkey.containers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Work directories of servers started by tests. */
public final class WorkDirs {

  private WorkDirs() {}

  /** Deletes {@code root} and everything under it; nothing when it does not exist. */
  public static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  /** Deletes {@code root} if it exists, then creates it empty. */
  public static Path fresh(Path root) throws IOException {
    deleteTree(root);
    return Files.createDirectories(root);
  }
}
