package fun.moonkey.sample.it;

import fun.moonkey.containers.Launch;
import fun.moonkey.containers.PayaraMicroServer;
import fun.moonkey.emulator.MoonKeyEmulator;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The {@code payara} flavour of the sample WAR (the server's Jersey) in Payara Micro, a separate
 * process, against a MoonKey emulator in this JVM, launched as {@link BrowserIT} launches Tomcat
 * (the same environment and {@code -Dsample.emulator-url}), so that the browser flows can run on it
 * too.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PayaraContainerTest {

  static final String CONTEXT = "sample";

  MoonKeyEmulator moonKey;
  PayaraMicroServer payara;

  abstract String name();

  abstract Path jar();

  /** The {@code java} launcher to run this Payara with. */
  abstract String java();

  @BeforeAll
  void start() throws Exception {
    String java = java();
    moonKey = MoonKeyEmulator.start();
    payara =
        PayaraMicroServer.start(
            new Launch(
                name(),
                TestSettings.workDir(name()),
                java,
                jar(),
                Map.of(CONTEXT, TestSettings.payaraWar()),
                Map.of(
                    "MOONKEY_API_URL", moonKey.baseUri().toString(),
                    "MOONKEY_SECRET_KEY", moonKey.secretKey()),
                // As BrowserIT starts Tomcat: the sign-in page offers the demo sign-in.
                List.of("-Dsample.emulator-url=" + moonKey.baseUri())),
            Map.of());
    payara.awaitReady(CONTEXT, "api/me", status -> status == 401, PayaraMicroServer.START_TIMEOUT);
    Timings.record(name(), payara.process().startupTime());
  }

  @AfterAll
  void stop() {
    if (payara != null) {
      payara.close();
    }
    if (moonKey != null) {
      moonKey.close();
    }
  }

  @Test
  void signInThenLogOutThroughFilterAndResource() throws Exception {
    new SignInLogoutScenario(payara.base(CONTEXT), moonKey).run();
  }
}
