package fun.moonkey.sample.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fun.moonkey.containers.WorkDirs;
import fun.moonkey.emulator.MoonKeyEmulator;
import fun.moonkey.emulator.RecordedRequest;
import fun.moonkey.emulator.Reply;
import fun.moonkey.testing.HeadlessChromium;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The sample's flows in a real headless Chromium, against the sample deployed at {@code base} in
 * whatever server a test started and the MoonKey emulator that server was configured with ({@code
 * MOONKEY_API_URL}, and {@code -Dsample.emulator-url} for the demo sign-in page). One class, so
 * that every server proves the same flows: {@link BrowserIT} runs them all on Tomcat 11, {@link
 * PayaraMicro6IT} runs them on Payara Micro 6.
 *
 * <p>The flows run in any order against one server, one emulator and one browser: each signs in a
 * user no other flow uses. Screenshots of the steps go to the directory given; the profiles of the
 * second browsers some flows start go beside it.
 */
final class BrowserFlows implements AutoCloseable {

  static final Duration WAIT = Duration.ofSeconds(20);

  private final ChromeDriver browser;
  private final URI base;
  private final MoonKeyEmulator moonKey;
  private final Path screenshots;

  /**
   * @param browser the browser the flows drive; closed by {@link #close}
   * @param base the sample, {@code http://host:port/<context>/}
   * @param moonKey the emulator the sample's server talks to
   * @param screenshots an existing directory for the screenshots
   */
  BrowserFlows(ChromeDriver browser, URI base, MoonKeyEmulator moonKey, Path screenshots) {
    this.browser = Objects.requireNonNull(browser, "browser");
    this.base = Objects.requireNonNull(base, "base");
    this.moonKey = Objects.requireNonNull(moonKey, "moonKey");
    this.screenshots = Objects.requireNonNull(screenshots, "screenshots");
  }

  /**
   * Starts a headless Chromium with its profile in {@code dir} (emptied first), which also holds
   * the screenshots. The caller has checked {@link HeadlessChromium#requireOrSkip}.
   */
  static BrowserFlows start(URI base, MoonKeyEmulator moonKey, Path dir) throws IOException {
    WorkDirs.deleteTree(dir);
    Path screenshots = Files.createDirectories(dir);
    ChromeDriver browser = HeadlessChromium.start(screenshots, "--window-size=1200,800");
    return new BrowserFlows(browser, base, moonKey, screenshots);
  }

  /** Quits the browser (and its chromedriver). */
  @Override
  public void close() {
    browser.quit();
  }

  /** A directory beside the screenshots' for a second browser's profile. */
  private Path sibling(String suffix) {
    return screenshots.resolveSibling(screenshots.getFileName() + "-" + suffix);
  }

  /**
   * Signs in through the demo page, opens the user menu, logs out through the confirmation dialog
   * while MoonKey answers after two seconds (the loading state), lands on the signed-out page with
   * no cookie left, {@code /api/me} answering 401 and one DELETE at MoonKey naming the session.
   */
  void signInThenConfirmedLogoutRemovesBothCookiesAndTheSession() throws Exception {
    WebDriverWait wait = new WebDriverWait(browser, WAIT);
    browser.get(base.resolve("login.html").toString());
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("demo-sign-in")));
    WebElement email = browser.findElement(By.id("email"));
    email.clear();
    email.sendKeys("grace@example.com");
    screenshot("01-sign-in");
    browser.findElement(By.id("sign-in")).click();

    wait.until(ExpectedConditions.textToBe(By.id("welcome"), "Welcome, grace@example.com!"));
    screenshot("02-welcome");
    browser.findElement(By.id("user-menu-button")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("user-menu")));
    assertEquals(
        List.of("Profile", "Settings", "Log out"),
        browser.findElements(By.cssSelector("#user-menu a, #user-menu button")).stream()
            .map(WebElement::getText)
            .toList());
    screenshot("02-user-menu");
    browser.findElement(By.id("user-menu-button")).click();
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("user-menu")));
    assertEquals(Set.of("JSESSIONID", "session_token"), cookieNames());
    String sessionId =
        moonKey.sessions().stream()
            .filter(session -> session.email().equals("grace@example.com"))
            .findFirst()
            .orElseThrow()
            .id();

    // MoonKey answers the revocation after two seconds, so the loading state can be seen: the
    // wait looks every 50 ms (not its default 500 ms), well within the logout's 5 s timeout.
    moonKey.enqueue(
        Reply.json(200, "{\"message\":\"Successfully deleted session\"}")
            .withDelay(Duration.ofSeconds(2)));
    wait.pollingEvery(Duration.ofMillis(50));
    browser.findElement(By.id("confirm-logout")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("logout-dialog")));
    assertEquals(
        "Are you sure you want to log out?",
        browser.findElement(By.id("logout-question")).getText());
    screenshot("03-confirm");
    browser.findElement(By.id("logout-yes")).click();
    wait.until(ExpectedConditions.textToBe(By.id("logout-yes"), "Logging out…"));
    screenshot("04-logging-out");

    wait.until(ExpectedConditions.urlToBe(base.resolve("signed-out.html").toString()));
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-link")));
    screenshot("05-signed-out");

    assertEquals(Set.of(), cookieNames(), "cookies left in the browser");
    Object status =
        ((JavascriptExecutor) browser)
            .executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                    + "fetch('api/me', {cache: 'no-store'}).then(r => done(r.status),"
                    + " e => done('failed: ' + e));");
    assertEquals(401L, status);
    browser.get(base.resolve("api/me").toString());
    assertTrue(browser.getPageSource().contains("Not signed in"), browser.getPageSource());
    screenshot("06-api-me");

    List<RecordedRequest> deletes =
        moonKey.requests("/v1/auth/sessions/delete").stream()
            .filter(delete -> sessionId.equals(delete.jsonBody().get("session_id")))
            .toList();
    assertEquals(1, deletes.size(), "one DELETE naming " + sessionId + ": " + deletes);
    assertEquals(Map.of("session_id", sessionId), deletes.get(0).jsonBody());
  }

  /** The editor's dialog warns about unsaved changes; Cancel keeps the session, Yes logs out. */
  void editorWarnsAboutUnsavedChangesBeforeLoggingOut() throws Exception {
    WebDriverWait wait = new WebDriverWait(browser, WAIT);
    browser.manage().deleteAllCookies();
    browser.get(base.resolve("login.html").toString());
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("demo-sign-in")));
    browser.findElement(By.id("sign-in")).click();
    wait.until(ExpectedConditions.textToBe(By.id("welcome"), "Welcome, ada@example.com!"));

    browser.get(base.resolve("editor.html").toString());
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("logout-button")));
    browser.findElement(By.id("note")).sendKeys("A draft that is not saved yet");
    browser.findElement(By.id("logout-button")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("logout-dialog")));
    assertEquals(
        "You have unsaved changes. They will be lost if you log out now. Log out anyway?",
        browser.findElement(By.id("logout-question")).getText());
    screenshot("11-unsaved-changes");
    browser.findElement(By.id("logout-cancel")).click();
    assertEquals(Set.of("JSESSIONID", "session_token"), cookieNames(), "Cancel keeps the session");

    browser.findElement(By.id("logout-button")).click();
    browser.findElement(By.id("logout-yes")).click();
    wait.until(ExpectedConditions.urlToBe(base.resolve("signed-out.html").toString()));
    screenshot("12-signed-out-after-form");
    assertEquals(Set.of(), cookieNames(), "cookies left in the browser");
  }

  /**
   * "Log out everywhere" in one browser ends, at MoonKey and at its next request, the session of a
   * second browser signed in as the same user.
   */
  void logOutEverywhereEndsTheSessionOfTheOtherBrowser() throws Exception {
    browser.manage().deleteAllCookies();
    Path otherDir = sibling("other");
    WorkDirs.deleteTree(otherDir);
    ChromeDriver other = HeadlessChromium.start(Files.createDirectories(otherDir));
    try {
      signIn(browser, "lin@example.com");
      signIn(other, "lin@example.com");
      List<String> sessions =
          moonKey.sessions().stream()
              .filter(session -> session.email().equals("lin@example.com"))
              .map(session -> session.id())
              .toList();
      assertEquals(2, sessions.size(), "one MoonKey session per browser: " + sessions);
      String otherSession = sessions.get(1);
      assertTrue(moonKey.isActive(otherSession));

      WebDriverWait wait = new WebDriverWait(browser, WAIT);
      wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("logout-everywhere")));
      screenshot("21-log-out-everywhere");
      browser.findElement(By.id("logout-everywhere")).click();
      wait.until(ExpectedConditions.urlToBe(base.resolve("signed-out.html").toString()));
      assertEquals(Set.of(), cookieNames(), "cookies left in the browser that logged out");

      // At MoonKey: both sessions of the user revoked, the other browser's by its id.
      for (String session : sessions) {
        assertFalse(moonKey.isActive(session), session + " still active at MoonKey");
      }
      assertEquals(
          1,
          moonKey.requests("/v1/auth/sessions/delete").stream()
              .filter(delete -> otherSession.equals(delete.jsonBody().get("session_id")))
              .count(),
          "one DELETE naming " + otherSession);

      // In the other browser: signed out at its next request, by the filter's
      // enforce-revocations, which sends it to the signed-out page and expires its cookies.
      other.navigate().refresh();
      new WebDriverWait(other, WAIT)
          .until(ExpectedConditions.urlToBe(base.resolve("signed-out.html").toString()));
      new WebDriverWait(other, WAIT)
          .until(ExpectedConditions.visibilityOfElementLocated(By.id("login-link")));
      assertEquals(
          Set.of(),
          other.manage().getCookies().stream().map(Cookie::getName).collect(Collectors.toSet()),
          "cookies left in the other browser");
      Object status =
          other.executeAsyncScript(
              "const done = arguments[arguments.length - 1];"
                  + "fetch('api/me', {cache: 'no-store'}).then(r => done(r.status),"
                  + " e => done('failed: ' + e));");
      assertEquals(401L, status);
      Files.copy(
          other.getScreenshotAs(OutputType.FILE).toPath(),
          screenshots.resolve("22-other-browser-signed-out.png"),
          StandardCopyOption.REPLACE_EXISTING);
    } finally {
      other.quit();
    }
  }

  /**
   * A logout in one tab takes another tab of the same browser, on a signed-in page, to the
   * signed-out page at once (the sample's BroadcastChannel, {@code moonkey-tabs.js}).
   */
  void anotherTabLeavesItsSignedInPageAtOnceWhenOneLogsOut() throws Exception {
    browser.manage().deleteAllCookies();
    signIn(browser, "tabs@example.com");
    String first = browser.getWindowHandle();
    String second = browser.switchTo().newWindow(WindowType.TAB).getWindowHandle();
    try {
      browser.get(base.resolve("editor.html").toString());
      new WebDriverWait(browser, WAIT)
          .until(ExpectedConditions.textToBe(By.id("welcome"), "Welcome, tabs@example.com!"));

      browser.switchTo().window(first);
      browser.findElement(By.id("confirm-logout")).click();
      browser.findElement(By.id("logout-yes")).click();
      new WebDriverWait(browser, WAIT)
          .until(ExpectedConditions.urlToBe(base.resolve("signed-out.html").toString()));

      // The other tab is only looked at: the logout's message took it to the signed-out page.
      browser.switchTo().window(second);
      new WebDriverWait(browser, WAIT)
          .pollingEvery(Duration.ofMillis(50))
          .until(ExpectedConditions.urlToBe(base.resolve("signed-out.html").toString()));
      screenshot("31-other-tab-signed-out");
    } finally {
      browser.switchTo().window(second).close();
      browser.switchTo().window(first);
    }
  }

  /**
   * A GET on {@code /logout} (an old link) only shows the page that asks ({@code
   * get-logout=confirm}); its button logs out.
   */
  void aLogoutLinkShowsThePageThatAsksAndItsButtonLogsOut() throws Exception {
    browser.manage().deleteAllCookies();
    signIn(browser, "link@example.com");
    String sessionId =
        moonKey.sessions().stream()
            .filter(session -> session.email().equals("link@example.com"))
            .findFirst()
            .orElseThrow()
            .id();

    // What an old <a href="logout"> does: a GET, which only shows the page.
    browser.get(base.resolve("logout").toString());
    WebDriverWait wait = new WebDriverWait(browser, WAIT);
    wait.until(ExpectedConditions.titleIs("Log out?"));
    screenshot("41-confirm-page");
    assertTrue(moonKey.isActive(sessionId));
    assertEquals(Set.of("JSESSIONID", "session_token"), cookieNames());

    browser.findElement(By.id("moonkey-logout-confirm")).click();
    wait.until(ExpectedConditions.urlToBe(base.resolve("signed-out.html").toString()));
    assertEquals(Set.of(), cookieNames(), "cookies left in the browser");
    assertFalse(moonKey.isActive(sessionId));
  }

  /**
   * "Your devices" ({@code sessions-api}) lists this browser and a second one signed in as the same
   * user, and ends the other's session, at MoonKey and at its next request, leaving this one.
   */
  void yourDevicesListsBothBrowsersAndEndsTheOther() throws Exception {
    browser.manage().deleteAllCookies();
    Path otherDir = sibling("devices");
    WorkDirs.deleteTree(otherDir);
    ChromeDriver other = HeadlessChromium.start(Files.createDirectories(otherDir));
    try {
      signIn(browser, "kim@example.com");
      signIn(other, "kim@example.com");
      List<String> sessions =
          moonKey.sessions().stream()
              .filter(session -> session.email().equals("kim@example.com"))
              .map(session -> session.id())
              .toList();
      assertEquals(2, sessions.size(), "one MoonKey session per browser: " + sessions);
      String mine = sessions.get(0);
      String theirs = sessions.get(1);

      WebDriverWait wait = new WebDriverWait(browser, WAIT);
      browser.findElement(By.id("devices-link")).click();
      wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("li.device"), 2));
      screenshot("31-your-devices");
      WebElement current = device(mine);
      WebElement otherDevice = device(theirs);
      assertEquals("This device", current.findElement(By.cssSelector(".badge.current")).getText());
      assertTrue(otherDevice.findElements(By.cssSelector(".badge.current")).isEmpty());
      assertTrue(current.findElements(By.cssSelector("button.end-session")).isEmpty());
      // What the emulator recorded when each browser signed in: Chromium's agent, the loopback.
      assertTrue(
          otherDevice.findElement(By.className("device-agent")).getText().contains("Chrome"),
          otherDevice.getText());
      assertTrue(otherDevice.getText().contains("127.0.0.1"), otherDevice.getText());

      otherDevice.findElement(By.cssSelector("button.end-session")).click();
      wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("li.device"), 1));
      assertEquals(
          mine, browser.findElement(By.cssSelector("li.device")).getAttribute("data-session-id"));
      assertEquals("", browser.findElement(By.id("devices-error")).getText());
      screenshot("32-other-device-signed-out");

      // At MoonKey: the other browser's session revoked by its id, this one still active.
      assertFalse(moonKey.isActive(theirs), theirs + " still active at MoonKey");
      assertTrue(moonKey.isActive(mine), mine + " revoked at MoonKey");
      assertEquals(
          List.of(Map.of("session_id", theirs)),
          moonKey.requests("/v1/auth/sessions/delete").stream()
              .map(RecordedRequest::jsonBody)
              .filter(body -> body.containsValue(theirs) || body.containsValue(mine))
              .toList());

      // The other browser is signed out of the sample at its next request (enforce-revocations).
      other.navigate().refresh();
      new WebDriverWait(other, WAIT)
          .until(ExpectedConditions.urlToBe(base.resolve("signed-out.html").toString()));
      browser.navigate().refresh();
      wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("li.device"), 1));
      assertEquals(Set.of("JSESSIONID", "session_token"), cookieNames(), "this browser stays");
    } finally {
      other.quit();
    }
  }

  private WebElement device(String sessionId) {
    return browser.findElement(By.cssSelector("li.device[data-session-id='" + sessionId + "']"));
  }

  /** Signs {@code email} in through the demo sign-in page and waits for the home page. */
  private void signIn(ChromeDriver driver, String email) {
    WebDriverWait wait = new WebDriverWait(driver, WAIT);
    driver.get(base.resolve("login.html").toString());
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("demo-sign-in")));
    WebElement field = driver.findElement(By.id("email"));
    field.clear();
    field.sendKeys(email);
    driver.findElement(By.id("sign-in")).click();
    wait.until(ExpectedConditions.textToBe(By.id("welcome"), "Welcome, " + email + "!"));
  }

  private Set<String> cookieNames() {
    return browser.manage().getCookies().stream().map(Cookie::getName).collect(Collectors.toSet());
  }

  private void screenshot(String name) throws IOException {
    Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(shot, screenshots.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }
}
