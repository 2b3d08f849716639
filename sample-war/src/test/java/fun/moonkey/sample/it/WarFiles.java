package fun.moonkey.sample.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/** Reads and rewrites WAR files for the tests that check what a WAR holds. */
final class WarFiles {

  private WarFiles() {}

  /** The names of the entries under {@code WEB-INF/lib/}, without the directory. */
  static List<String> libraries(Path war) throws IOException {
    List<String> names = new ArrayList<>();
    try (ZipFile zip = new ZipFile(war.toFile())) {
      Enumeration<? extends ZipEntry> entries = zip.entries();
      while (entries.hasMoreElements()) {
        String name = entries.nextElement().getName();
        if (name.startsWith("WEB-INF/lib/") && name.length() > "WEB-INF/lib/".length()) {
          names.add(name.substring("WEB-INF/lib/".length()));
        }
      }
    }
    return names;
  }

  /**
   * Copies {@code war} to {@code target} without the entries whose names start with {@code prefix}.
   *
   * @return how many entries were left out
   */
  static int copyWithout(Path war, Path target, String prefix) throws IOException {
    Files.createDirectories(target.getParent());
    int removed = 0;
    try (ZipFile zip = new ZipFile(war.toFile());
        OutputStream file = Files.newOutputStream(target);
        ZipOutputStream out = new ZipOutputStream(file)) {
      Enumeration<? extends ZipEntry> entries = zip.entries();
      while (entries.hasMoreElements()) {
        ZipEntry entry = entries.nextElement();
        if (entry.getName().startsWith(prefix)) {
          removed++;
          continue;
        }
        out.putNextEntry(new ZipEntry(entry.getName()));
        try (InputStream in = zip.getInputStream(entry)) {
          in.transferTo(out);
        }
        out.closeEntry();
      }
    }
    return removed;
  }
}
