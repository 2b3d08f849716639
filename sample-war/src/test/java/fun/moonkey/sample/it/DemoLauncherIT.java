package fun.moonkey.sample.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fun.moonkey.containers.ContainerProcess;
import fun.moonkey.containers.Jdks;
import fun.moonkey.containers.Ports;
import fun.moonkey.containers.WorkDirs;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's first command, minus Maven: the dev launcher started as its own process with the
 * class path {@code -Pdemo} gives it, on a free port and with no {@code MOONKEY_API_URL}, serves
 * the sample against its own emulator, and the whole cycle works: demo sign-in at the emulator,
 * {@code /api/session}, {@code /api/me}, {@code POST /api/logout}, {@code /api/me} 401.
 */
class DemoLauncherIT {

  private static final Pattern EMULATOR =
      Pattern.compile("MoonKey emulator: (http://127\\.0\\.0\\.1:\\d+)");
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void servesTheSampleAgainstItsOwnEmulator() throws Exception {
    int port = Ports.free();
    try (ContainerProcess demo = start("demo", launcher(), port)) {
      URI base = URI.create("http://localhost:" + port + "/");
      demo.awaitReady(base.resolve("api/me"), status -> status == 401, Duration.ofSeconds(90));
      Timings.record("demo (embedded Tomcat 11)", demo.startupTime());
      demo.awaitLog("Ctrl+C stops it.", Duration.ofSeconds(10));
      Matcher emulator = EMULATOR.matcher(demo.log());
      assertTrue(emulator.find(), demo.log());
      String emulatorUrl = emulator.group(1);

      CookieClient browser = new CookieClient();
      assertEquals(
          "{\"emulator_url\":\"" + emulatorUrl + "\"}",
          browser.get(base.resolve("api/demo")).body());
      JsonNode created =
          JSON.readTree(
              new CookieClient()
                  .post(
                      URI.create(emulatorUrl + "/_emulator/sessions"),
                      "application/json",
                      "{\"email\":\"ada@example.com\"}",
                      null)
                  .body());
      HttpResponse<String> signIn =
          browser.post(
              base.resolve("api/session"),
              "application/json",
              "{\"session_token\":\"" + created.get("session_token").textValue() + "\"}",
              "application/json");
      assertEquals(200, signIn.statusCode(), signIn.body());
      assertEquals(200, browser.get(base.resolve("api/me")).statusCode());

      HttpResponse<String> logout =
          browser.post(base.resolve("api/logout"), null, "", "application/json");
      assertEquals(200, logout.statusCode(), logout.body());
      assertEquals("{\"success\": true}", logout.body());
      assertEquals(401, browser.get(base.resolve("api/me")).statusCode());
      assertEquals(200, browser.get(base).statusCode());
    }
  }

  @Test
  void endsWhenTheProcessThatStartedItEnds() throws Exception {
    // As when Maven (-Pdemo) is stopped by a signal: its child must not keep port 8080.
    int port = Ports.free();
    try (ContainerProcess shell =
        start("demo-parent", List.of("sh", "-c", String.join(" ", launcher()) + "; true"), port)) {
      shell.awaitReady(
          URI.create("http://localhost:" + port + "/api/me"),
          status -> status == 401,
          Duration.ofSeconds(90));
      ProcessHandle demo = shell.handle().children().findFirst().orElseThrow();

      shell.handle().destroyForcibly();

      demo.onExit().get(30, TimeUnit.SECONDS);
      assertFalse(demo.isAlive(), "the launcher outlived its parent");
    }
  }

  /** The launcher as {@code -Pdemo} runs it. */
  private static List<String> launcher() {
    return List.of(
        Jdks.current(),
        "-classpath",
        TestSettings.required("sample.demo-classpath"),
        "fun.moonkey.sample.dev.DemoLauncher",
        TestSettings.war().toString());
  }

  /** Starts {@code command} on {@code port} with no MoonKey settings, in a fresh work dir. */
  private static ContainerProcess start(String name, List<String> command, int port)
      throws IOException {
    Path work = TestSettings.workDir(name);
    WorkDirs.deleteTree(work);
    Files.createDirectories(work);
    return ContainerProcess.start(
        name,
        command,
        Map.of("PORT", Integer.toString(port), "MOONKEY_API_URL", "", "MOONKEY_SECRET_KEY", ""),
        work,
        work.resolve("demo.log"));
  }
}
