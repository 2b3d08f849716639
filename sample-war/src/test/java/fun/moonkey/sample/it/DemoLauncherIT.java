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
import fun.moonkey.credential.Credential;
import fun.moonkey.testing.HeadlessChromium;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The README's first command, minus Maven: the dev launcher started as its own process with the
 * class path and arguments {@code -Pdemo} gives it, on a free port and with no {@code
 * MOONKEY_API_URL}, serves the sample against its own emulator, and the whole cycle works: demo
 * sign-in at the emulator, {@code /api/session}, {@code /api/me}, {@code POST /api/logout}, {@code
 * /api/me} 401. Each call MoonKey received is a console line with MoonKey's answer and the
 * credential hashed, and the pages' "What MoonKey received" panel lists it; a port that is taken
 * stops the launcher at once with one line and exit status 1.
 */
class DemoLauncherIT {

  private static final Pattern EMULATOR =
      Pattern.compile("MoonKey emulator: (http://127\\.0\\.0\\.1:\\d+)");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(20);

  @Test
  void servesTheSampleAgainstItsOwnEmulator() throws Exception {
    int port = Ports.free();
    try (ContainerProcess demo = start("demo", launcher(""), port)) {
      URI base = URI.create("http://localhost:" + port + "/");
      demo.awaitReady(base.resolve("api/me"), status -> status == 401, Duration.ofSeconds(90));
      Timings.record("demo (embedded Tomcat 11)", demo.startupTime());
      demo.awaitLog("Ctrl+C stops it.", Duration.ofSeconds(10));
      String emulatorUrl = emulatorUrl(demo);
      String journal = emulatorUrl + "/_emulator/requests";
      assertTrue(demo.log().contains("\nWhat it received: " + journal + "\n"), demo.log());

      CookieClient browser = new CookieClient();
      assertEquals(
          "{\"emulator_url\":\"" + emulatorUrl + "\"}",
          browser.get(base.resolve("api/demo")).body());
      JsonNode created = createSession(emulatorUrl, "ada@example.com");
      String token = created.get("session_token").textValue();
      String sessionId = created.get("session_id").textValue();
      HttpResponse<String> signIn =
          browser.post(
              base.resolve("api/session"),
              "application/json",
              "{\"session_token\":\"" + token + "\"}",
              "application/json");
      assertEquals(200, signIn.statusCode(), signIn.body());
      assertEquals(200, browser.get(base.resolve("api/me")).statusCode());

      HttpResponse<String> logout =
          browser.post(base.resolve("api/logout"), null, "", "application/json");
      assertEquals(200, logout.statusCode(), logout.body());
      assertEquals("{\"success\": true}", logout.body());
      assertEquals(401, browser.get(base.resolve("api/me")).statusCode());
      assertEquals(200, browser.get(base).statusCode());

      // One console line per call, credentials as the library's own short hash.
      String delete = "DELETE /v1/auth/sessions/delete session_id#" + Credential.hashOf(sessionId);
      demo.awaitLog("MoonKey received " + delete + " -> 200\n", WAIT);
      demo.awaitLog(
          "MoonKey received POST /v1/auth/sessions/verify session_token#"
              + Credential.hashOf(token)
              + " -> 200\n",
          WAIT);
      for (String secret : List.of(token, sessionId, created.get("session_jwt").textValue())) {
        assertFalse(demo.log().contains(secret), "a credential in clear in the demo's output");
      }
      assertFalse(demo.log().contains("MoonKey received POST /_emulator/"), demo.log());

      // The panel's source: newest first, with MoonKey's answer.
      JsonNode calls = JSON.readTree(browser.get(base.resolve("_demo/moonkey-calls")).body());
      assertEquals(journal, calls.get("journal").textValue());
      assertEquals(
          JSON.readTree("{\"request\":\"" + delete + "\",\"status\":200}"),
          withoutTime(calls.get("calls").get(0)));

      // The emulator's own journal, as the banner names it, lists the same DELETE.
      JsonNode received = JSON.readTree(new CookieClient().get(URI.create(journal)).body());
      assertTrue(
          StreamSupport.stream(received.spliterator(), false)
              .anyMatch(
                  r ->
                      r.get("method").textValue().equals("DELETE")
                          && r.get("path").textValue().equals("/v1/auth/sessions/delete")
                          && ("session_id#" + Credential.hashOf(sessionId))
                              .equals(r.get("credential").textValue())),
          received.toString());
    }
  }

  @Test
  void pagesShowWhatMoonKeyReceivedWithItsAnswers() throws Exception {
    HeadlessChromium.requireOrSkip(getClass().getSimpleName());
    int port = Ports.free();
    Path shots = TestSettings.workDir("demo-browser");
    WorkDirs.deleteTree(shots);
    Files.createDirectories(shots);
    try (ContainerProcess demo = start("demo-panel", launcher(""), port)) {
      URI base = URI.create("http://localhost:" + port + "/");
      demo.awaitReady(base.resolve("api/me"), status -> status == 401, Duration.ofSeconds(90));
      demo.awaitLog("Ctrl+C stops it.", Duration.ofSeconds(10));
      JsonNode created = createSession(emulatorUrl(demo), "alan@example.com");
      String token = created.get("session_token").textValue();
      String sessionId = created.get("session_id").textValue();

      ChromeDriver browser = HeadlessChromium.start(shots, "--window-size=1200,900");
      try {
        WebDriverWait wait = new WebDriverWait(browser, WAIT);
        browser.get(base.resolve("login.html").toString());
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("demo-sign-in")));
        browser.findElement(By.id("token")).sendKeys(token);
        browser.findElement(By.cssSelector("#token-form button")).click();
        wait.until(ExpectedConditions.textToBe(By.id("welcome"), "Welcome, alan@example.com!"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("moonkey-calls")));
        assertEquals(
            List.of(
                List.of(
                    "POST /v1/auth/sessions/verify session_token#" + Credential.hashOf(token),
                    "200")),
            panelRows(browser));
        screenshot(browser, shots, "01-home-panel");

        browser.findElement(By.id("logout-button")).click();
        wait.until(ExpectedConditions.urlToBe(base.resolve("signed-out.html").toString()));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("moonkey-calls")));
        String delete =
            "DELETE /v1/auth/sessions/delete session_id#" + Credential.hashOf(sessionId);
        assertEquals(List.of(delete, "200"), panelRows(browser).get(0));
        assertEquals(
            URI.create(emulatorUrl(demo) + "/_emulator/requests").toString(),
            browser.findElement(By.id("moonkey-journal")).getDomAttribute("href"));
        screenshot(browser, shots, "02-signed-out-panel");
        demo.awaitLog("MoonKey received " + delete + " -> 200\n", WAIT);
      } finally {
        browser.quit();
      }
    }
  }

  @Test
  void stopsAtOnceWithOneLineWhenThePortIsTaken() throws Exception {
    try (ServerSocket taken = new ServerSocket(Ports.free(), 1, localhost())) {
      int port = taken.getLocalPort();
      Run run = runToEnd("demo-port-taken", launcher(""), Map.of("PORT", Integer.toString(port)));

      assertEquals(1, run.exitCode(), run.output());
      assertEquals(1, run.lines().size(), run.output());
      Matcher line =
          Pattern.compile("Port " + port + " is already in use; set PORT=(\\d+) to use another")
              .matcher(run.lines().get(0));
      assertTrue(line.matches(), run.output());
      assertTrue(Integer.parseInt(line.group(1)) > port, run.output());
    }
  }

  @Test
  void thePortPropertyWinsOverTheVariable() throws Exception {
    int other = Ports.free();
    try (ServerSocket taken = new ServerSocket(Ports.free(), 1, localhost())) {
      int port = taken.getLocalPort();
      Run run =
          runToEnd(
              "demo-port-property",
              launcher(Integer.toString(port)),
              Map.of("PORT", Integer.toString(other)));

      assertEquals(1, run.exitCode(), run.output());
      assertEquals(1, run.lines().size(), run.output());
      assertTrue(
          run.lines().get(0).startsWith("Port " + port + " is already in use; set -Dport="),
          run.output());
    }
  }

  @Test
  void endsWhenTheProcessThatStartedItEnds() throws Exception {
    // As when Maven (-Pdemo) is stopped by a signal: its child must not keep port 8080.
    int port = Ports.free();
    try (ContainerProcess shell =
        start(
            "demo-parent", List.of("sh", "-c", String.join(" ", launcher("")) + "; true"), port)) {
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

  /**
   * The launcher as {@code -Pdemo} runs it; {@code portProperty} is Maven's {@code port}, empty
   * unless {@code -Dport} was given.
   */
  private static List<String> launcher(String portProperty) {
    return List.of(
        Jdks.current(),
        "-Dport=" + portProperty,
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

  /** What a launcher that is expected to stop by itself printed, and its exit status. */
  private record Run(int exitCode, String output) {
    List<String> lines() {
      return output.lines().filter(line -> !line.isBlank()).toList();
    }
  }

  private static Run runToEnd(String name, List<String> command, Map<String, String> environment)
      throws IOException, InterruptedException {
    Path work = TestSettings.workDir(name);
    WorkDirs.deleteTree(work);
    Files.createDirectories(work);
    Path log = work.resolve("demo.log");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(work.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().putAll(environment);
    builder.environment().put("MOONKEY_API_URL", "");
    Process process = builder.start();
    try {
      assertTrue(
          process.waitFor(60, TimeUnit.SECONDS),
          "still running: " + Files.readString(log, StandardCharsets.UTF_8));
      return new Run(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    } finally {
      process.destroyForcibly();
    }
  }

  /** Where the launcher binds Tomcat. */
  private static InetAddress localhost() throws IOException {
    return InetAddress.getByName("localhost");
  }

  private static String emulatorUrl(ContainerProcess demo) {
    Matcher emulator = EMULATOR.matcher(demo.log());
    assertTrue(emulator.find(), demo.log());
    return emulator.group(1);
  }

  /** Signs a user in at the emulator, as MoonKey's own sign-in UI would. */
  private static JsonNode createSession(String emulatorUrl, String email) throws Exception {
    return JSON.readTree(
        new CookieClient()
            .post(
                URI.create(emulatorUrl + "/_emulator/sessions"),
                "application/json",
                "{\"email\":\"" + email + "\"}",
                null)
            .body());
  }

  private static JsonNode withoutTime(JsonNode call) {
    com.fasterxml.jackson.databind.node.ObjectNode copy = call.deepCopy();
    assertTrue(copy.remove("at").isTextual(), call.toString());
    return copy;
  }

  /** The panel's rows as (request, answer), newest first. */
  private static List<List<String>> panelRows(ChromeDriver browser) {
    List<List<String>> rows = new ArrayList<>();
    for (WebElement row : browser.findElements(By.cssSelector("#moonkey-calls-rows tr.call"))) {
      List<WebElement> cells = row.findElements(By.tagName("td"));
      rows.add(List.of(cells.get(1).getText(), cells.get(2).getText()));
    }
    return rows;
  }

  private static void screenshot(ChromeDriver browser, Path dir, String name) throws IOException {
    Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(shot, dir.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }
}
