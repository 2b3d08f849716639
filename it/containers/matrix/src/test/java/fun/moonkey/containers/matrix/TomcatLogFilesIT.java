package fun.moonkey.containers.matrix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fun.moonkey.containers.Jdks;
import fun.moonkey.containers.Launch;
import fun.moonkey.containers.TomcatServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Where a stopped start is written on a Tomcat that keeps its own {@code conf/logging.properties}
 * (the matrix's Tomcats log everything to the console instead), since docs/deploy-tomcat.md sends
 * users there: the console and {@code logs/catalina.<date>.log} carry the failure and its cause,
 * and {@code logs/localhost.<date>.log} does not.
 */
class TomcatLogFilesIT {

  /** The library's message for the bad WAR's {@code timeout} init-param. */
  private static final String CAUSE =
      "MoonKey LogoutFilter 'moonkey-logout': moonkey.timeout: expected a duration like 5s or"
          + " 500ms, got '5 seconds' (from filter init-param 'timeout')";

  private static final String SCI_FAILED = "Error during ServletContainerInitializer processing";
  private static final String START_FAILED =
      "Context [/bad-value] startup failed due to previous errors";
  private static final String OURS = "MoonKey stops the start of /bad-value: " + CAUSE;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"tomcat10", "tomcat11"})
  void withTomcatsOwnLoggingTheCauseIsOnTheConsoleAndInTheCatalinaLog(String name)
      throws Exception {
    Path home = MatrixSettings.server(name + "-home");
    Launch launch =
        new Launch(
            name + "-logs",
            MatrixSettings.workDir(name + "-logs"),
            Jdks.current(),
            home,
            Map.of("bad-value", MatrixSettings.war("war-webxml-bad-value")),
            Map.of(
                "MOONKEY_SECRET_KEY", "sk_test_logs",
                "MOONKEY_API_URL", "http://127.0.0.1:9"),
            List.of());
    try (TomcatServer tomcat =
        TomcatServer.start(
            launch, Map.of("conf/logging.properties", home.resolve("conf/logging.properties")))) {
      tomcat.process().awaitLog(START_FAILED, TomcatServer.START_TIMEOUT);
      String console = tomcat.process().log();
      for (String text : List.of(SCI_FAILED, CAUSE, OURS, START_FAILED)) {
        assertTrue(console.contains(text), "the console has: " + text);
      }

      Path logs = launch.base().resolve("logs");
      // Tomcat's file handlers write asynchronously.
      String catalina = awaitFileWith(logs, "catalina.", CAUSE);
      for (String text : List.of(SCI_FAILED, CAUSE, OURS, START_FAILED)) {
        assertTrue(catalina.contains(text), "catalina.<date>.log has: " + text);
      }
      String localhost = read(logs, "localhost.");
      assertFalse(localhost.contains(CAUSE), "localhost.<date>.log:\n" + localhost);
      assertEquals(-1, localhost.indexOf("moonkey"), "localhost.<date>.log:\n" + localhost);
    }
  }

  /** The content of {@code logs/<prefix><date>.log} once it holds {@code text}. */
  private static String awaitFileWith(Path logs, String prefix, String text) throws IOException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    String content = read(logs, prefix);
    while (!content.contains(text) && System.nanoTime() < deadline) {
      LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
      content = read(logs, prefix);
    }
    return content;
  }

  /** The {@code logs/<prefix><date>.log} files (two across midnight) as one; {@code ""} if none. */
  private static String read(Path logs, String prefix) throws IOException {
    StringBuilder content = new StringBuilder();
    try (Stream<Path> files = Files.list(logs)) {
      for (Path file :
          files
              .filter(f -> f.getFileName().toString().startsWith(prefix))
              .filter(f -> f.getFileName().toString().endsWith(".log"))
              .sorted()
              .toList()) {
        content.append(Files.readString(file, StandardCharsets.UTF_8));
      }
    }
    return content.toString();
  }
}
