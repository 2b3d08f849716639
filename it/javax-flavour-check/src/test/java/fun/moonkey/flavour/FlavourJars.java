package fun.moonkey.flavour;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The library's published jars as this module's test class path has them, and their content as
 * text: a class as {@code javap} shows what it refers to, any other entry as its name and bytes.
 */
final class FlavourJars {

  private static final ToolProvider JAVAP =
      ToolProvider.findFirst("javap").orElseThrow(() -> new IllegalStateException("no javap"));

  private FlavourJars() {}

  /** The jar of {@code artifactId} on the class path (the reactor's {@code target/} one). */
  static Path jar(String artifactId) {
    Pattern name = Pattern.compile(Pattern.quote(artifactId) + "-\\d[^/]*(?<!-tests)\\.jar");
    List<Path> found =
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .map(Path::of)
            .filter(path -> name.matcher(path.getFileName().toString()).matches())
            .toList();
    if (found.size() != 1) {
      throw new IllegalStateException(artifactId + " jars on the class path: " + found);
    }
    return found.get(0);
  }

  /**
   * Each entry of {@code jar} as text, by entry name. A class is {@code javap -v -p -c} without its
   * header and constant pool: its descriptors, signatures, annotations, code, bootstrap methods and
   * inner classes, each reference resolved. (The Eclipse Transformer rewrites a class's constants
   * by adding new ones; an entry it replaced stays in the pool, referred to by nothing, so the pool
   * itself would report names the class no longer uses.)
   */
  static Map<String, String> entries(Path jar) throws IOException {
    Map<String, String> entries = new LinkedHashMap<>();
    List<String> classes = new ArrayList<>();
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      for (ZipEntry entry : zip.stream().toList()) {
        if (entry.isDirectory()) {
          continue;
        }
        if (entry.getName().endsWith(".class")) {
          classes.add(entry.getName());
        } else {
          byte[] bytes = zip.getInputStream(entry).readAllBytes();
          entries.put(entry.getName(), new String(bytes, StandardCharsets.ISO_8859_1));
        }
      }
    }
    for (String entry : classes) {
      entries.put(entry, withoutPool(javap(jar, entry, "-v", "-p", "-c")));
    }
    return entries;
  }

  /** The constant pool of each class of {@code jar}, as {@code javap -v} prints it. */
  static Map<String, List<String>> constantPools(Path jar) throws IOException {
    Map<String, List<String>> pools = new LinkedHashMap<>();
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      for (ZipEntry entry : zip.stream().toList()) {
        if (entry.getName().endsWith(".class")) {
          pools.put(entry.getName(), pool(javap(jar, entry.getName(), "-v")));
        }
      }
    }
    return pools;
  }

  private static String javap(Path jar, String entry, String... options) {
    String className = entry.substring(0, entry.length() - ".class".length()).replace('/', '.');
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> args = new ArrayList<>(List.of(options));
    args.addAll(List.of("-cp", jar.toString(), className));
    int status = JAVAP.run(new PrintWriter(out), new PrintWriter(err), args.toArray(String[]::new));
    if (status != 0) {
      throw new IllegalStateException("javap " + entry + " failed: " + err);
    }
    return out.toString();
  }

  private static String withoutPool(String javap) {
    StringBuilder kept = new StringBuilder();
    boolean inPool = false;
    for (String line : javap.lines().toList()) {
      if (line.equals("Constant pool:")) {
        inPool = true;
      } else if (inPool && line.equals("{")) {
        inPool = false;
      }
      boolean header =
          line.startsWith("Classfile ")
              || line.startsWith("  Last modified ")
              || line.startsWith("  SHA-256 checksum ");
      if (!inPool && !header) {
        kept.append(line).append('\n');
      }
    }
    return kept.toString();
  }

  private static List<String> pool(String javap) {
    List<String> lines = new ArrayList<>();
    boolean inPool = false;
    for (String line : javap.lines().toList()) {
      if (line.equals("Constant pool:")) {
        inPool = true;
      } else if (inPool && line.equals("{")) {
        break;
      } else if (inPool) {
        lines.add(line);
      }
    }
    return lines;
  }

  /** The lines of {@code entries} that {@code pattern} finds, as {@code entry: line}. */
  static List<String> find(Map<String, String> entries, Pattern pattern) {
    List<String> found = new ArrayList<>();
    entries.forEach(
        (name, text) -> {
          if (pattern.matcher(name).find()) {
            found.add(name + " (its name)");
          }
          Stream.of(text.split("\n"))
              .filter(line -> pattern.matcher(line).find())
              .forEach(line -> found.add(name + ": " + line.strip()));
        });
    return found;
  }
}
