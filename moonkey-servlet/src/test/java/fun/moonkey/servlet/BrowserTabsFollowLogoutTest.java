package fun.moonkey.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import fun.moonkey.emulator.EmulatedSession;
import fun.moonkey.emulator.MoonKeyEmulator;
import fun.moonkey.testing.Await;
import fun.moonkey.testing.HeadlessChromium;
import fun.moonkey.testing.JettyApp;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The documented {@code BroadcastChannel} snippet (docs/browser.md; the sample's {@code
 * moonkey-tabs.js}, served here as it is) in a real headless Chromium with two windows on a
 * signed-in page: a logout in the first, by a form (the signed-out page announces it) or by {@code
 * fetch} (the script announces it after the JSON answer), makes the second leave for the signed-out
 * page by itself; the test only looks at it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrowserTabsFollowLogoutTest {

  private static final Path SNIPPET =
      Path.of("..", "sample-war", "src", "main", "webapp", "moonkey-tabs.js");

  private static final Duration WAIT = Duration.ofSeconds(10);

  private MoonKeyEmulator moonKey;
  private JettyApp app;
  private ChromeDriver driver;
  private String base;

  @BeforeAll
  void start(@TempDir Path profile) throws Exception {
    HeadlessChromium.requireOrSkip(getClass().getSimpleName());
    moonKey = MoonKeyEmulator.start();
    Map<String, String> params =
        Map.of(
            "secret-key",
            moonKey.secretKey(),
            "api-url",
            moonKey.baseUri().toString(),
            "logout-path",
            "/logout",
            "redirect",
            "/signed-out");
    app = JettyApp.create("/").filter(LogoutFilter.class, "/*", params);
    Pages pages = new Pages(Files.readString(SNIPPET, StandardCharsets.UTF_8));
    for (String page : List.of("/signin", "/home", "/signed-out", "/moonkey-tabs.js")) {
      app.servlet(pages, page);
    }
    app.start();
    base = "http://localhost:" + app.uri("/").getPort();
    driver = HeadlessChromium.start(profile);
  }

  @AfterAll
  void stop() {
    if (driver != null) {
      driver.quit();
    }
    if (app != null) {
      app.close();
    }
    if (moonKey != null) {
      moonKey.close();
    }
  }

  @BeforeEach
  void oneWindow() {
    String first = driver.getWindowHandles().iterator().next();
    for (String handle : driver.getWindowHandles()) {
      if (!handle.equals(first)) {
        driver.switchTo().window(handle).close();
      }
    }
    driver.switchTo().window(first);
  }

  @ParameterizedTest(name = "{0} logout")
  @ValueSource(strings = {"form", "fetch"})
  void theOtherWindowLeavesTheSignedInPageAtOnce(String how) throws Exception {
    EmulatedSession session = moonKey.createSession("user_" + how, "a@example.com");
    driver.get(base + "/signin?token=" + session.token());
    driver.get(base + "/home");
    String first = driver.getWindowHandle();
    String second = driver.switchTo().newWindow(WindowType.WINDOW).getWindowHandle();
    driver.get(base + "/home");
    await("Home", "the second window on the signed-in page");

    driver.switchTo().window(first);
    driver.findElement(By.id(how + "-logout")).click();
    await("Signed out", "the first window on the signed-out page");
    long loggedOut = System.nanoTime();

    driver.switchTo().window(second);
    await("Signed out", "the second window on the signed-out page");
    System.out.printf(
        "%s logout: the second window had left within %d ms of the first's landing%n",
        how, Duration.ofNanos(System.nanoTime() - loggedOut).toMillis());
    assertEquals(base + "/signed-out", driver.getCurrentUrl());
    assertFalse(moonKey.isActive(session.id()));
  }

  private void await(String title, String what) throws InterruptedException {
    Await.until(
        WAIT,
        () -> title.equals(driver.getTitle()),
        () -> what + ": at " + driver.getCurrentUrl() + ", titled " + driver.getTitle());
  }

  /**
   * A signed-in page with both logouts as the docs write them, the signed-out page, the snippet,
   * and a sign-in that keeps the token in the {@code HttpSession} and a cookie.
   */
  static final class Pages extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final String snippet;

    Pages(String snippet) {
      this.snippet = snippet;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      switch (request.getServletPath()) {
        case "/signin" -> {
          String token = request.getParameter("token");
          request.getSession(true).setAttribute(JettyApp.TOKEN_ATTRIBUTE, token);
          response.addHeader(
              "Set-Cookie", "session_token=" + token + "; Path=/; HttpOnly; SameSite=Lax");
          html(response, "<title>Signed in</title>");
        }
        case "/home" ->
            html(
                response,
                "<title>Home</title><script src=\"/moonkey-tabs.js\"></script>"
                    + "<script>moonkeyTabs.follow(\"/signed-out\");"
                    + "async function fetchLogout() {"
                    + " const response = await fetch(\"/logout\", {method: \"POST\","
                    + " credentials: \"same-origin\", headers: {Accept: \"application/json\"}});"
                    + " if ([200, 400, 500].includes(response.status)) {"
                    + " moonkeyTabs.announce(); window.location.assign(\"/signed-out\"); } }"
                    + "</script>"
                    + "<form method=\"post\" action=\"/logout\">"
                    + "<button id=\"form-logout\">Log out</button></form>"
                    + "<button id=\"fetch-logout\" onclick=\"fetchLogout()\">Log out</button>");
        case "/signed-out" ->
            html(
                response,
                "<title>Signed out</title><script src=\"/moonkey-tabs.js\"></script>"
                    + "<script>moonkeyTabs.announce();</script>");
        default -> {
          response.setContentType("text/javascript;charset=UTF-8");
          response.getWriter().write(snippet);
        }
      }
    }

    private static void html(HttpServletResponse response, String body) throws IOException {
      response.setContentType("text/html;charset=UTF-8");
      response.getWriter().write("<!doctype html><html lang=\"en\">" + body);
    }
  }
}
