package fun.moonkey.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import fun.moonkey.emulator.MoonKeyEmulator;
import fun.moonkey.revocation.SessionRevoker;
import fun.moonkey.testing.HeadlessChromium;
import fun.moonkey.testing.JettyApp;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;

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

  @Test
  void hostPrefixedAndPartitionedCookiesAreGoneAfterLogout(@TempDir Path profile) throws Exception {
    HeadlessChromium.requireOrSkip(getClass().getSimpleName());
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
        ChromeDriver driver = HeadlessChromium.start(profile);
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
        }
      }
    }
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
}
