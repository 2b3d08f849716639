package fun.moonkey.sample.it;

import fun.moonkey.containers.Jdks;
import fun.moonkey.testing.HeadlessChromium;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The scenario on Payara Micro 6 (Jakarta EE 10) on the JDK running the tests (17), then the
 * browser flows of {@link BrowserFlows} in a real headless Chromium against the same running
 * Payara: another tab following a logout (BroadcastChannel), a logout link's confirmation page
 * ({@code get-logout=confirm}) and "Your devices" ({@code sessions-api}), among others. Screenshots
 * go to {@code target/it/payara-micro6-browser/}. Without Chromium the browser tests are skipped
 * (failed under {@code CI=true}) with the reason printed, and the scenario still runs.
 */
class PayaraMicro6IT extends PayaraContainerTest {

  private BrowserFlows flows;

  @Override
  String name() {
    return "payara-micro6";
  }

  @Override
  Path jar() {
    return TestSettings.file("sample.payara6-jar");
  }

  @Override
  String java() {
    return Jdks.current();
  }

  /** The browser, started at the first browser test (not in @BeforeAll: see the class doc). */
  private BrowserFlows flows() throws IOException {
    HeadlessChromium.requireOrSkip(getClass().getSimpleName());
    if (flows == null) {
      flows =
          BrowserFlows.start(
              payara.base(CONTEXT), moonKey, TestSettings.workDir(name() + "-browser"));
    }
    return flows;
  }

  /** Runs before the superclass's, which stops Payara. */
  @AfterAll
  void quitBrowser() {
    if (flows != null) {
      flows.close();
    }
  }

  @Test
  void signInThenConfirmedLogoutRemovesBothCookiesAndTheSession() throws Exception {
    flows().signInThenConfirmedLogoutRemovesBothCookiesAndTheSession();
  }

  @Test
  void editorWarnsAboutUnsavedChangesBeforeLoggingOut() throws Exception {
    flows().editorWarnsAboutUnsavedChangesBeforeLoggingOut();
  }

  @Test
  void logOutEverywhereEndsTheSessionOfTheOtherBrowser() throws Exception {
    flows().logOutEverywhereEndsTheSessionOfTheOtherBrowser();
  }

  @Test
  void anotherTabLeavesItsSignedInPageAtOnceWhenOneLogsOut() throws Exception {
    flows().anotherTabLeavesItsSignedInPageAtOnceWhenOneLogsOut();
  }

  @Test
  void aLogoutLinkShowsThePageThatAsksAndItsButtonLogsOut() throws Exception {
    flows().aLogoutLinkShowsThePageThatAsksAndItsButtonLogsOut();
  }

  @Test
  void yourDevicesListsBothBrowsersAndEndsTheOther() throws Exception {
    flows().yourDevicesListsBothBrowsersAndEndsTheOther();
  }
}
