package fun.moonkey.revocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fun.moonkey.emulator.EmulatedSession;
import fun.moonkey.emulator.MoonKeyEmulator;
import fun.moonkey.testing.BundledClientMain;
import fun.moonkey.testing.MoonKeyThreads;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The jar as published: HttpClient and SLF4J inside it, relocated under {@code fun.moonkey.shaded}
 * and nowhere else, with their licenses; and, in a JVM of its own with only the jar and Jackson, a
 * revocation goes out and nothing is written to standard error (the relocated SLF4J finds its one
 * provider) and no thread of the library is left after {@code close()}.
 */
class BundledClientIT {

  private static final Path JAR = Path.of(System.getProperty("moonkey.jar"));

  @Test
  void theJarHoldsTheClientRelocatedWithItsLicenses() throws Exception {
    try (ZipFile zip = new ZipFile(JAR.toFile())) {
      List<String> classes =
          zip.stream().map(ZipEntry::getName).filter(n -> n.endsWith(".class")).toList();
      assertEquals(List.of(), classes.stream().filter(n -> !n.startsWith("fun/moonkey/")).toList());
      assertTrue(
          classes.contains(
              "fun/moonkey/shaded/org/apache/hc/client5/http/impl/async/HttpAsyncClients.class"));
      assertTrue(classes.contains("fun/moonkey/shaded/org/slf4j/LoggerFactory.class"));
      assertEquals(
          "fun.moonkey.revocation.SilentLogs",
          text(zip, "META-INF/services/fun.moonkey.shaded.org.slf4j.spi.SLF4JServiceProvider")
              .strip());
      assertTrue(text(zip, "META-INF/LICENSE").contains("Apache License"));
      assertTrue(text(zip, "META-INF/LICENSE-slf4j.txt").contains("QOS.ch"));
      assertTrue(text(zip, "META-INF/NOTICE").contains("Apache HttpClient"));
    }
  }

  @Test
  void aRevocationWithTheJarAloneWritesNothingToStandardErrorAndLeavesNoThread() throws Exception {
    try (MoonKeyEmulator moonKey = MoonKeyEmulator.start()) {
      EmulatedSession session = moonKey.createSession("user_1", "a@example.com");
      List<String> classpath =
          new ArrayList<>(
              List.of(
                  JAR.toString(),
                  location(BundledClientMain.class),
                  location(MoonKeyThreads.class)));
      Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
          .filter(entry -> Path.of(entry).getFileName().toString().startsWith("jackson-"))
          .forEach(classpath::add);
      Process process =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  String.join(File.pathSeparator, classpath),
                  BundledClientMain.class.getName(),
                  moonKey.baseUri().toString(),
                  moonKey.secretKey(),
                  session.id())
              .start();
      assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the JVM did not end");
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);

      assertEquals("", err);
      assertEquals("Revoked[status=200]\n[]\n", out);
      assertEquals(0, process.exitValue());
      assertFalse(moonKey.isActive(session.id()));
    }
  }

  /**
   * Where a test class is (BundledClientMain in this module's test classes, MoonKeyThreads in
   * moonkey-testing), not the library's classes.
   */
  private static String location(Class<?> type) throws Exception {
    return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }

  private static String text(ZipFile zip, String name) throws Exception {
    ZipEntry entry = zip.getEntry(name);
    assertTrue(entry != null, name + " missing");
    try (var in = zip.getInputStream(entry)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
