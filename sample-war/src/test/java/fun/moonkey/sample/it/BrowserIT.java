package fun.moonkey.sample.it;

import fun.moonkey.containers.Jdks;
import fun.moonkey.containers.Launch;
import fun.moonkey.containers.TomcatServer;
import fun.moonkey.emulator.MoonKeyEmulator;
import fun.moonkey.testing.HeadlessChromium;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The sample in a real Tomcat 11 (a separate process) driven by a real headless Chromium: every
 * flow of {@link BrowserFlows}. Sign in through the demo sign-in page against the emulator, see
 * "Welcome", log out with confirmation, land on the redirect target, then check through the browser
 * itself that the {@code session_token} and session cookies are gone and {@code /api/me} answers
 * 401; "Log out everywhere"; another tab following a logout; a logout link's confirmation page;
 * "Your devices". A screenshot of each step goes to {@code target/it/browser/}.
 *
 * <p>Uses Debian's {@code chromium} and {@code chromium-driver} at fixed paths, so Selenium Manager
 * downloads nothing. When they are missing the test fails under {@code CI=true} and is skipped,
 * with the reason printed, otherwise.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrowserIT {

  MoonKeyEmulator moonKey;
  TomcatServer tomcat;
  BrowserFlows flows;

  @BeforeAll
  void start() throws Exception {
    HeadlessChromium.requireOrSkip(getClass().getSimpleName());
    moonKey = MoonKeyEmulator.start();
    tomcat =
        TomcatServer.start(
            new Launch(
                "tomcat11-browser",
                TestSettings.workDir("tomcat11-browser"),
                Jdks.current(),
                TestSettings.file("sample.tomcat11-home"),
                Map.of("sample", TestSettings.war()),
                Map.of(
                    "MOONKEY_API_URL", moonKey.baseUri().toString(),
                    "MOONKEY_SECRET_KEY", moonKey.secretKey()),
                List.of("-Dsample.emulator-url=" + moonKey.baseUri())));
    tomcat.awaitReady("sample", "api/me", status -> status == 401, TomcatServer.START_TIMEOUT);
    Timings.record("tomcat11 (browser test)", tomcat.process().startupTime());

    flows = BrowserFlows.start(tomcat.base("sample"), moonKey, TestSettings.workDir("browser"));
  }

  @AfterAll
  void stop() {
    if (flows != null) {
      flows.close();
    }
    if (tomcat != null) {
      tomcat.close();
    }
    if (moonKey != null) {
      moonKey.close();
    }
  }

  @Test
  void signInThenConfirmedLogoutRemovesBothCookiesAndTheSession() throws Exception {
    flows.signInThenConfirmedLogoutRemovesBothCookiesAndTheSession();
  }

  @Test
  void editorWarnsAboutUnsavedChangesBeforeLoggingOut() throws Exception {
    flows.editorWarnsAboutUnsavedChangesBeforeLoggingOut();
  }

  @Test
  void logOutEverywhereEndsTheSessionOfTheOtherBrowser() throws Exception {
    flows.logOutEverywhereEndsTheSessionOfTheOtherBrowser();
  }

  @Test
  void anotherTabLeavesItsSignedInPageAtOnceWhenOneLogsOut() throws Exception {
    flows.anotherTabLeavesItsSignedInPageAtOnceWhenOneLogsOut();
  }

  @Test
  void aLogoutLinkShowsThePageThatAsksAndItsButtonLogsOut() throws Exception {
    flows.aLogoutLinkShowsThePageThatAsksAndItsButtonLogsOut();
  }

  @Test
  void yourDevicesListsBothBrowsersAndEndsTheOther() throws Exception {
    flows.yourDevicesListsBothBrowsersAndEndsTheOther();
  }
}
