package fun.moonkey.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fun.moonkey.emulator.EmulatedSession;
import fun.moonkey.emulator.MoonKeyEmulator;
import fun.moonkey.emulator.RecordedRequest;
import fun.moonkey.revocation.SessionRevoker;
import fun.moonkey.testing.Await;
import fun.moonkey.testing.HeadlessChromium;
import fun.moonkey.testing.JettyApp;
import fun.moonkey.testing.RawHttp;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * {@code get-logout=confirm} in a real headless Chromium: a legacy page's {@code <a href="logout">}
 * leads to the page that asks, themed by the application's stylesheet under the page's policy; its
 * button logs out (MoonKey got the revocation, the browser dropped the token cookie, the {@code
 * HttpSession} is gone). Another site's page that sends the browser to the logout path, with a GET
 * or an auto-submitted POST form, logs nobody out.
 *
 * <p>The application is served as {@code http://localhost:port}, the other site as {@code
 * http://127.0.0.1:port} (another host, so another site to the browser). Needs Debian's {@code
 * /usr/bin/chromium} and {@code /usr/bin/chromedriver}; without them the test fails when {@code
 * CI=true} and is skipped, with the reason printed, otherwise.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrowserConfirmLogoutTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  private MoonKeyEmulator moonKey;
  private JettyApp app;
  private ChromeDriver driver;
  private String base;
  private String otherSite;

  @BeforeAll
  void start(@TempDir Path profile) throws Exception {
    HeadlessChromium.requireOrSkip(getClass().getSimpleName());
    moonKey = MoonKeyEmulator.start();
    Map<String, String> params =
        Map.of(
            "secret-key", moonKey.secretKey(),
            "api-url", moonKey.baseUri().toString(),
            "logout-path", "/logout",
            "redirect", "/signed-out",
            "get-logout", "confirm",
            "confirm-stylesheet", "/theme.css");
    app = JettyApp.create("/").filter(LogoutFilter.class, "/*", params);
    for (String page : List.of("/signin", "/home", "/me", "/signed-out", "/theme.css", "/evil")) {
      app.servlet(new Pages(), page);
    }
    app.start();
    int port = app.uri("/").getPort();
    base = "http://localhost:" + port;
    otherSite = "http://127.0.0.1:" + port;
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
  void forgetCookies() {
    driver.get(base + "/me");
    driver.manage().deleteAllCookies();
  }

  @Test
  void linkLeadsToThePageWhoseButtonLogsOut() throws Exception {
    EmulatedSession session = moonKey.createSession("user_link", "a@example.com");
    String jsession = signIn(session);
    driver.get(base + "/home");

    driver.findElement(By.id("logout-link")).click();
    await(d -> "Log out?".equals(d.getTitle()));

    assertEquals(base + "/logout", driver.getCurrentUrl());
    assertTrue(moonKey.isActive(session.id()), "the GET logged nobody out");
    assertEquals(List.of("JSESSIONID", "session_token"), storedCookieNames());
    // The inline style runs under the page's policy, and the application's stylesheet themes it.
    assertEquals(
        "rgba(10, 125, 51, 1)",
        driver.findElement(By.id("moonkey-logout-confirm")).getCssValue("background-color"));

    driver.findElement(By.id("moonkey-logout-confirm")).click();
    await(d -> d.getCurrentUrl().equals(base + "/signed-out"));

    List<RecordedRequest> deletes = moonKey.requests(SessionRevoker.DELETE_PATH);
    assertEquals(1, deletes.size());
    assertEquals(Map.of("session_token", session.token()), deletes.get(0).jsonBody());
    assertFalse(moonKey.isActive(session.id()));
    assertEquals(List.of(), storedCookieNames());
    assertEquals(401, statusWith(jsession), "the HttpSession was invalidated");
  }

  @Test
  void anotherSitesGetOrPostingFormLogsNobodyOut() throws Exception {
    EmulatedSession session = moonKey.createSession("user_csrf", "b@example.com");
    String jsession = signIn(session);
    int deletesBefore = moonKey.requestCount(SessionRevoker.DELETE_PATH);

    driver.get(otherSite + "/evil?method=get&target=" + base + "/logout");
    await(d -> "Log out?".equals(d.getTitle()));
    driver.get(otherSite + "/evil?method=post&target=" + base + "/logout");
    await(d -> d.getCurrentUrl().equals(base + "/logout") && d.getTitle().isEmpty());

    assertEquals(
        "Logout refused", driver.findElement(By.tagName("body")).getText().strip(), "the 403");
    assertEquals(deletesBefore, moonKey.requestCount(SessionRevoker.DELETE_PATH));
    assertTrue(moonKey.isActive(session.id()));
    assertEquals(List.of("JSESSIONID", "session_token"), storedCookieNames());
    assertEquals(200, statusWith(jsession));
  }

  /** Waits until the browser shows what {@code condition} looks for. */
  private void await(Predicate<ChromeDriver> condition) throws InterruptedException {
    Await.until(
        WAIT,
        () -> condition.test(driver),
        () -> "the browser is at " + driver.getCurrentUrl() + ", titled " + driver.getTitle());
  }

  /** Signs the browser in; the {@code HttpSession}'s id. */
  private String signIn(EmulatedSession session) {
    driver.get(base + "/signin?token=" + session.token());
    return driver.manage().getCookieNamed("JSESSIONID").getValue();
  }

  private int statusWith(String jsession) throws IOException {
    return RawHttp.request("GET", URI.create(base + "/me"))
        .cookie("JSESSIONID", jsession)
        .send()
        .status();
  }

  /** The names of every cookie in the browser's store, sorted. */
  @SuppressWarnings("unchecked")
  private List<String> storedCookieNames() {
    Map<String, Object> result = driver.executeCdpCommand("Storage.getCookies", Map.of());
    TreeSet<String> names = new TreeSet<>();
    for (Map<String, Object> cookie : (List<Map<String, Object>>) result.get("cookies")) {
      names.add((String) cookie.get("name"));
    }
    return List.copyOf(names);
  }

  /**
   * The application's pages ({@code /signin}, {@code /home}, {@code /me}, {@code /signed-out},
   * {@code /theme.css}) and the other site's ({@code /evil}, which sends the browser to {@code
   * target} with a form of {@code method}, submitted by script).
   */
  static final class Pages extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      switch (request.getServletPath()) {
        case "/signin" -> {
          String token = request.getParameter("token");
          request.getSession(true).setAttribute(JettyApp.TOKEN_ATTRIBUTE, token);
          response.addHeader(
              "Set-Cookie", "session_token=" + token + "; Path=/; HttpOnly; SameSite=Lax");
          html(response, "<title>signed in</title><p>signed in");
        }
        case "/home" ->
            html(
                response,
                "<title>Home</title><p>Welcome <a id=\"logout-link\" href=\"logout\">Log out</a>");
        case "/me" -> {
          HttpSession session = request.getSession(false);
          response.setStatus(
              session != null && session.getAttribute(JettyApp.TOKEN_ATTRIBUTE) != null
                  ? 200
                  : 401);
        }
        case "/signed-out" -> html(response, "<title>Signed out</title><p>Signed out");
        case "/theme.css" -> {
          response.setContentType("text/css");
          response.getWriter().write(":root{--moonkey-accent:#0a7d33}");
        }
        case "/evil" -> {
          // The target is a test constant; the method is get or post.
          String method = request.getParameter("method").equals("post") ? "post" : "get";
          html(
              response,
              "<title>Win a prize</title><form method=\""
                  + method
                  + "\" action=\""
                  + request.getParameter("target")
                  + "\"></form><script>document.forms[0].submit()</script>");
        }
        default -> response.sendError(404);
      }
    }

    private static void html(HttpServletResponse response, String body) throws IOException {
      response.setContentType("text/html;charset=UTF-8");
      response.getWriter().write("<!doctype html><html lang=\"en\">" + body);
    }
  }
}
