package fun.moonkey.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import fun.moonkey.emulator.MoonKeyEmulator;
import fun.moonkey.revocation.SessionRevoker;
import fun.moonkey.testing.JettyApp;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real headless Chromium shows that a {@code __Host-} cookie and a {@code Partitioned} cookie are
 * really gone after logout: the browser no longer sends them, and its cookie store no longer holds
 * them. Chromium treats {@code http://localhost} as a secure context, so {@code Secure} cookies can
 * be set there.
 *
 * <p>Needs Debian's {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver}; without them the
 * test fails when {@code CI=true} and is skipped, with the reason printed, otherwise.
 */
class BrowserCookieDeletionTest {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  /** Held so that its level is not lost to garbage collection; see the static block. */
  private static final java.util.logging.Logger CDP_VERSION_FINDER =
      java.util.logging.Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

  @Test
  void hostPrefixedAndPartitionedCookiesAreGoneAfterLogout(@TempDir Path profile) throws Exception {
    requireChromium();
    try (MoonKeyEmulator moonKey = MoonKeyEmulator.start()) {
      Map<String, String> params =
          Map.of(
              "secret-key",
              moonKey.secretKey(),
              "api-url",
              moonKey.baseUri().toString(),
              "logout-path",
              "/logout",
              "expire-cookies",
              "__Host-sid,chips;path=/;samesite=None;partitioned,session_token;path=/");
      try (JettyApp app =
          JettyApp.create("/")
              .servlet(new SetCookies(), "/set")
              .servlet(new EchoCookies(), "/echo")
              .filter(LogoutFilter.class, "/*", params)
              .start()) {
        String base = "http://localhost:" + app.uri("/").getPort();
        ChromeDriverService service =
            new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withLogFile(profile.resolve("chromedriver.log").toFile())
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--user-data-dir=" + Files.createDirectories(profile.resolve("user-data")));
        ChromeDriver driver = new ChromeDriver(service, options);
        try {
          driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
          driver.get(base + "/set");
          assertEquals(
              "__Host-sid=h1; chips=p1; keep=k1; session_token=tok-browser",
              sentCookies(driver, base));
          assertEquals(
              List.of("__Host-sid", "chips", "keep", "session_token"), storedCookieNames(driver));

          Object status =
              ((JavascriptExecutor) driver)
                  .executeAsyncScript(
                      "const done = arguments[arguments.length - 1];"
                          + "fetch('/logout', {method: 'POST', credentials: 'same-origin',"
                          + " redirect: 'manual'}).then(r => done(r.type + ' ' + r.status),"
                          + " e => done('error ' + e));");

          assertEquals("opaqueredirect 0", status, "the browser saw the 303");
          assertEquals("keep=k1", sentCookies(driver, base));
          assertEquals(List.of("keep"), storedCookieNames(driver));
          assertEquals(1, moonKey.requestCount(SessionRevoker.DELETE_PATH));
        } finally {
          driver.quit();
          service.stop();
        }
      }
    }
  }

  private static void requireChromium() {
    List<String> missing = new ArrayList<>();
    for (Path p : List.of(CHROMIUM, CHROMEDRIVER)) {
      if (!Files.isExecutable(p)) {
        missing.add(p.toString());
      }
    }
    if (missing.isEmpty()) {
      return;
    }
    String reason =
        "Chromium test needs "
            + String.join(" and ", missing)
            + ": apt-get install -y --no-install-recommends chromium chromium-driver";
    if ("true".equals(System.getenv("CI"))) {
      fail(reason);
    }
    System.out.println(
        "SKIPPED " + BrowserCookieDeletionTest.class.getSimpleName() + ": " + reason);
    Assumptions.abort(reason);
  }

  /** The {@code Cookie} header the browser sends, as the server received it, names sorted. */
  private static String sentCookies(ChromeDriver driver, String base) {
    driver.get(base + "/echo");
    String text = driver.findElement(org.openqa.selenium.By.tagName("body")).getText().strip();
    return String.join("; ", new TreeSet<>(List.of(text.split("; "))));
  }

  /** The names of every cookie in the browser's store, partitioned ones included, sorted. */
  @SuppressWarnings("unchecked")
  private static List<String> storedCookieNames(ChromeDriver driver) {
    Map<String, Object> result = driver.executeCdpCommand("Storage.getCookies", Map.of());
    TreeSet<String> names = new TreeSet<>();
    for (Map<String, Object> cookie : (List<Map<String, Object>>) result.get("cookies")) {
      names.add((String) cookie.get("name"));
    }
    return List.copyOf(names);
  }

  /** Sets the cookies the way an application would have at sign-in. */
  static final class SetCookies extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      resp.addHeader("Set-Cookie", "__Host-sid=h1; Path=/; Secure; HttpOnly; SameSite=Lax");
      resp.addHeader(
          "Set-Cookie", "chips=p1; Path=/; Secure; HttpOnly; SameSite=None; Partitioned");
      resp.addHeader("Set-Cookie", "session_token=tok-browser; Path=/; HttpOnly; SameSite=Lax");
      resp.addHeader("Set-Cookie", "keep=k1; Path=/; SameSite=Lax");
      resp.setContentType("text/html;charset=UTF-8");
      resp.getWriter().write("<!doctype html><title>set</title><p>set</p>");
    }
  }

  /** Shows the {@code Cookie} header received. */
  static final class EchoCookies extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      String cookie = req.getHeader("Cookie");
      resp.setContentType("text/plain;charset=UTF-8");
      resp.getWriter().write(cookie == null ? "" : cookie);
    }
  }

  static {
    // Selenium Manager must not try to download anything: the paths are explicit.
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
    // executeCdpCommand sends raw CDP and needs no version-matched selenium-devtools module;
    // Selenium would still warn on every start that it found none for this Chromium.
    CDP_VERSION_FINDER.setLevel(java.util.logging.Level.SEVERE);
  }
}
